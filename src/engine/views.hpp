// Read-only figures about markets and accounts for people and tools (the node's RPC,
// dashboards): what Compound's Lens contract computes off-chain. Pure functions of a
// state, from the stored books (not accrued to a later block), never changing it.
#pragma once

#include "engine/error.hpp"
#include "engine/state.hpp"

#include <optional>
#include <vector>

namespace flux {

struct MarketFigures {
  U256 exchange_rate;          // mantissa, underlying per fToken unit
  U256 utilization;            // mantissa
  U256 borrow_rate_per_block;  // mantissa
  U256 supply_rate_per_block;  // mantissa
  U256 supplied;               // underlying: total_supply * exchange_rate
};
MarketFigures market_figures(const Market& market);

struct PositionFigures {
  MarketId market = 0;
  U256 tokens;    // fTokens
  U256 supplied;  // underlying those fTokens redeem for now
  U256 borrowed;  // underlying, with interest up to the market's last accrual
  bool entered = false;
  // The market's price (effective price's unit) at which the account would reach a
  // shortfall, every other price unchanged: for a collateral position worth more to
  // the account than it owes in the same market. None when no price of this market
  // can cause a shortfall, or when the account is already short.
  std::optional<U256> liquidation_price;
};

struct AccountFigures {
  Error error = Error::ok;                 // price_error when an entered market has no price; math_error
  U256 liquidity;                          // USD * 1e18
  U256 shortfall;                          // USD * 1e18
  U256 collateral_value;                   // USD * 1e18, each entered market's value times its collateral factor
  U256 borrow_value;                       // USD * 1e18
  std::vector<PositionFigures> positions;  // every market the account holds or has entered
};
AccountFigures account_figures(const State& state, AccountId account);

// Liquidity mining (rewards.hpp), as Compound's Lens shows COMP: what the account has
// accrued as stored, and what a claim in every market at the state's block would pay
// (stored plus what bringing each market's indices and the account up to that block
// would credit; stored books, as a claim reads them). Zeros without governance.
struct RewardsFigures {
  Error error = Error::ok;  // math_error if the claimable amount cannot be computed (then it reads 0)
  U256 accrued;
  U256 claimable;
};
RewardsFigures account_rewards(const State& state, AccountId account);

}  // namespace flux
