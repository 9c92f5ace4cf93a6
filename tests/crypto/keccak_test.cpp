// Keccak-256 is Ethereum's hash, not SHA3-256.
#include "crypto/keccak.hpp"

#include <gtest/gtest.h>

namespace flux::crypto {
namespace {

TEST(Keccak, KnownVectors) {
  EXPECT_EQ(keccak256(std::string_view("")).hex(),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(keccak256(std::string_view("abc")).hex(),
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  // The Transfer event topic every ERC-20 log carries.
  EXPECT_EQ(keccak256(std::string_view("Transfer(address,address,uint256)")).hex(),
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
}

TEST(Keccak, IsNotSha3_256) {
  // SHA3-256("") = a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a
  EXPECT_NE(keccak256(std::string_view("")).hex(),
            "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

TEST(Keccak, IncrementalEqualsOneShot) {
  const std::string text(1000, 'x');  // spans several 136-byte blocks
  Keccak256 h;
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  h.update(ByteView(p, 1)).update(ByteView(p + 1, 500)).update(ByteView(p + 501, 499));
  EXPECT_EQ(h.finish(), keccak256(std::string_view(text)));
  // After finish the hasher is empty again.
  EXPECT_EQ(h.finish(), keccak256(std::string_view("")));
}

}  // namespace
}  // namespace flux::crypto
