// The read-only figures the node's RPC shows (engine/views.hpp), on the shared Scene:
// every expected value is derived by hand in the comment next to it.
#include "engine/views.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux::test {
namespace {

const PositionFigures* find(const AccountFigures& f, MarketId m) {
  for (const auto& p : f.positions)
    if (p.market == m) return &p;
  return nullptr;
}

TEST(Views, MarketFiguresAtHalfUtilization) {
  Scene w;
  // fETH: cash 10, borrows 10, reserves 0, supply 20 fTokens (all e18).
  const MarketFigures f = market_figures(w.s.markets[w.f_eth]);
  EXPECT_EQ(f.exchange_rate, e18(1));    // (10 + 10 - 0) / 20
  EXPECT_EQ(f.utilization, frac(5, 1));  // 10 / (10 + 10 - 0)
  // linear model: 1e12 + 0.5 * 2e12 per block
  EXPECT_EQ(f.borrow_rate_per_block, U256(2'000'000'000'000ULL));
  // 0.5 * 2e12 * (1 - 0.1 reserve factor)
  EXPECT_EQ(f.supply_rate_per_block, U256(900'000'000'000ULL));
  EXPECT_EQ(f.supplied, e18(20));  // 20 fTokens at rate 1
}

TEST(Views, AccountFiguresAndLiquidationPrice) {
  Scene w;
  const AccountFigures f = account_figures(w.s, w.alice);
  ASSERT_EQ(f.error, Error::ok);
  // Collateral 100 fUSD * 0.5 * $1 = 50; debt 10 ETH * $2 = 20.
  EXPECT_EQ(f.collateral_value, e18(50));
  EXPECT_EQ(f.borrow_value, e18(20));
  EXPECT_EQ(f.liquidity, e18(30));
  EXPECT_EQ(f.shortfall, U256(0));
  const PositionFigures* usd = find(f, w.f_usd);
  ASSERT_NE(usd, nullptr);
  EXPECT_TRUE(usd->entered);
  EXPECT_EQ(usd->tokens, e18(100));
  EXPECT_EQ(usd->supplied, e18(100));
  // fUSD at $0.40: 100 * 0.5 * 0.4 = 20 = the debt. p * (50 - 30) / 50.
  ASSERT_TRUE(usd->liquidation_price.has_value());
  EXPECT_EQ(*usd->liquidation_price, frac(4, 1));
  const PositionFigures* eth = find(f, w.f_eth);
  ASSERT_NE(eth, nullptr);
  EXPECT_EQ(eth->borrowed, e18(10));
  EXPECT_FALSE(eth->liquidation_price.has_value());  // a debt: a price fall cannot hurt
  EXPECT_EQ(find(f, w.f_fund), nullptr);             // never touched
}

TEST(Views, LiquidationPriceIsWhereShortfallBegins) {
  Scene w;
  const AccountFigures before = account_figures(w.s, w.alice);
  const U256 edge = *find(before, w.f_usd)->liquidation_price;
  // At the computed price liquidity is exactly used up; one unit lower is short.
  w.must(SetPrice{w.oracle, w.f_usd, edge});
  AccountFigures at = account_figures(w.s, w.alice);
  EXPECT_EQ(at.liquidity, U256(0));
  EXPECT_EQ(at.shortfall, U256(0));
  w.must(SetPrice{w.oracle, w.f_usd, edge - 1});
  AccountFigures below = account_figures(w.s, w.alice);
  EXPECT_GT(below.shortfall, U256(0));
  EXPECT_FALSE(find(below, w.f_usd)->liquidation_price.has_value());  // already short
}

TEST(Views, ShortfallAfterPriceDrop) {
  Scene w;
  w.must(SetPrice{w.oracle, w.f_usd, frac(3, 1)});
  const AccountFigures f = account_figures(w.s, w.alice);
  // Collateral 100 * 0.5 * 0.3 = 15 against 20: short by 5.
  EXPECT_EQ(f.collateral_value, e18(15));
  EXPECT_EQ(f.shortfall, e18(5));
  EXPECT_EQ(f.liquidity, U256(0));
}

TEST(Views, MissingPriceIsReportedNotThrown) {
  Scene w;
  w.must(SetPrice{w.oracle, w.f_eth, 0});
  const AccountFigures f = account_figures(w.s, w.alice);
  EXPECT_EQ(f.error, Error::price_error);
  EXPECT_EQ(f.positions.size(), 2U);  // positions are still listed
}

}  // namespace
}  // namespace flux::test
