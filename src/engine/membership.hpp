// Whether an account is in a market, under the state's protocol: Compound's entered
// markets, or the markets a Flux Protocol account has joined (its valuation,
// liquidation and margin call walk those). Shared by the invariants and the change
// checks, whose "no hidden debt" law holds under both.
#pragma once

#include "engine/state.hpp"

namespace flux {

bool is_in_market(const State& state, AccountId account, MarketId market);

}  // namespace flux
