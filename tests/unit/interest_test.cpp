// Interest accrual and the values derived from a market's book (CToken's formulas).
#include "engine/interest.hpp"
#include "engine/failure.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::u;

// A market with the fixture's linear model (1e12 per block base, 2e12 multiplier) and
// reserve factor 0.1.
Market market(const U256& cash, const U256& borrows, const U256& reserves, const U256& supply) {
  test::World w;
  Market m = w.s.markets[w.f_usd];
  m.book.cash = cash;
  m.book.total_borrows = borrows;
  m.book.total_reserves = reserves;
  m.book.total_supply = supply;
  return m;
}

TEST(Interest, ExchangeRateStored) {
  // No supply: the initial rate.
  EXPECT_EQ(exchange_rate_stored(market(e18(5), 0, 0, 0).config, market(e18(5), 0, 0, 0).book), e18(1));
  // (10 + 5 - 1) * 1e18 / 3 = 4666666666666666666 (truncated)
  const Market m = market(10, 5, 1, 3);
  EXPECT_EQ(exchange_rate_stored(m.config, m.book), u("4666666666666666666"));
  // Reserves above cash + borrows: math_error.
  const Market bad = market(1, 1, 3, 1);
  EXPECT_THROW((void)exchange_rate_stored(bad.config, bad.book), Failure);
}

TEST(Interest, BorrowBalanceStored) {
  MarketBook book;
  book.borrow_index = u("1100000000000000000");
  EXPECT_EQ(borrow_balance_stored(book, nullptr), U256(0));
  Position p;
  EXPECT_EQ(borrow_balance_stored(book, &p), U256(0));  // principal 0: no division by a 0 index
  p.principal = 7;
  p.interest_index = e18(1);
  EXPECT_EQ(borrow_balance_stored(book, &p), U256(7));  // 7 * 1.1e18 / 1e18 = 7.7 -> 7
  p.principal = e18(10);
  p.interest_index = u("1050000000000000000");
  // 10e18 * 1.1e18 / 1.05e18 = 10476190476190476190.47... -> 10476190476190476190
  EXPECT_EQ(borrow_balance_stored(book, &p), u("10476190476190476190"));
}

TEST(Interest, AccruedFollowsTheReference) {
  Market m = market(e18(30), e18(10), e18(1), e18(39));
  m.book.accrual_block = 100;
  const MarketBook b = accrued(m, 107);
  // util = 10e18 * 1e18 / (30 + 10 - 1)e18 = 256410256410256410
  // rate = 256410256410256410 * 2e12 / 1e18 + 1e12 = 512820512820 + 1e12 = 1512820512820
  // sif = 1512820512820 * 7 = 10589743589740
  // interest = 10589743589740 * 10e18 / 1e18 = 105897435897400
  // reserves = 0.1e18 * 105897435897400 / 1e18 + 1e18 = 10589743589740 + 1e18
  // index = 10589743589740 * 1e18 / 1e18 + 1e18
  EXPECT_EQ(b.total_borrows, e18(10) + u("105897435897400"));
  EXPECT_EQ(b.total_reserves, e18(1) + u("10589743589740"));
  EXPECT_EQ(b.borrow_index, e18(1) + u("10589743589740"));
  EXPECT_EQ(b.accrual_block, 107u);
  EXPECT_EQ(b.cash, e18(30));
  EXPECT_EQ(b.total_supply, e18(39));
}

TEST(Interest, AccrualIsSkippedInTheSameBlock) {
  Market m = market(e18(30), e18(10), 0, e18(40));
  m.book.accrual_block = 100;
  EXPECT_EQ(accrued(m, 100), m.book);
  // Without borrows interest is 0, but the accrual block still moves.
  Market idle = market(e18(30), 0, 0, e18(30));
  idle.book.accrual_block = 100;
  const MarketBook b = accrued(idle, 200);
  EXPECT_EQ(b.total_borrows, U256(0));
  EXPECT_EQ(b.borrow_index, e18(1) + U256(100'000'000'000'000ULL));  // base 1e12 * 100 blocks
  EXPECT_EQ(b.accrual_block, 200u);
}

TEST(Interest, RateAboveTheMaximumFailsAccrual) {
  Market m = market(e18(30), e18(10), 0, e18(40));
  m.book.accrual_block = 100;
  m.config.rate_model.base_per_block = max_borrow_rate_per_block();  // rate = max + util * mult > max
  try {
    (void)accrued(m, 101);
    FAIL() << "expected rate_too_high";
  } catch (const Failure& f) {
    EXPECT_EQ(f.error, Error::rate_too_high);
  }
  m.config.rate_model.multiplier_per_block = 0;  // exactly the maximum is allowed
  EXPECT_EQ(accrued(m, 101).borrow_index, e18(1) + max_borrow_rate_per_block());
  // Even in the same block the rate is not looked at.
  m.config.rate_model.base_per_block = e18(1);
  EXPECT_EQ(accrued(m, 100), m.book);
}

}  // namespace
}  // namespace flux
