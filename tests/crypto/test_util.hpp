// Small helpers shared by the flux_crypto tests.
#pragma once

#include "crypto/bytes.hpp"
#include "crypto/secp256k1.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace flux::crypto::test {

// Hex that the test itself wrote: a decoding failure is a bug in the test.
inline Bytes hx(std::string_view text) { return from_hex(text).value(); }
template <std::size_t N>
ByteArray<N> arr(std::string_view text) {
  return ByteArray<N>::from_hex(text).value();
}
inline Hash32 h32(std::string_view text) { return arr<32>(text); }
inline PrivateKey key(std::string_view text) { return PrivateKey::from_hex(text).value(); }

// a - b for 32-byte big-endian numbers with a >= b.
inline std::array<std::uint8_t, 32> sub32(const std::array<std::uint8_t, 32>& a, const std::uint8_t* b) {
  std::array<std::uint8_t, 32> out{};
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const auto k = static_cast<std::size_t>(i);
    int d = a[k] - b[k] - borrow;
    borrow = d < 0 ? 1 : 0;
    out[k] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
  }
  return out;
}

// The malleable twin of a signature: (r, n - s, v flipped) recovers the same key
// under plain ECDSA, and Flux must reject it.
inline Signature high_s_twin(const Signature& sig) {
  Signature out = sig;
  const auto s = sub32(secp256k1_order(), sig.data() + 32);
  for (std::size_t i = 0; i < 32; ++i) out[32 + i] = s[i];
  out[64] = sig[64] == 27 ? 28 : 27;
  return out;
}

}  // namespace flux::crypto::test
