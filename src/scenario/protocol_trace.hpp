// Replaying a Flux Protocol trace (docs/flux-protocol.md, "Traces"): JSON lines
// recorded by running 01 Finance's contracts on an EVM, one call of theirs per line
// (`fUSDT.mint`, `guard.liquidate`, `app.resetCreditLoan`, `time`, ...) with the full
// state read after it. Each call becomes the engine's request, runs at the step's
// timestamp, and everything recorded is compared: success or the revert reason
// (mapped to the engine's typed error), then every market and account field.
//
// The deployment is built from the header as the reference's deployment script left
// it, under the reference's rules (every Flux fix off), so the traces replay exactly.
#pragma once

#include "engine/engine.hpp"
#include "engine/state.hpp"

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <vector>

namespace flux::scenario {

struct TraceMismatch {
  std::size_t step = 0;
  std::string call;
  std::string field;  // "ok", "error", "markets.fUSDT.cash", "accounts.bob.borrowWBTC", ...
  std::string expected;
  std::string actual;
};

struct TraceResult {
  std::size_t steps = 0;
  std::size_t reverts = 0;                // steps the reference reverted (each matched to an error)
  std::size_t fields_compared = 0;        // state fields compared, over all steps
  std::vector<TraceMismatch> mismatches;  // of the first step that differed; replay stops there
  State final_state;
  bool passed() const { return mismatches.empty(); }
};

// Called after every request the engine ran, with its outcome and the state after it.
using TraceObserver = std::function<void(const Outcome&, const State&)>;

// Throws std::runtime_error for a malformed trace (not JSON lines, no header, an
// unknown call or account).
TraceResult replay_protocol_trace(std::istream& jsonl, const TraceObserver& observer = {});

// The typed errors a reference revert reason maps to (empty: a reason this replayer
// does not know).
std::vector<Error> errors_for_reason(const std::string& reason);

}  // namespace flux::scenario
