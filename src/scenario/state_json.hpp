// The state as a scenario sees it, as JSON: what expectations compare against and what
// `flux replay --dump` prints. Values are stored (not accrued), like Compound's
// ...Stored getters.
#pragma once

#include "engine/state.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace flux::scenario {

// cash, total_borrows, ..., supply_rate_per_block, and the configured collateral_factor,
// reserve_factor, borrow_cap, supply_cap, price and price_cap, as decimal strings; with
// governance also the market's FLUX speeds and reward indices.
nlohmann::json market_json(const State& state, MarketId market);
// liquidity and shortfall (0 and 0 when a price is missing), wallet, markets; with
// governance also votes (current), delegate (an account name, "" for none) and
// rewards_accrued (FLUX credited, not yet claimed).
nlohmann::json account_json(const State& state, AccountId account);
// A proposal's state at `block`, its tallies, blocks and eta; none if no such id.
std::optional<nlohmann::json> proposal_json(const State& state, std::uint64_t id, std::uint64_t block);
// The role holders (admin, pause_guardian, sanctions_admin) and the governor's parameters.
nlohmann::json governance_json(const State& state);
// Liquidity mining's reserve: reserve (FLUX held), funded, allocated, distributed, paid.
nlohmann::json rewards_json(const State& state);
// Every market and every account (role accounts excluded), plus the state hash; with
// governance also the governance, every proposal and the rewards reserve.
nlohmann::json state_json(const State& state);

}  // namespace flux::scenario
