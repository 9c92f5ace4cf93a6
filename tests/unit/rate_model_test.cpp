// Interest rate models: per-year to per-block conversion as the contracts' constructors
// do it, utilization, the jump kink, the supply rate, and invalid parameters.
#include "engine/rate_model.hpp"
#include "engine/failure.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::u;

const U256 compound_bpy{2'102'400};
const U256 flux_bpy{2'628'000};

RateModelParams jump(const U256& base, const U256& mult, const U256& jump_mult, const U256& kink) {
  RateModelParams p;
  p.kind = RateModelKind::jump;
  p.base_per_year = base;
  p.multiplier_per_year = mult;
  p.jump_multiplier_per_year = jump_mult;
  p.kink = kink;
  return p;
}

// WhitePaperInterestRateModel(base 2%, multiplier 10%), Compound's blocks per year:
//   base = 2e16 / 2102400 = 9512937595.07... -> 9512937595
//   mult = 1e17 / 2102400 = 47564687975.38... -> 47564687975
RateModel compound_linear() { return make_rate_model(test::linear(frac(2, 2), frac(1, 1)), compound_bpy); }

// JumpRateModelV2(base 0, multiplier 4%, jump 109%, kink 0.8):
//   mult = 4e16 * 1e18 / (2102400 * 8e17) = 4e34 / 1.68192e24 = 23782343987.8... -> 23782343987
//   jump = 1.09e18 / 2102400 = 518455098934.55... -> 518455098934
RateModel compound_jump() { return make_rate_model(jump(0, frac(4, 2), frac(109, 2), frac(8, 1)), compound_bpy); }

