// Conservation laws checked on one request's change set (journal.hpp), the way rippled's
// invariant checkers visit only the entries a transaction touched (visitEntry, then
// finalize): cheap enough to run on every transaction in the node, where the full
// checkers (invariants.hpp, over the whole state) run in tests, replay and verify.
//
// Each law compares what the changed entries gained and lost:
//   - per asset: the units it issued changed by exactly what the changed wallets and
//     the cash of the changed markets over it changed by (for the governance token,
//     together with the rewards reserve, funded - paid);
//   - per market: its fToken supply changed by exactly what the changed accounts' fToken
//     balances in it changed by.
// An entry the request did not change cannot have moved, so the sums over the change
// set are the sums over the whole state's difference: a law that held before holds
// after, or the request is refused (Error::invariant_violated) and undone.
#pragma once

#include "engine/journal.hpp"

#include <optional>
#include <string>

namespace flux {

struct State;

// Empty when every law holds for `changes` taking the state to `after`; otherwise what
// broke (the first law found broken), for the node's log.
std::optional<std::string> check_changes(const State& after, const ChangeSet& changes);

}  // namespace flux
