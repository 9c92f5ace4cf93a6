// Flux Protocol's valuation and its three lines (engine/flux_protocol/valuation.hpp),
// every expected number worked out by hand next to its assertion.
#include "engine/flux_protocol/valuation.hpp"
#include "error_of.hpp"

#include <gtest/gtest.h>

namespace flux::flux_protocol {
namespace {

using test::error_of;

U256 e18(std::uint64_t n) { return U256(n) * U256(1'000'000'000'000'000'000ULL); }
U256 e16(std::uint64_t n) { return U256(n) * U256(10'000'000'000'000'000ULL); }
U256 e6(std::uint64_t n) { return U256(n) * U256(1'000'000); }

// 1,000 USDT supplied (6 decimals; fTokens carry the underlying's decimals, exchange
// rate 1.0) in a market whose collateral ratio is 1.25.
MarketHolding usdt_supply() { return {e6(1'000), 0, e18(1), e18(1), 6, e16(125)}; }
// 0.3 ETH owed (18 decimals) at 2,000 USD.
MarketHolding eth_debt(std::uint64_t price) { return {0, e16(30), e18(1), e18(price), 18, e16(150)}; }

TEST(FluxProtocolValuation, SupplyLimitAndBorrowValues) {
  // 1e18 x 1000e6 x 1e18 / 10^(18 + 6) = 1000e18; limit 1000e18 x 1e18 / 1.25e18 = 800e18.
  const AccountValues usdt = market_values(usdt_supply(), 0, 0);
  EXPECT_EQ(usdt, (AccountValues{e18(1'000), e18(800), 0}));
  // 2000e18 x 0.3e18 / 1e18 = 600e18.
  const AccountValues eth = market_values(eth_debt(2'000), 0, 0);
  EXPECT_EQ(eth, (AccountValues{0, 0, e18(600)}));
  const AccountValues sum = usdt + eth;
  // ratio 1000e18 x 1e18 / 600e18 = 1.666...e18: may borrow (600 <= 800), may redeem,
  // not liquidatable.
  EXPECT_TRUE(may_borrow(sum));
  EXPECT_TRUE(may_redeem(sum));
  EXPECT_FALSE(below_liquidation_line(sum));
  // Borrowing 0.15 ETH more: 2000 x 0.45 = 900 > 800.
  EXPECT_FALSE(may_borrow(usdt + market_values(eth_debt(2'000), e16(15), 0)));
  // ETH at 3,100: 930e18 owed, ratio 1000e18 x 1e18 / 930e18 = 1.0752...e18 < 1.10.
  const AccountValues crashed = usdt + market_values(eth_debt(3'100), 0, 0);
  EXPECT_EQ(crashed.borrow_value, e18(930));
  EXPECT_TRUE(below_liquidation_line(crashed));
  EXPECT_FALSE(may_redeem(crashed));
  // Redeeming 300 of the 1,000 USDT at 2,000: supply 700e18, limit 560e18 < 600e18.
  EXPECT_FALSE(may_redeem(market_values(usdt_supply(), 0, e6(300)) + eth));
}

TEST(FluxProtocolValuation, TheLinesAreInclusiveWhereTheContractSaysSo) {
  // Collateral ratio 1.05 (so the 110% and 115% lines bind before the limit).
  // Supply 1,100 against 1,000 owed: limit 1100e18 x 1e18 / 1.05e18 =
  // 1047.619...e18 >= 1000e18; ratio exactly 1.10: may borrow, not liquidatable.
  const AccountValues at_borrow_line{e18(1'100), e18(1'100) * e18(1) / e16(105), e18(1'000)};
  EXPECT_TRUE(may_borrow(at_borrow_line));
  EXPECT_FALSE(below_liquidation_line(at_borrow_line));
  EXPECT_FALSE(may_redeem(at_borrow_line));  // below 1.15
  // One unit less of supply value: ratio 1.099...: liquidatable, may not borrow.
  const AccountValues just_below{e18(1'100) - 1, e18(1'047), e18(1'000)};
  EXPECT_TRUE(below_liquidation_line(just_below));
  EXPECT_FALSE(may_borrow(just_below));
  // Exactly 1.15 with the limit above the debt: may redeem; one unit less: may not.
  EXPECT_TRUE(may_redeem({e18(1'150), e18(1'095), e18(1'000)}));
  EXPECT_FALSE(may_redeem({e18(1'150) - 1, e18(1'095), e18(1'000)}));
  // Nothing owed: redeem always; borrowing nothing divides by zero in the contract.
  EXPECT_TRUE(may_redeem({e18(1), e18(1), 0}));
  EXPECT_FALSE(below_liquidation_line({e18(1), e18(1), 0}));
  EXPECT_EQ(error_of([] { may_borrow({e18(1), e18(1), 0}); }), Error::math_error);
}

TEST(FluxProtocolValuation, RefusalsAndWhatIsNotRead) {
  MarketHolding h = usdt_supply();
  EXPECT_EQ(error_of([&] { market_values(h, 0, e6(1'000) + 1); }), Error::insufficient_balance);
  h.price = 0;
  EXPECT_EQ(error_of([&] { market_values(h, 0, 0); }), Error::price_error);
  // Nothing held or owed (all of it taken away): zeros, and the zero price is not read.
  EXPECT_EQ(market_values(h, 0, e6(1'000)), AccountValues{});
}

}  // namespace
}  // namespace flux::flux_protocol