TEST(RateModel, LinearConvertsPerYearByIntegerDivision) {
  const RateModel m = compound_linear();
  EXPECT_EQ(m.base_per_block, U256(9'512'937'595ULL));
  EXPECT_EQ(m.multiplier_per_block, U256(47'564'687'975ULL));
  EXPECT_EQ(m.jump_multiplier_per_block, U256(0));
  EXPECT_EQ(m.params, test::linear(frac(2, 2), frac(1, 1)));  // kept as given
}

TEST(RateModel, JumpScalesTheMultiplierByTheKink) {
  const RateModel m = compound_jump();
  EXPECT_EQ(m.base_per_block, U256(0));
  EXPECT_EQ(m.multiplier_per_block, U256(23'782'343'987ULL));
  EXPECT_EQ(m.jump_multiplier_per_block, U256(518'455'098'934ULL));
  EXPECT_EQ(m.kink, frac(8, 1));
}

TEST(RateModel, FluxFinanceProductionModel) {
  // base 0, multiplier 3.83%, jump 35%, kink 0.9, 2628000 blocks per year:
  //   mult = 3.83e16 * 1e18 / (2628000 * 9e17) = 3.83e34 / 2.3652e24 = 16193133773.04 -> 16193133773
  //   jump = 3.5e17 / 2628000 = 133181126331.81 -> 133181126331
  const RateModel m = make_rate_model(jump(0, frac(383, 4), frac(35, 2), frac(9, 1)), flux_bpy);
  EXPECT_EQ(m.multiplier_per_block, U256(16'193'133'773ULL));
  EXPECT_EQ(m.jump_multiplier_per_block, U256(133'181'126'331ULL));
}

TEST(RateModel, Utilization) {
  EXPECT_EQ(utilization_rate(70, 30, 0), frac(3, 1));             // 30e18 / 100
  EXPECT_EQ(utilization_rate(50, 50, 20), frac(625, 3));          // 50e18 / 80 = 0.625e18
  EXPECT_EQ(utilization_rate(0, 0, 0), U256(0));                  // no borrows: 0, no division
  EXPECT_EQ(utilization_rate(e18(5), 0, e18(9)), U256(0));        // no borrows: reserves not looked at
  EXPECT_EQ(utilization_rate(1, 2, 0), u("666666666666666666"));  // 2e18 / 3 truncated
  EXPECT_EQ(utilization_rate(0, 10, 5), e18(2));                  // 10e18 / 5: above 1 when reserves exceed cash
}

TEST(RateModel, UtilizationFailsWhenReservesExceedCashPlusBorrows) {
  try {
    (void)utilization_rate(1, 1, 3);
    FAIL() << "expected math_error";
  } catch (const Failure& f) {
    EXPECT_EQ(f.error, Error::math_error);
  }
}

TEST(RateModel, LinearBorrowRate) {
  const RateModel m = compound_linear();
  // util 0.5e18: 0.5e18 * 47564687975 / 1e18 = 23782343987 (.5 truncated) + 9512937595
  EXPECT_EQ(borrow_rate_per_block(m, 50, 50, 0), U256(33'295'281'582ULL));
  EXPECT_EQ(borrow_rate_per_block(m, 50, 0, 0), U256(9'512'937'595ULL));  // base only
}

TEST(RateModel, JumpKinkBoundary) {
  const RateModel m = compound_jump();
  // At the kink (cash 20, borrows 80: util exactly 0.8e18) the normal slope:
  //   0.8e18 * 23782343987 / 1e18 = 19025875189 (.6 truncated) + 0.
  // (Both branches agree at the kink itself; the slopes differ on either side.)
  EXPECT_EQ(borrow_rate_per_block(m, 20, 80, 0), U256(19'025'875'189ULL));
  // Below: util 0.5e18 -> 0.5e18 * 23782343987 / 1e18 = 11891171993.
  EXPECT_EQ(borrow_rate_per_block(m, 50, 50, 0), U256(11'891'171'993ULL));
  // Above: util 0.9e18 -> (0.9e18 - 0.8e18) * 518455098934 / 1e18 = 51845509893 (.4)
  //   + (0.8e18 * 23782343987 / 1e18 + 0) = 19025875189 -> 70871385082.
  EXPECT_EQ(borrow_rate_per_block(m, 10, 90, 0), U256(70'871'385'082ULL));
}

TEST(RateModel, JumpSlopeChangesJustAboveTheKink) {
  // base 1e17/yr, mult 1e18/yr, jump 1e19/yr, kink 0.5, 1000 blocks per year:
  //   base = 1e14; mult = 1e36 / (1000 * 5e17) = 2e15; jump = 1e16.
  const RateModel m = make_rate_model(jump(frac(1, 1), e18(1), e18(10), frac(5, 1)), U256(1000));
  EXPECT_EQ(m.base_per_block, U256(100'000'000'000'000ULL));
  EXPECT_EQ(m.multiplier_per_block, U256(2'000'000'000'000'000ULL));
  EXPECT_EQ(m.jump_multiplier_per_block, U256(10'000'000'000'000'000ULL));
  // util 0.5e18 (cash 1000, borrows 1000): 0.5e18 * 2e15 / 1e18 + 1e14 = 1.1e15
  EXPECT_EQ(borrow_rate_per_block(m, 1000, 1000, 0), U256(1'100'000'000'000'000ULL));
  // util 1001e18 / 2000 = 0.5005e18: 0.0005e18 * 1e16 / 1e18 + 1.1e15 = 5e12 + 1.1e15
  EXPECT_EQ(borrow_rate_per_block(m, 999, 1001, 0), U256(1'105'000'000'000'000ULL));
  // util 0.4995e18 (below): 0.4995e18 * 2e15 / 1e18 + 1e14 = 9.99e14 + 1e14
  EXPECT_EQ(borrow_rate_per_block(m, 1001, 999, 0), U256(1'099'000'000'000'000ULL));
}

TEST(RateModel, SupplyRate) {
  const RateModel m = compound_linear();
  // borrow rate 33295281582 at util 0.5e18, reserve factor 0.1:
  //   to pool = 33295281582 * 0.9e18 / 1e18 = 29965753423 (.8 truncated)
  //   supply = 0.5e18 * 29965753423 / 1e18 = 14982876711 (.5 truncated)
  EXPECT_EQ(supply_rate_per_block(m, 50, 50, 0, frac(1, 1)), U256(14'982'876'711ULL));
  EXPECT_EQ(supply_rate_per_block(m, 50, 50, 0, e18(1)), U256(0));  // all to reserves
  EXPECT_EQ(supply_rate_per_block(m, 50, 0, 0, 0), U256(0));        // nobody borrows
}

TEST(RateModel, SupplyRateFailsWithAReserveFactorAboveOne) {
  EXPECT_THROW((void)supply_rate_per_block(compound_linear(), 50, 50, 0, e18(1) + 1), Failure);
}

TEST(RateModel, InvalidParameters) {
  const auto error_of = [](const RateModelParams& p, const U256& bpy) {
    try {
      (void)make_rate_model(p, bpy);
      return Error::ok;
    } catch (const Failure& f) {
      return f.error;
    }
  };
  EXPECT_EQ(error_of(jump(0, e18(1), e18(1), 0), compound_bpy), Error::invalid_parameter);  // kink 0
  EXPECT_EQ(error_of(jump(0, e18(1), e18(1), frac(8, 1)), 0), Error::invalid_parameter);    // bpy 0
  EXPECT_EQ(error_of(test::linear(e18(1), e18(1)), 0), Error::invalid_parameter);
  EXPECT_EQ(error_of(test::linear(e18(1), e18(1)), compound_bpy), Error::ok);  // a linear model has no kink
  // multiplier * 1e18 overflows 256 bits: math_error, as the constructor would revert.
  EXPECT_EQ(error_of(jump(0, U256(1) << 200, 0, frac(8, 1)), compound_bpy), Error::math_error);
}

TEST(RateModel, MaximumBorrowRate) {
  EXPECT_EQ(max_borrow_rate_per_block(), U256(5'000'000'000'000ULL));  // 0.0005e16
}

}  // namespace
}  // namespace flux
