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
//   admin           faucet, list_market, every set_ except prices, reserves, unpause
//   pause guardian  pause (the admin may pause too)
//   oracle          set_price
//   compliance      KYC of any group and the sanctions list; a group's delegate its
//                   group, the sanctions admin the list
//   an asset's issuer   issue_asset, burn_asset
//   the locked supply holder   nothing at all
//   anyone          every user request
Error authorize(const State& state, const Request& request);

}  // namespace flux
