#include "cli/amounts.hpp"

#include <gtest/gtest.h>

namespace flux::cli {
namespace {

const char* const two_256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
const char* const max_256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

U256 ok(const std::string& text, unsigned decimals) {
  std::string error;
  const auto v = parse_units(text, decimals, error);
  EXPECT_TRUE(v.has_value()) << text << ": " << error;
  return v.value_or(U256(0));
}

std::string refused(const std::string& text, unsigned decimals) {
  std::string error;
  const auto v = parse_units(text, decimals, error);
  EXPECT_FALSE(v.has_value()) << text << " was accepted as " << v.value_or(U256(0)).str();
  return error;
}

TEST(CliAmounts, ParsesHumanDecimalsExactly) {
  EXPECT_EQ(ok("1000", 6), U256(1000000000u));
  EXPECT_EQ(ok("1.5", 6), U256(1500000u));
  EXPECT_EQ(ok("0.000001", 6), U256(1u));
  EXPECT_EQ(ok("007.50", 6), U256(7500000u));
  EXPECT_EQ(ok("0", 18), U256(0u));
  EXPECT_EQ(ok("0.0", 18), U256(0u));
  EXPECT_EQ(ok("1", 18), U256(1000000000000000000ull));
  EXPECT_EQ(ok("0.92", 18), U256(920000000000000000ull));
  EXPECT_EQ(ok("12", 0), U256(12u));
  EXPECT_EQ(ok(max_256, 0).str(), max_256);
  // 100 USD per OUSG (18 decimals): 100 * 10^18.
  EXPECT_EQ(ok("100", price_scale(18)).str(), "100000000000000000000");
  // 1 USD per USDC (6 decimals): 10^30.
  EXPECT_EQ(ok("1", price_scale(6)).str(), "1000000000000000000000000000000");
}

TEST(CliAmounts, RefusesBadInputWithAReason) {
  EXPECT_NE(refused("-1", 6).find("negative"), std::string::npos);
  EXPECT_NE(refused("-0.5", 6).find("negative"), std::string::npos);
  EXPECT_NE(refused("+1", 6).find("sign"), std::string::npos);
  EXPECT_NE(refused("", 6).find("empty"), std::string::npos);
  EXPECT_NE(refused("1e18", 6).find("exponent"), std::string::npos);
  EXPECT_NE(refused("1.0000001", 6).find("7 decimal places"), std::string::npos);
  EXPECT_NE(refused("1.5", 0).find("whole number"), std::string::npos);
  EXPECT_NE(refused(".5", 6).find("both sides"), std::string::npos);
  EXPECT_NE(refused("5.", 6).find("both sides"), std::string::npos);
  EXPECT_NE(refused("1,000", 6).find("not a decimal number"), std::string::npos);
  EXPECT_NE(refused("1.2.3", 6).find("not a decimal number"), std::string::npos);
  EXPECT_NE(refused(" 1", 6).find("not a decimal number"), std::string::npos);
  EXPECT_NE(refused("0x10", 6).find("not a decimal number"), std::string::npos);
  EXPECT_NE(refused("all", 6).find("not a decimal number"), std::string::npos);
  EXPECT_NE(refused(two_256, 0).find("256 bits"), std::string::npos);
  // Fits as digits, but not once scaled.
  EXPECT_NE(refused(max_256, 1).find("256 bits"), std::string::npos);
  EXPECT_NE(refused("1" + std::string(60, '0'), 18).find("too large"), std::string::npos);
}

TEST(CliAmounts, RawIntegers) {
  std::string error;
  EXPECT_EQ(parse_raw("1000000", error), U256(1000000u));
  EXPECT_EQ(parse_raw("000", error), U256(0u));
  EXPECT_EQ(parse_raw(max_256, error)->str(), max_256);
  EXPECT_FALSE(parse_raw(two_256, error));
  EXPECT_NE(error.find("2^256-1"), std::string::npos);
  EXPECT_FALSE(parse_raw("1.5", error));
  EXPECT_NE(error.find("raw integer"), std::string::npos);
  EXPECT_FALSE(parse_raw("-1", error));
  EXPECT_NE(error.find("negative"), std::string::npos);
  EXPECT_FALSE(parse_raw("", error));
}

TEST(CliAmounts, FormatsExactly) {
  EXPECT_EQ(format_units(U256(1500000u), 6), "1.5");
  EXPECT_EQ(format_units(U256(0u), 6), "0");
  EXPECT_EQ(format_units(U256(1u), 6), "0.000001");
  EXPECT_EQ(format_units(U256(1000000u), 6), "1");
  EXPECT_EQ(format_units(U256(123u), 0), "123");
  EXPECT_EQ(format_units(*parse_u256(max_256), 18),
            "115792089237316195423570985008687907853269984665640564039457.584007913129639935");
  // Round trip.
  for (const char* text : {"0.1", "123.456789", "1000000", "0.000000000000000001"}) {
    std::string error;
    EXPECT_EQ(format_units(*parse_units(text, 18, error), 18), text);
  }
}

TEST(CliAmounts, FormatsForDisplay) {
  EXPECT_EQ(format_display(U256(123456789012ull), 6, 2, 2), "123,456.78");
  EXPECT_EQ(format_display(U256(1000000u), 6, 2, 2), "1.00");
  EXPECT_EQ(format_display(U256(1000000u), 6, 2), "1");
  EXPECT_EQ(format_display(U256(1500000u), 6, 6), "1.5");
  EXPECT_EQ(format_display(U256(999u), 6, 2), "0");  // truncated, never rounded up
  EXPECT_EQ(format_display(U256(1000000000000ull), 6, 2), "1,000,000");
  EXPECT_EQ(group_thousands("1234567.891"), "1,234,567.891");
  EXPECT_EQ(group_thousands("123"), "123");
  EXPECT_EQ(format_percent(U256(850000000000000000ull)), "85.00%");
  EXPECT_EQ(format_percent(U256(38300000000000000ull)), "3.83%");
  EXPECT_EQ(format_percent(U256(0u)), "0.00%");
}

TEST(CliAmounts, PriceScale) {
  EXPECT_EQ(price_scale(6), 30u);
  EXPECT_EQ(price_scale(18), 18u);
  EXPECT_EQ(price_scale(36), 0u);
  EXPECT_THROW(price_scale(37), std::invalid_argument);
}

}  // namespace
}  // namespace flux::cli
