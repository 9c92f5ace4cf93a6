// Human decimal strings to exact scaled integers.
#include "node/genesis/decimal.hpp"

#include <gtest/gtest.h>

namespace flux::genesis {
namespace {

U256 ok(std::string_view text, unsigned scale) {
  DecimalResult r = parse_scaled_decimal(text, scale);
  if (auto* e = std::get_if<DecimalError>(&r)) ADD_FAILURE() << text << ": " << e->message;
  return std::holds_alternative<U256>(r) ? std::get<U256>(r) : U256(0);
}

std::string bad(std::string_view text, unsigned scale) {
  DecimalResult r = parse_scaled_decimal(text, scale);
  if (std::holds_alternative<U256>(r)) {
    ADD_FAILURE() << text << " was accepted as " << to_string(std::get<U256>(r));
    return "";
  }
  return std::get<DecimalError>(r).message;
}

TEST(GenesisDecimal, ScalesExactly) {
  EXPECT_EQ(ok("0.85", 18), U256(850'000'000'000'000'000ULL));
  EXPECT_EQ(ok("1.05", 18), U256(1'050'000'000'000'000'000ULL));
  EXPECT_EQ(ok("0.0175", 18), U256(17'500'000'000'000'000ULL));
  EXPECT_EQ(ok("1000000", 6), U256(1'000'000'000'000ULL));
  EXPECT_EQ(ok("0.000001", 6), U256(1));
  EXPECT_EQ(ok("1", 30), *parse_u256("1000000000000000000000000000000"));
  EXPECT_EQ(ok("0", 18), U256(0));
  EXPECT_EQ(ok("000.50", 2), U256(50));
  EXPECT_EQ(ok("007", 0), U256(7));
  EXPECT_EQ(ok("0.02", 24), *parse_u256("20000000000000000000000"));  // 2e22
}

TEST(GenesisDecimal, LargestValueFitsAndOneMoreDoesNot) {
  const std::string max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  EXPECT_EQ(ok(max, 0), u256_max());
  EXPECT_NE(bad("115792089237316195423570985008687907853269984665640564039457584007913129639936", 0).find("256 bits"),
            std::string::npos);
  // Fits unscaled, overflows once scaled.
  EXPECT_NE(bad("1000000000000000000000000000000000000000000000000000000000000", 18).find("256 bits"),
            std::string::npos);
  EXPECT_NE(bad(max + "0", 0).find("256 bits"), std::string::npos);
}

TEST(GenesisDecimal, RejectsMalformedText) {
  EXPECT_NE(bad("", 18).find("empty"), std::string::npos);
  EXPECT_NE(bad("-1", 18).find("negative"), std::string::npos);
  EXPECT_NE(bad("-0.5", 18).find("negative"), std::string::npos);
  EXPECT_NE(bad("+1", 18).find("sign"), std::string::npos);
  EXPECT_NE(bad("1e18", 18).find("exponent"), std::string::npos);
  EXPECT_NE(bad("1.5E3", 18).find("exponent"), std::string::npos);
  EXPECT_NE(bad("abc", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad("e5", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad("0.8.5", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad("1,000", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad("1_000", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad(" 1", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad("1 ", 18).find("not a decimal number"), std::string::npos);
  EXPECT_NE(bad(".5", 18).find("both sides"), std::string::npos);
  EXPECT_NE(bad("5.", 18).find("both sides"), std::string::npos);
  EXPECT_NE(bad(".", 18).find("both sides"), std::string::npos);
  EXPECT_NE(bad("0x10", 18).find("not a decimal number"), std::string::npos);
}

TEST(GenesisDecimal, RejectsMorePlacesThanTheScale) {
  EXPECT_EQ(bad("0.0000001", 6), "has 7 decimal places (\"0.0000001\"); at most 6 are allowed here");
  EXPECT_NE(bad("1.0000000", 6).find("at most 6"), std::string::npos);  // even trailing zeros
  EXPECT_NE(bad("0.1234567890123456789", 18).find("at most 18"), std::string::npos);
  EXPECT_NE(bad("1.5", 0).find("whole number"), std::string::npos);
}

TEST(GenesisDecimal, PowersOfTen) {
  EXPECT_EQ(pow10(0), U256(1));
  EXPECT_EQ(pow10(18), U256(1'000'000'000'000'000'000ULL));
  EXPECT_EQ(pow10(77), *parse_u256("1" + std::string(77, '0')));
}

}  // namespace
}  // namespace flux::genesis
