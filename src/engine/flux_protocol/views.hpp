// What a Flux Protocol deployment shows without changing anything (the reference's
// view functions): a pool's rates and multiplier at a time, and an account's values,
// liquidation status, borrow limit and withdraw limit. Views never accrue: they read
// every pool as of its last accrual.
#pragma once

#include "engine/flux_protocol/valuation.hpp"
#include "engine/state.hpp"

namespace flux::flux_protocol {

struct PoolRates {
  U256 utilization;             // 1e18 mantissa
  U256 borrow_rate_per_second;  // with the multiplier
  U256 supply_rate_per_second;
  U256 growth;  // the escalator's multiplier at the time, 1e18 = x1
  U256 exchange_rate;
  U256 tax_rate;
};
// Fails with math_error where the reference's view reverts (a pool whose reserves
// exceed its cash, under the reference's rules).
U256 pool_growth(const State& state, MarketId market, std::uint64_t time);
U256 pool_utilization(const State& state, MarketId market);
U256 pool_borrow_rate_per_second(const State& state, MarketId market, std::uint64_t time);
U256 pool_supply_rate_per_second(const State& state, MarketId market, std::uint64_t time);
U256 pool_exchange_rate(const State& state, MarketId market);
U256 pool_tax_rate(const State& state, MarketId market);

AccountValues account_snapshot(const State& state, AccountId account);
// paused while liquidation is switched off; credit_borrower for a credit borrower.
bool liquidatable(const State& state, AccountId account);
// Underlying units the account could still borrow in the market by its limit (or its
// credit line there), ignoring the market's cash.
U256 borrow_headroom(const State& state, AccountId account, MarketId market);
// Underlying units the account could withdraw from the market, as the reference's
// getWithdrawLimit computes it (which refuses at exactly 115%, where redeem accepts).
U256 withdraw_headroom(const State& state, AccountId account, MarketId market);

}  // namespace flux::flux_protocol
