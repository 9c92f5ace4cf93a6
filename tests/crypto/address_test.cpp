// Addresses: derivation and EIP-55 checksums, with the EIP's own examples.
#include "crypto/address.hpp"

#include "crypto/keccak.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace flux::crypto {
namespace {

using test::arr;

// From EIP-55 ("Test cases"): all caps, all lower, and mixed.
const char* const kEip55Examples[] = {
    "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
};

TEST(Address, Eip55Examples) {
  for (const char* text : kEip55Examples) {
    SCOPED_TRACE(text);
    const auto a = parse_address(text);
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_EQ(to_checksum_address(*a), text);
    EXPECT_TRUE(is_checksum_address(text));
  }
}

TEST(Address, AcceptsUnchecksummedSingleCase) {
  const std::string mixed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  std::string lower = mixed, upper = mixed;
  for (std::size_t i = 2; i < mixed.size(); ++i) {
    lower[i] = static_cast<char>(std::tolower(lower[i]));
    upper[i] = static_cast<char>(std::toupper(upper[i]));
  }
  ASSERT_TRUE(parse_address(lower));
  ASSERT_TRUE(parse_address(upper));
  EXPECT_EQ(to_checksum_address(*parse_address(lower)), mixed);
  EXPECT_EQ(*parse_address(upper), *parse_address(lower));
  // ... but they are not the canonical EIP-55 text.
  EXPECT_FALSE(is_checksum_address(lower));
  EXPECT_FALSE(is_checksum_address(upper));
}

TEST(Address, RejectsBadChecksum) {
  // One letter's case flipped.
  const auto a = parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().kind, AddressError::Kind::bad_checksum);
  EXPECT_NE(a.error().message().find("checksum"), std::string::npos);
  EXPECT_FALSE(is_checksum_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
}

TEST(Address, RejectsBadHex) {
  EXPECT_EQ(parse_address("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").error().hex.kind, HexError::Kind::missing_prefix);
  EXPECT_TRUE(parse_address("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", HexPrefix::forbidden));
  EXPECT_EQ(parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA").error().hex.kind, HexError::Kind::wrong_length);
  EXPECT_EQ(parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedaa").error().hex.kind,
            HexError::Kind::wrong_length);
  EXPECT_EQ(parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ").error().hex.kind,
            HexError::Kind::invalid_character);
  EXPECT_EQ(parse_address("").error().kind, AddressError::Kind::bad_hex);
  EXPECT_FALSE(is_checksum_address("0x"));
}

TEST(Address, FromPublicKeyIsLast20BytesOfKeccak) {
  // The generator point G, the public key of private key 1.
  const PublicKey g = arr<64>(
      "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
      "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
  EXPECT_EQ(to_checksum_address(address_from_public_key(g)), "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  const Hash32 h = keccak256(g.view());
  EXPECT_EQ(address_from_public_key(g).hex(false), h.hex(false).substr(24));
}

RC_GTEST_PROP(Address, ChecksumRoundTrips, (const std::array<std::uint8_t, 20>& raw)) {
  Address20 a;
  a.bytes = raw;
  const std::string text = to_checksum_address(a);
  RC_ASSERT(text.size() == 42u);
  RC_ASSERT(is_checksum_address(text));
  RC_ASSERT(parse_address(text).value() == a);
}

}  // namespace
}  // namespace flux::crypto
