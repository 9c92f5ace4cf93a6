// A proposal's actions checked whole when it is made (issue 9).
//
// A proposal executes days after it is made (voting period, then the timelock
// delay); an action that can only fail then — a cap on a market that is not listed,
// a quorum of zero, a rate model above the maximum — would waste the vote, or worse,
// sit queued while its authors believe the change is coming. So propose (the engine,
// and the node when it admits a Propose or a direct admin transaction) refuses any
// action that fails a check whose answer nothing but governance itself can change:
//   - the market exists (markets are only ever added);
//   - parameters within their fixed bounds (collateral factor, reserve factor, seize
//     share, access mode and group, governance parameters, a rate model that converts
//     and stays under the maximum rate at 100% utilization, a listing's seed that
//     mints fTokens, a listing's collateral factor with no price);
//   - bounds set by governance only: collateral factor x liquidation incentive, the
//     threshold and quorum against the voting supply, a listing's symbol unused and
//     room for another market, an upgrade to a version above the current one that
//     activates after the current block.
// Each with the error the action would get at execution, in the order its operation
// checks them (operations/*.cpp). What other transactions can change before the
// execution is left to execution: wallets (a listing's seed, fund_rewards), reserves,
// prices, the admin role (before the hand-over to the timelock), the role holders a
// revocation names, a market frozen by its rate (set_rate_model can fix it).
//
// Actions may depend on earlier actions of the same proposal: a list_market followed
// by a cap on the new market, a lower incentive followed by a higher collateral
// factor. The checks run in order over a preview of what the earlier actions set —
// the markets (their symbols and collateral factors) and the liquidation incentive —
// without executing anything, so they cost a few comparisons per action and copy
// nothing of the accounts. Another proposal's effects are not foreseen: a proposal
// must carry every change it relies on (the node resolves a market's symbol when the
// proposal is made for the same reason: docs/rpc.md).
#pragma once

#include "engine/admin_requests.hpp"
#include "engine/request.hpp"

#include <cstddef>
#include <vector>

namespace flux {

struct State;

struct ActionCheck {
  std::size_t index = 0;    // the first action that can only fail
  Error error = Error::ok;  // and why; ok when none
  bool ok() const { return error == Error::ok; }
};

ActionCheck check_proposal_actions(const State& state, const std::vector<GovernanceAction>& actions);

// For the node's admission: a Propose's actions, or a direct request of a type a
// proposal may carry (a role operation: fund_rewards, anyone's, is left out), checked
// as above; ok for any other request.
ActionCheck check_request_actions(const State& state, const Request& request);

}  // namespace flux
