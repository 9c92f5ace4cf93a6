// 256-bit integers: checked arithmetic against an independent unbounded computation
// (Boost's arbitrary-precision cpp_int), and the multiply-divide fast path against the
// general path.
#include "engine/numbers/uint256.hpp"
#include "engine/numbers/mantissa.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>

namespace flux {
namespace {

using Wide = boost::multiprecision::cpp_int;
const Wide two_256 = Wide(1) << 256;

// A U256 with a random number of significant bits, so small, medium and full-width
// values (and the fast path's limb boundaries) all come up often.
rc::Gen<U256> any_u256() {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::inRange(0, 257), rc::gen::arbitrary<std::uint64_t>(), rc::gen::arbitrary<std::uint64_t>(),
                     rc::gen::arbitrary<std::uint64_t>(), rc::gen::arbitrary<std::uint64_t>()),
      [](const auto& t) {
        const auto& [bits, a, b, c, d] = t;
        U256 v = (U256(a) << 192) | (U256(b) << 128) | (U256(c) << 64) | U256(d);
        if (bits < 256) v &= (U256(1) << bits) - 1;
        return v;
      });
}

TEST(Uint256, ParsesAndPrintsDecimal) {
  EXPECT_EQ(to_string(*parse_u256("0")), "0");
  EXPECT_EQ(to_string(*parse_u256("1000000000000000000")), "1000000000000000000");
  const std::string max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  EXPECT_EQ(to_string(*parse_u256(max)), max);
  EXPECT_EQ(*parse_u256(max), u256_max());
}

TEST(Uint256, RejectsWhatIsNotAPlainDecimalBelow2To256) {
  EXPECT_FALSE(parse_u256(""));
  EXPECT_FALSE(parse_u256("-1"));
  EXPECT_FALSE(parse_u256("+1"));
  EXPECT_FALSE(parse_u256(" 1"));
  EXPECT_FALSE(parse_u256("1e18"));
  EXPECT_FALSE(parse_u256("0x10"));
  // 2^256 itself is one too many.
  EXPECT_FALSE(parse_u256("115792089237316195423570985008687907853269984665640564039457584007913129639936"));
  EXPECT_FALSE(parse_u256(std::string(79, '1')));
}

TEST(Uint256, OverflowAndUnderflowFailInsteadOfWrapping) {
  U256 out;
  EXPECT_FALSE(checked_add(u256_max(), U256(1), out));
  EXPECT_FALSE(checked_sub(U256(0), U256(1), out));
  EXPECT_FALSE(checked_mul(U256(1) << 128, U256(1) << 128, out));
  EXPECT_TRUE(checked_mul(U256(1) << 127, U256(1) << 128, out));
  EXPECT_EQ(out, U256(1) << 255);
  EXPECT_FALSE(checked_div(U256(1), U256(0), out));
  EXPECT_FALSE(checked_mul_div(U256(1), U256(1), U256(0), out));
  // The product must fit even when the quotient would: as in the contracts.
  EXPECT_FALSE(checked_mul_div(u256_max(), U256(2), U256(2), out));
}

TEST(Mantissa, TruncatesTowardZero) {
  // 1.5 * 1.5 = 2.25; 1 / 3 truncates; ceil rounds the burn up.
  const U256 one_and_half{1'500'000'000'000'000'000ULL};
  EXPECT_EQ(mul_exp(one_and_half, one_and_half), U256(2'250'000'000'000'000'000ULL));
  EXPECT_EQ(div_exp(U256(1), U256(3'000'000'000'000'000'000ULL)), U256(0));
  EXPECT_EQ(div_exp(U256(10), U256(3'000'000'000'000'000'000ULL)), U256(3));
  EXPECT_EQ(div_exp_ceil(U256(10), U256(3'000'000'000'000'000'000ULL)), U256(4));
  EXPECT_EQ(div_exp_ceil(U256(9), U256(3'000'000'000'000'000'000ULL)), U256(3));
}

RC_GTEST_PROP(Uint256Property, AddMatchesUnbounded, ()) {
  const U256 a = *any_u256(), b = *any_u256();
  U256 out;
  const Wide exact = Wide(a) + Wide(b);
  RC_ASSERT(checked_add(a, b, out) == (exact < two_256));
  if (exact < two_256) RC_ASSERT(Wide(out) == exact);
}

RC_GTEST_PROP(Uint256Property, SubMatchesUnbounded, ()) {
  const U256 a = *any_u256(), b = *any_u256();
  U256 out;
  RC_ASSERT(checked_sub(a, b, out) == (a >= b));
  if (a >= b) RC_ASSERT(Wide(out) == Wide(a) - Wide(b));
}

RC_GTEST_PROP(Uint256Property, MulMatchesUnbounded, ()) {
  const U256 a = *any_u256(), b = *any_u256();
  U256 out;
  const Wide exact = Wide(a) * Wide(b);
  RC_ASSERT(checked_mul(a, b, out) == (exact < two_256));
  if (exact < two_256) RC_ASSERT(Wide(out) == exact);
}

RC_GTEST_PROP(Uint256Property, MulDivMatchesUnboundedAndTheGeneralPath, ()) {
  const U256 a = *any_u256(), b = *any_u256();
  // Divisors: mostly 1e18 and other one-limb values (the fast path), sometimes wide.
  const U256 d = *rc::gen::oneOf(
      rc::gen::just(mantissa_one()),
      rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t x) { return U256(x); }), any_u256());
  U256 fast, general;
  const bool fast_ok = checked_mul_div(a, b, d, fast);
  const bool general_ok = checked_mul_div_reference(a, b, d, general);
  const Wide product = Wide(a) * Wide(b);
  const bool defined = !d.is_zero() && product < two_256;
  RC_ASSERT(fast_ok == defined);
  RC_ASSERT(general_ok == defined);
  if (defined) {
    RC_ASSERT(Wide(fast) == product / Wide(d));
    RC_ASSERT(fast == general);
  }
}

RC_GTEST_PROP(Uint256Property, DecimalRoundTrips, ()) {
  const U256 a = *any_u256();
  RC_ASSERT(parse_u256(to_string(a)) == std::optional<U256>(a));
}

RC_GTEST_PROP(MantissaProperty, CeilDivIsFloorPlusOneUnlessExact, ()) {
  const U256 a = *any_u256() >> 64;  // a * 1e18 must fit
  const U256 b = *any_u256();
  RC_PRE(!b.is_zero());
  const Wide scaled = Wide(a) * Wide(mantissa_one());
  const Wide floor = scaled / Wide(b);
  const Wide expected = scaled % Wide(b) == 0 ? floor : floor + 1;
  RC_ASSERT(Wide(div_exp_ceil(a, b)) == expected);
}

}  // namespace
}  // namespace flux
