// Hex decoding is strict and reports every malformed input as an error, never a crash.
#include "crypto/bytes.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace flux::crypto {
namespace {

using K = HexError::Kind;

TEST(Hex, EncodesLowercaseWithOrWithoutPrefix) {
  const Bytes b = {0x00, 0xab, 0xCD, 0x0f};
  EXPECT_EQ(to_hex(b), "0x00abcd0f");
  EXPECT_EQ(to_hex(b, false), "00abcd0f");
  EXPECT_EQ(to_hex(Bytes{}), "0x");
}

TEST(Hex, DecodesAnyCase) {
  EXPECT_EQ(from_hex("0xDeadBEEF").value(), (Bytes{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(from_hex("deadbeef").value(), (Bytes{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(from_hex("0x").value(), Bytes{});
  EXPECT_EQ(from_hex("").value(), Bytes{});
}

TEST(Hex, PrefixPolicy) {
  EXPECT_EQ(from_hex("abcd", HexPrefix::required).error().kind, K::missing_prefix);
  EXPECT_EQ(from_hex("", HexPrefix::required).error().kind, K::missing_prefix);
  EXPECT_TRUE(from_hex("0xabcd", HexPrefix::required));
  EXPECT_EQ(from_hex("0xabcd", HexPrefix::forbidden).error().kind, K::unexpected_prefix);
  EXPECT_TRUE(from_hex("abcd", HexPrefix::forbidden));
  // Only a lowercase x is a prefix, as in ethers; "0X" is then an invalid character.
  const auto upper = from_hex("0Xabcd", HexPrefix::optional);
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().kind, K::invalid_character);
  EXPECT_EQ(upper.error().position, 1u);
}

TEST(Hex, RejectsOddLength) {
  const auto e = from_hex("0xabc");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, K::odd_length);
  EXPECT_EQ(e.error().actual, 3u);
  EXPECT_NE(e.error().message().find("odd"), std::string::npos);
}

TEST(Hex, RejectsNonHexWithPositionAndCharacter) {
  const auto e = from_hex("0x12g4");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, K::invalid_character);
  EXPECT_EQ(e.error().position, 4u);
  EXPECT_EQ(e.error().message(), "hex: invalid character 'g' at position 4");
  EXPECT_EQ(from_hex(" 0x12").error().kind, K::invalid_character);  // no trimming
  EXPECT_EQ(from_hex("0x12 ").error().kind, K::invalid_character);
  EXPECT_EQ(from_hex("0x-1").error().kind, K::invalid_character);
  // Binary junk is shown escaped, not copied into the message.
  EXPECT_EQ(from_hex(std::string_view("0x1\x01", 4)).error().message(),
            "hex: invalid character byte \\x01 at position 3");
}

TEST(Hex, FixedSizeArraysCheckLength) {
  EXPECT_TRUE(Address20::from_hex("0x" + std::string(40, 'a')));
  const auto short_ = Address20::from_hex("0x" + std::string(38, 'a'));
  ASSERT_FALSE(short_);
  EXPECT_EQ(short_.error().kind, K::wrong_length);
  EXPECT_EQ(short_.error().expected, 20u);
  EXPECT_EQ(short_.error().actual, 19u);
  EXPECT_EQ(short_.error().message(), "hex: expected 20 bytes, got 19");
  EXPECT_FALSE(Hash32::from_hex("0x" + std::string(66, '0')));
  EXPECT_FALSE(Hash32::from_bytes(Bytes(31)));
  EXPECT_TRUE(Hash32::from_bytes(Bytes(32)));
}

TEST(Hex, ResultRefusesWrongAccess) {
  const auto bad = from_hex("zz");
  EXPECT_THROW((void)bad.value(), std::logic_error);
  const auto good = from_hex("00");
  EXPECT_THROW((void)good.error(), std::logic_error);
}

RC_GTEST_PROP(Hex, RoundTrips, (const std::vector<std::uint8_t>& bytes)) {
  RC_ASSERT(from_hex(to_hex(bytes), HexPrefix::required).value() == bytes);
  RC_ASSERT(from_hex(to_hex(bytes, false), HexPrefix::forbidden).value() == bytes);
}

// Any string at all: decoding either succeeds or returns an error, never crashes,
// and succeeds exactly on even-length hex.
RC_GTEST_PROP(Hex, ArbitraryTextNeverCrashes, (const std::string& text)) {
  const auto r = from_hex(text, HexPrefix::forbidden);
  const bool hexy = text.size() % 2 == 0 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos &&
                    !(text.size() >= 2 && text[0] == '0' && text[1] == 'x');
  RC_ASSERT(r.ok() == hexy);
  if (!r) RC_ASSERT(!r.error().message().empty());
}

}  // namespace
}  // namespace flux::crypto
