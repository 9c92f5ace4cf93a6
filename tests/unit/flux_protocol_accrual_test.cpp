// Flux Protocol's accrual (engine/flux_protocol/accrual.hpp), every expected number
// worked out by hand from docs/flux-protocol.md's formulas next to its assertion.
#include "engine/failure.hpp"
#include "engine/flux_protocol/accrual.hpp"
#include "engine/flux_protocol/rate_curve.hpp"

#include "error_of.hpp"

#include <gtest/gtest.h>

namespace flux::flux_protocol {
namespace {

U256 e18(std::uint64_t n) { return U256(n) * U256(1'000'000'000'000'000'000ULL); }
U256 u(const char* decimal) { return *parse_u256(decimal); }

using test::error_of;

constexpr std::uint64_t listed_at = 1'000;

// 1,000 supplied (1,000e18 fTokens at 1.0), 400 borrowed: cash 600, utilization 40%.
PoolBook pool() {
  PoolBook b;
  b.total_borrows = e18(400);
  b.interest_index = e18(1);
  b.total_supply = e18(1'000);
  b.last_accrual = listed_at;
  return b;
}
const U256 ten_percent = U256(100'000'000'000'000'000ULL);

TEST(FluxProtocolAccrual, OneHourAtFortyPercent) {
  PoolBook b = pool();
  accrue(b, e18(600), listed_at + 3'600, ten_percent, AccrualRules{});
  // u = 400e18 * 1e18 / 1000e18 = 0.4e18; x = 4000, so exp20 is the thousands table's
  // entry for 4: 2980957987041728528384. Annual: 2980957987041728528384 / 487603210 =
  // 6113491309956, + 0.4e18 * 2 / 10 = 8e16, + 5e15, - 2050847859 =
  // 85006111440462097 (8.5% a year). The first update of the escalator at 40%: x1.
  EXPECT_EQ(annual_borrow_rate(U256(400'000'000'000'000'000ULL)), u("85006111440462097"));
  // Per second 85006111440462097 / 31536000 = 2695526111; for 3,600 s the rate is
  // 9703893999600. Interest 9703893999600 * 400e18 / 1e18 = 3881557599840000, 10% of
  // it (388155759984000) to reserves; the index 1e18 + 9703893999600.
  EXPECT_EQ(b.total_borrows, e18(400) + u("3881557599840000"));
  EXPECT_EQ(b.reserves, u("388155759984000"));
  EXPECT_EQ(b.interest_index, u("1000009703893999600"));
  EXPECT_EQ(b.last_accrual, listed_at + 3'600);
  EXPECT_EQ(b.escalator.start_time, listed_at + 3'600);
  EXPECT_EQ(b.escalator.history[0].count, U256(1));
  // Exchange rate: (600e18 + 400.00388155759984e18 - 0.000388155759984e18) * 1e18 /
  // 1000e18 = 1000003493401839856 (lenders earn the 90% of interest not reserved).
  EXPECT_EQ(exchange_rate(b, e18(600), 0), u("1000003493401839856"));
  // A borrower of 100 at index 1e18: 1000009703893999600 * 1e18 / 1e18 times 100e18 /
  // 1e18 = 100000970389399960000.
  EXPECT_EQ(borrow_balance(e18(100), e18(1), b.interest_index), u("100000970389399960000"));
}

TEST(FluxProtocolAccrual, OncePerTimestampAndNeverBackwards) {
  PoolBook b = pool();
  accrue(b, e18(600), listed_at + 3'600, ten_percent, AccrualRules{});
  const PoolBook after = b;
  accrue(b, e18(600), listed_at + 3'600, ten_percent, AccrualRules{});
  EXPECT_EQ(b, after);  // the same timestamp: nothing, not even the escalator's count
  EXPECT_EQ(error_of([&] { accrue(b, e18(600), listed_at + 3'599, ten_percent, AccrualRules{}); }), Error::math_error);
  EXPECT_EQ(b, after);
}

TEST(FluxProtocolAccrual, ReservesBeyondCashBrickTheReferenceNotFlux) {
  // cash 0, borrows 100, reserves 101: cash + borrows < reserves. The reference's
  // utilization fails (checked subtraction) and so does every accrual.
  PoolBook b = pool();
  b.total_borrows = e18(100);
  b.reserves = e18(101);
  const PoolBook before = b;
  AccrualRules reference{EscalatorRule::reference, false};
  EXPECT_EQ(error_of([&] { accrue(b, 0, listed_at + 10, ten_percent, reference); }), Error::math_error);
  EXPECT_EQ(b, before);
  // Flux counts the pool as fully used: u = 1e18, x = 10000, exp20 =
  // 485165195409790307194109952, / 487603210 = 995000002993807828, + 0.2e18
  // + 5e15 - 2050847859 > 1e18: capped at 1e18 a year, 1e18 / 31536000 = 31709791983 a
  // second; 10 s: 317097919830; interest 317097919830 * 100e18 / 1e18 =
  // 31709791983000, 10% = 3170979198300 to reserves.
  accrue(b, 0, listed_at + 10, ten_percent, AccrualRules{});
  EXPECT_EQ(b.total_borrows, e18(100) + U256(31'709'791'983'000ULL));
  EXPECT_EQ(b.reserves, e18(101) + U256(3'170'979'198'300ULL));
  // Reserves above cash but below cash + borrows: utilization 100e18 / 99e18 above
  // 100.01%, past the reference's table; Flux caps it at 100%, the same rate.
  PoolBook c = pool();
  c.total_borrows = e18(100);
  c.reserves = e18(2);
  EXPECT_EQ(error_of([&] { accrue(c, e18(1), listed_at + 10, ten_percent, reference); }), Error::math_error);
  accrue(c, e18(1), listed_at + 10, ten_percent, AccrualRules{});
  EXPECT_EQ(c.total_borrows, e18(100) + U256(31'709'791'983'000ULL));
}

TEST(FluxProtocolAccrual, EdgesOfBalanceAndExchangeRate) {
  EXPECT_EQ(borrow_balance(0, e18(1), e18(2)), U256(0));
  EXPECT_EQ(borrow_balance(e18(5), 0, e18(2)), e18(5));  // no index: the borrows as they are
  // Two truncations: index 3 / checkpoint 2 = 1.5e18 exactly; 7 * 1.5e18 / 1e18 = 10.
  EXPECT_EQ(borrow_balance(U256(7), e18(2), e18(3)), U256(10));
  PoolBook empty;
  EXPECT_EQ(exchange_rate(empty, e18(5), 0), e18(1));  // no supply: 1.0
  // What was just paid in is left out: (600 + 5 - 5 + 400 - 0) / 1000 = 1.0.
  EXPECT_EQ(exchange_rate(pool(), e18(605), e18(5)), e18(1));
}

}  // namespace
}  // namespace flux::flux_protocol
