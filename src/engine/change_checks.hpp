// Laws checked on one request's change set (journal.hpp), the way rippled's
// invariant checkers visit only the entries a transaction touched (visitEntry, then
// finalize): cheap enough to run on every transaction in the node, where the full
// checkers (invariants.hpp, over the whole state) run in tests, replay and verify.
//
// The laws, each over the changed entries only:
//   - conservation, per asset: the units it issued changed by exactly what the changed
//     wallets and the cash of the changed markets over it changed by (for the
//     governance token, together with the rewards reserve, funded - paid); per market:
//     its fToken supply changed by exactly what the changed accounts' balances did;
//   - per changed market: cash + borrows still cover the reserves, and the borrow index
//     and accrual block did not go back;
//   - per changed account: no hidden debt, every borrow is in a market it entered (so
//     liquidity counts it) and carries the index it was borrowed at;
//   - votes: each delegate's votes changed by exactly the FLUX that moved in (or was
//     delegated with) the wallets of the accounts delegating to it; a changed voter's
//     past checkpoints stay;
//   - rewards: the reserve's counters only grow and stay in order; the accounts'
//     accrued rewards plus what was paid changed by exactly what was distributed;
//     reward indices never go back.
// An entry the request did not change cannot have moved, so the sums over the change
// set are the sums over the whole state's difference: a law that held before holds
// after, or the request is refused (Error::invariant_violated) and undone. The full
// checkers (invariants.hpp) check the same laws over the whole state.
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
