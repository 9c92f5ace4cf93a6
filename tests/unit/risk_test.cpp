// The risk engine's account liquidity, worked out by hand (docs/protocol.md#account-liquidity):
//   tokensToDenom  = (collateralFactor * exchangeRate / 1e18) * price / 1e18
//   sumCollateral += tokensToDenom * tokens / 1e18
//   sumBorrow     += price * borrowBalance / 1e18 (+ the hypothetical action's terms)
#include "engine/risk.hpp"
#include "engine/failure.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::u;

// Books set directly: fUSD at exchange rate 2e18 (cash 200e18 over supply 100e18),
// collateral factor 0.5, price 1e18; fETH at exchange rate 1e18, collateral factor
// 0.75, price 3e18, borrow index 1.1e18. alice holds 100e18 fUSD and 4e18 fETH and
// owes principal 10e18 at index 1e18 in fETH (balance 10e18 * 1.1 = 11e18).
struct RiskWorld : test::World {
  RiskWorld() {
    auto& usd_m = s.markets[f_usd];
    usd_m.config.price = e18(1);
    usd_m.book.cash = e18(200);
    usd_m.book.total_supply = e18(100);
    auto& eth_m = s.markets[f_eth];
    eth_m.config.price = e18(3);
    eth_m.config.collateral_factor = frac(75, 2);
    eth_m.book.cash = e18(4);
    eth_m.book.total_supply = e18(4);
    eth_m.book.borrow_index = frac(11, 1);
    Account& a = s.accounts[alice];
    a.positions.at_or_insert(f_usd).tokens = e18(100);
    a.positions.at_or_insert(f_eth).tokens = e18(4);
    a.positions.at_or_insert(f_eth).principal = e18(10);
    a.positions.at_or_insert(f_eth).interest_index = e18(1);
  }
  std::uint64_t both() const { return (1u << f_usd) | (1u << f_eth); }
  Liquidity liquidity(std::uint64_t entered, const HypotheticalAction* action = nullptr) const {
    return account_liquidity(BookView(s), alice, entered, action);
  }
};

Error error_of(const std::function<void()>& f) {
  try {
    f();
    return Error::ok;
  } catch (const Failure& failure) {
    return failure.error;
  }
}

TEST(Risk, OneMarket) {
  RiskWorld w;
  // tokensToDenom = (0.5e18 * 2e18 / 1e18) * 1e18 / 1e18 = 1e18; collateral = 1e18 * 100e18 / 1e18
  const Liquidity l = w.liquidity(1u << w.f_usd);
  EXPECT_EQ(l.liquidity, e18(100));
  EXPECT_EQ(l.shortfall, U256(0));
}

TEST(Risk, TwoMarkets) {
  RiskWorld w;
  // fETH: tokensToDenom = (0.75e18 * 1e18 / 1e18) * 3e18 / 1e18 = 2.25e18
  //   collateral += 2.25e18 * 4e18 / 1e18 = 9e18; borrow = 3e18 * 11e18 / 1e18 = 33e18
  // liquidity = 100e18 + 9e18 - 33e18 = 76e18
  const Liquidity l = w.liquidity(w.both());
  EXPECT_EQ(l.liquidity, e18(76));
  EXPECT_EQ(l.shortfall, U256(0));
}

TEST(Risk, MarketsNotEnteredDoNotCount) {
  RiskWorld w;
  EXPECT_EQ(w.liquidity(1u << w.f_eth).shortfall, e18(24));  // 33 - 9, without the fUSD collateral
  EXPECT_EQ(w.liquidity(0).liquidity, U256(0));
  EXPECT_EQ(w.liquidity(0).shortfall, U256(0));
}

TEST(Risk, HypotheticalRedeemAndBorrow) {
  RiskWorld w;
  // Redeeming 20e18 fUSD adds 1e18 * 20e18 / 1e18 = 20e18 to the borrow side: 56e18.
  const HypotheticalAction redeem{w.f_usd, e18(20), 0};
  EXPECT_EQ(w.liquidity(w.both(), &redeem).liquidity, e18(56));
  // Borrowing 30e18 ETH adds 3e18 * 30e18 / 1e18 = 90e18: 109 - 123 = shortfall 14e18.
  const HypotheticalAction borrow{w.f_eth, 0, e18(30)};
  const Liquidity l = w.liquidity(w.both(), &borrow);
  EXPECT_EQ(l.liquidity, U256(0));
  EXPECT_EQ(l.shortfall, e18(14));
  // Both terms on one market: fETH redeem 4e18 (2.25e18 * 4 = 9e18) and borrow 1e18 (3e18):
  // 109 - 33 - 9 - 3 = 64e18.
  const HypotheticalAction both{w.f_eth, e18(4), e18(1)};
  EXPECT_EQ(w.liquidity(w.both(), &both).liquidity, e18(64));
  // An action on a market not entered changes nothing.
  const HypotheticalAction elsewhere{w.f_fund, e18(1000), e18(1000)};
  EXPECT_EQ(w.liquidity(w.both(), &elsewhere).liquidity, e18(76));
}

