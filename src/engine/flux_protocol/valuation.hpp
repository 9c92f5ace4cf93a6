// Flux Protocol's valuation of an account (docs/flux-protocol.md, "Valuation"): per
// market a supply value, a borrow limit (the supply value over the market's
// collateral ratio) and a borrow value, summed over the markets; and the three lines
// drawn on the ratio of supply value to borrow value: 110% to borrow, 115% to redeem
// or transfer, below 110% liquidatable.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <cstdint>

namespace flux::flux_protocol {

// One market's part of an account.
struct MarketHolding {
  U256 ftokens;            // the account's supply, in fTokens
  U256 debt;               // its borrow balance (accrual.hpp's borrow_balance)
  U256 exchange_rate;      // underlying per fToken, 1e18 mantissa
  U256 price;              // USD per whole token, 1e18 mantissa
  unsigned decimals = 18;  // the underlying's
  U256 collateral_ratio;   // > 1e18: the borrow limit is the supply value divided by it
};

// USD values, 1e18 mantissas.
struct AccountValues {
  U256 supply_value;  // what the supply is worth (not divided by the collateral ratio)
  U256 borrow_limit;  // supply value / collateral ratio
  U256 borrow_value;
  bool operator==(const AccountValues&) const = default;
};

// One market's values, with `add_debt` borrowed and `remove_ftokens` taken away first
// (an operation's hypothetical). Nothing held and nothing owed: zeros, and the price
// is not read. Fails with insufficient_balance when removing more fTokens than held,
// price_error for a zero price, math_error where a checked product overflows.
//   supply value = exchange rate x fTokens x price / 10^(18 + decimals)   (one truncation)
//   borrow limit = supply value x 1e18 / collateral ratio
//   borrow value = price x debt / 10^decimals
AccountValues market_values(const MarketHolding& h, const U256& add_debt, const U256& remove_ftokens);

// Adds b to a (checked).
AccountValues operator+(const AccountValues& a, const AccountValues& b);

// The lines (ratio = supply value x 1e18 / borrow value, truncated):
//   may borrow: borrow value <= borrow limit and ratio >= 1.10 (math_error when the
//     borrow value is 0: the contract divides by it);
//   may redeem or transfer fTokens: nothing borrowed, or borrow limit >= borrow value and
//     ratio >= 1.15;
//   below the liquidation line: something borrowed and ratio < 1.10.
bool may_borrow(const AccountValues& v);
bool may_redeem(const AccountValues& v);
bool below_liquidation_line(const AccountValues& v);

}  // namespace flux::flux_protocol
