#include "scenario/state_json.hpp"

#include "engine/failure.hpp"
#include "engine/interest.hpp"
#include "engine/risk.hpp"
#include "engine/state_hash.hpp"

namespace flux::scenario {
namespace {

// Rates and the exchange rate are derived values; if deriving one fails (a market
// whose reserves exceed its backing), it is shown as the error's name.
template <class F>
std::string derived(F&& compute) {
  try {
    return to_string(compute());
  } catch (const Failure& f) {
    return std::string(error_name(f.error));
  }
}

}  // namespace

nlohmann::json market_json(const State& state, MarketId id) {
  const Market& m = state.markets[id];
  const MarketBook& b = m.book;
  return {
      {"cash", to_string(b.cash)},
      {"total_borrows", to_string(b.total_borrows)},
      {"total_reserves", to_string(b.total_reserves)},
      {"total_supply", to_string(b.total_supply)},
      {"borrow_index", to_string(b.borrow_index)},
      {"exchange_rate_stored", derived([&] { return exchange_rate_stored(m.config, b); })},
      {"accrual_block", std::to_string(b.accrual_block)},
      {"borrow_rate_per_block",
       derived([&] { return borrow_rate_per_block(m.config.rate_model, b.cash, b.total_borrows, b.total_reserves); })},
      {"supply_rate_per_block", derived([&] {
         return supply_rate_per_block(m.config.rate_model, b.cash, b.total_borrows, b.total_reserves,
                                      m.config.reserve_factor);
       })},
  };
}

nlohmann::json account_json(const State& state, AccountId id) {
  const Account& a = state.accounts[id];
  Liquidity liquidity;
  try {
    liquidity = account_liquidity(BookView(state), id, a.entered_markets);
  } catch (const Failure&) {
    liquidity = {};  // a missing price: reported as 0 and 0, as the format says
  }
  nlohmann::json wallet = nlohmann::json::object();
  for (std::size_t i = 0; i < state.assets.size(); ++i)
    wallet[state.assets[i].symbol] = to_string(a.wallet_balance(static_cast<AssetId>(i)));
  nlohmann::json markets = nlohmann::json::object();
  for (std::size_t i = 0; i < state.markets.size(); ++i) {
    const auto m = static_cast<MarketId>(i);
    const Position* p = a.position(m);
    markets[state.markets[i].config.symbol] = {
        {"tokens", to_string(p ? p->tokens : U256(0))},
        {"borrow_balance_stored", to_string(borrow_balance_stored(state.markets[i].book, p))},
        {"entered", a.has_entered(m)},
    };
  }
  return {{"liquidity", to_string(liquidity.liquidity)},
          {"shortfall", to_string(liquidity.shortfall)},
          {"wallet", wallet},
          {"markets", markets}};
}

nlohmann::json state_json(const State& state) {
  nlohmann::json markets = nlohmann::json::object();
  for (std::size_t i = 0; i < state.markets.size(); ++i)
    markets[state.markets[i].config.symbol] = market_json(state, static_cast<MarketId>(i));
  nlohmann::json accounts = nlohmann::json::object();
  for (std::size_t i = 0; i < state.accounts.size(); ++i) {
    const std::string& name = state.account_names[i];
    if (!name.empty() && name.front() == '@') continue;
    accounts[name] = account_json(state, static_cast<AccountId>(i));
  }
  return {{"block", std::to_string(state.block)},
          {"state_hash", to_hex(state_hash(state))},
          {"markets", markets},
          {"accounts", accounts}};
}

}  // namespace flux::scenario
