// Byte strings and fixed-size byte arrays, and their hex text form.
//
// Everything that crosses the node's API as text (hashes, addresses, signatures,
// keystore fields) is hex, so decoding is strict and never throws: a wrong prefix,
// an odd number of digits, a non-hex character or a wrong length is a HexError that
// says what and where, because these strings come from untrusted clients.
#pragma once

#include "crypto/result.hpp"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flux::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Whether a hex string carries the "0x" prefix. Ethereum JSON-RPC always writes it
// (required); keystore files never do (forbidden); `optional` is for lenient tools.
// Only lowercase "0x" counts as a prefix, as in ethers' isHexString.
enum class HexPrefix { required, optional, forbidden };

struct HexError {
  enum class Kind {
    missing_prefix,     // "0x" required but absent
    unexpected_prefix,  // "0x" present but forbidden
    odd_length,         // digits do not pair into bytes
    invalid_character,  // not 0-9, a-f, A-F (position is the offset in the input)
    wrong_length,       // decoded, but not the size the fixed array needs
  };
  Kind kind;
  std::size_t position = 0;  // invalid_character: offset in the input text
  std::size_t expected = 0;  // wrong_length: bytes wanted
  std::size_t actual = 0;    // wrong_length: bytes given; odd_length: digits given
  char character = '\0';     // invalid_character: the offending character

  std::string message() const;
  bool operator==(const HexError&) const = default;
};

// "0x"-prefixed (or bare) lowercase hex of `bytes`.
std::string to_hex(ByteView bytes, bool prefix = true);

// Decodes hex of any even length (upper, lower or mixed case digits).
Result<Bytes, HexError> from_hex(std::string_view text, HexPrefix prefix = HexPrefix::optional);

// A fixed-size byte array: hashes, addresses, keys, signatures. A distinct type per
// size so a 32-byte hash can never be passed where a 20-byte address is expected.
template <std::size_t N>
struct ByteArray {
  static constexpr std::size_t size_bytes = N;
  std::array<std::uint8_t, N> bytes{};

  static Result<ByteArray, HexError> from_hex(std::string_view text, HexPrefix prefix = HexPrefix::optional) {
    auto decoded = crypto::from_hex(text, prefix);
    if (!decoded) return Failure{decoded.error()};
    if (decoded->size() != N) return Failure{HexError{HexError::Kind::wrong_length, 0, N, decoded->size()}};
    ByteArray out;
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = (*decoded)[i];
    return out;
  }
  // Copies exactly N bytes; returns a wrong_length error otherwise.
  static Result<ByteArray, HexError> from_bytes(ByteView in) {
    if (in.size() != N) return Failure{HexError{HexError::Kind::wrong_length, 0, N, in.size()}};
    ByteArray out;
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = in[i];
    return out;
  }

  std::string hex(bool prefix = true) const { return to_hex(view(), prefix); }
  ByteView view() const { return ByteView(bytes.data(), N); }
  std::uint8_t* data() { return bytes.data(); }
  const std::uint8_t* data() const { return bytes.data(); }
  static constexpr std::size_t size() { return N; }
  std::uint8_t& operator[](std::size_t i) { return bytes[i]; }
  std::uint8_t operator[](std::size_t i) const { return bytes[i]; }
  auto begin() const { return bytes.begin(); }
  auto end() const { return bytes.end(); }
  bool is_zero() const {
    for (auto b : bytes)
      if (b != 0) return false;
    return true;
  }

  auto operator<=>(const ByteArray&) const = default;
};

using Hash32 = ByteArray<32>;
using Address20 = ByteArray<20>;

}  // namespace flux::crypto
