// The state as a scenario sees it, as JSON: what expectations compare against and what
// `flux replay --dump` prints. Values are stored (not accrued), like Compound's
// ...Stored getters.
#pragma once

#include "engine/state.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace flux::scenario {

// cash, total_borrows, ..., supply_rate_per_block, as decimal strings.
nlohmann::json market_json(const State& state, MarketId market);
// liquidity and shortfall (0 and 0 when a price is missing), wallet, markets.
nlohmann::json account_json(const State& state, AccountId account);
// Every market and every account (role accounts excluded), plus the state hash.
nlohmann::json state_json(const State& state);

}  // namespace flux::scenario
