// The engine's one entry point: apply a request at a block to a state.
//
// Pure: no I/O, clocks, threads or logging. A request either succeeds, changing the
// state and reporting events, or fails with one typed error and changes nothing at
// all (not even the interest accrual it started with).
#pragma once

#include "engine/error.hpp"
#include "engine/event.hpp"
#include "engine/journal.hpp"
#include "engine/request.hpp"
#include "engine/state.hpp"

#include <vector>

namespace flux {

struct Outcome {
  Error error = Error::ok;
  std::vector<Event> events;  // empty when the request failed
  // The entries of the state the request changed, each with its value before
  // (journal.hpp); empty when it failed. The node stores exactly these.
  ChangeSet changes;
  // error == action_failed (an execute): the index in the proposal of the action that
  // failed, and that action's own error. Nothing of the proposal was applied.
  std::uint32_t failed_action = 0;
  Error action_error = Error::ok;
  bool ok() const { return error == Error::ok; }
};

// Runs `request` at `block`, which must not be before state.block (block_in_past).
// At or past the activation block of a scheduled upgrade it fails with
// rule_version_unsupported if this build does not implement that version, and
// otherwise activates it first (upgrade.hpp).
Outcome apply(State& state, std::uint64_t block, const Request& request);
// The same in a block with timestamp `time` (seconds), which must not be before
// state.time (block_in_past). Under Compound's rules the time is not kept; under Flux
// Protocol's, interest accrues by it.
Outcome apply(State& state, std::uint64_t block, std::uint64_t time, const Request& request);
// The same as an engine implementing rules up to `supported` would: while this build
// implements only version 1, the way tests run the activation of a known version.
Outcome apply_with_rules(State& state, std::uint64_t block, const Request& request, std::uint32_t supported);
Outcome apply_with_rules(State& state, std::uint64_t block, std::uint64_t time, const Request& request,
                         std::uint32_t supported);

}  // namespace flux
