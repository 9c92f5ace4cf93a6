// Who may send which request: the role rules in one place.
//
// The engine checks them first, before anything else about a request, and the node
// checks them again when a transaction arrives, so that a request from an account
// without the role it needs never reaches a block.
#pragma once

#include "engine/error.hpp"
#include "engine/request.hpp"
#include "engine/state.hpp"

namespace flux {

// Error::ok, unauthorized, or unknown_asset (an asset request naming no asset).
//   admin           faucet, list_market, every set_ except prices, reserves, unpause,
//                   the roles (pause guardian, KYC group admins, sanctions admin), the
//                   governor's parameters, handing the admin role to the timelock,
//                   set_reward_speeds, scheduling a protocol rule upgrade.
//                   Once governance is installed the admin is the timelock, so all of
//                   these come only from an executed proposal.
//   pause guardian  pause only (the admin may pause too); never unpause
//   oracle          set_price
//   compliance      KYC of any group and the sanctions list; a group's delegate its
//                   group, the sanctions admin the list
//   an asset's issuer   issue_asset, burn_asset
//   the locked supply holder and the timelock   nothing at all: they hold no key
//   anyone          every user request, and delegate, propose, cast_vote, cancel,
//                   queue, execute (the governor's own rules decide), fund_rewards,
//                   claim_rewards
Error authorize(const State& state, const Request& request);

// The role rules alone, without refusing the keyless accounts: how an executed
// proposal's action, sent by the timelock, is judged.
Error authorize_role(const State& state, const Request& request);

}  // namespace flux