TEST(Risk, ExactlyZeroLiquidityIsNoShortfall) {
  RiskWorld w;
  const HypotheticalAction redeem{w.f_usd, e18(76), 0};
  const Liquidity l = w.liquidity(w.both(), &redeem);
  EXPECT_EQ(l.liquidity, U256(0));
  EXPECT_EQ(l.shortfall, U256(0));
}

TEST(Risk, EachTermTruncatesSeparately) {
  RiskWorld w;
  w.s.markets[w.f_eth].config.price = frac(15, 1);  // 1.5 USD
  auto& p = w.s.accounts[w.alice].positions.at_or_insert(w.f_eth);
  p.tokens = 0;
  p.principal = 1;
  w.s.markets[w.f_eth].book.borrow_index = e18(1);
  w.s.accounts[w.alice].positions.at_or_insert(w.f_usd).tokens = 0;
  // balance 1 wei at 1.5: 1.5e18 * 1 / 1e18 = 1; borrowing 1 more adds its own truncated
  // 1.5e18 * 1 / 1e18 = 1: shortfall 2, not floor(1.5 * 2) = 3.
  const HypotheticalAction borrow{w.f_eth, 0, 1};
  EXPECT_EQ(w.liquidity(1u << w.f_eth, &borrow).shortfall, U256(2));
}

TEST(Risk, PriceCapIsTheMinimum) {
  RiskWorld w;
  auto& config = w.s.markets[w.f_eth].config;
  EXPECT_EQ(effective_price(config), e18(3));  // cap 0: none
  config.price_cap = e18(5);
  EXPECT_EQ(effective_price(config), e18(3));  // cap above the price
  config.price_cap = e18(2);
  EXPECT_EQ(effective_price(config), e18(2));
  // tokensToDenom = 0.75 * 1 * 2 = 1.5e18: collateral 100 + 6; borrow 2 * 11 = 22: 84e18.
  EXPECT_EQ(w.liquidity(w.both()).liquidity, e18(84));
}

TEST(Risk, ZeroPriceInAnEnteredMarketIsAPriceError) {
  RiskWorld w;
  w.s.markets[w.f_fund].config.price = 0;  // entered, nothing held there
  EXPECT_EQ(error_of([&] { w.liquidity(w.both() | (1u << w.f_fund)); }), Error::price_error);
  w.s.markets[w.f_fund].config.price_cap = e18(1);  // min(0, cap) is still 0
  EXPECT_EQ(error_of([&] { w.liquidity(w.both() | (1u << w.f_fund)); }), Error::price_error);
  EXPECT_EQ(error_of([&] { w.liquidity(w.both()); }), Error::ok);  // not entered: not looked at
}

TEST(Risk, OverflowIsAMathError) {
  RiskWorld w;
  // tokensToDenom 1e18 times 2^250 tokens overflows 256 bits.
  w.s.accounts[w.alice].positions.at_or_insert(w.f_usd).tokens = U256(1) << 250;
  EXPECT_EQ(error_of([&] { w.liquidity(1u << w.f_usd); }), Error::math_error);
  // The same in a hypothetical borrow: 3e18 * 2^250.
  RiskWorld v;
  const HypotheticalAction borrow{v.f_eth, 0, U256(1) << 250};
  EXPECT_EQ(error_of([&] { v.liquidity(v.both(), &borrow); }), Error::math_error);
}

// Regression (found in review): the reference takes the account snapshot (borrow
// balance, then exchange rate) before it asks the oracle, so a snapshot that cannot be
// computed is a math_error even where the price is also missing.
TEST(Risk, SnapshotErrorsComeBeforeAMissingPrice) {
  RiskWorld w;
  // fUSD's reserves exceed cash + borrows: its exchange rate underflows. Price 0 too.
  w.s.markets[w.f_usd].book.total_reserves = e18(200) + 1;
  w.s.markets[w.f_usd].config.price = 0;
  EXPECT_EQ(error_of([&] { w.liquidity(1u << w.f_usd); }), Error::math_error);
  // A borrow balance that overflows (principal 2^250 at index 1.1e18) also comes first.
  RiskWorld v;
  v.s.accounts[v.alice].positions.at_or_insert(v.f_eth).principal = U256(1) << 250;
  v.s.markets[v.f_eth].config.price = 0;
  EXPECT_EQ(error_of([&] { v.liquidity(1u << v.f_eth); }), Error::math_error);
  // With a sound snapshot the missing price is what fails.
  RiskWorld x;
  x.s.markets[x.f_usd].config.price = 0;
  EXPECT_EQ(error_of([&] { x.liquidity(1u << x.f_usd); }), Error::price_error);
}

TEST(Risk, BookViewOverridesTheStoredBook) {
  RiskWorld w;
  MarketBook accrued_eth = w.s.markets[w.f_eth].book;
  accrued_eth.borrow_index = frac(12, 1);  // balance 10e18 * 1.2 = 12e18: borrow 36e18
  BookView view(w.s);
  view.with(w.f_eth, accrued_eth);
  EXPECT_EQ(account_liquidity(view, w.alice, w.both()).liquidity, e18(73));  // 109 - 36
  EXPECT_EQ(&view.book(w.f_usd), &w.s.markets[w.f_usd].book);
}

}  // namespace
}  // namespace flux
