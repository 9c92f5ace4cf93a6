#include "crypto/bytes.hpp"

namespace flux::crypto {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Printable form of a character for an error message: control and non-ASCII bytes
// are shown as \xNN so a message never carries raw binary from a client.
std::string show_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char digits[] = "0123456789abcdef";
  return std::string("byte \\x") + digits[u >> 4] + digits[u & 0xf];
}

}  // namespace

std::string HexError::message() const {
  switch (kind) {
    case Kind::missing_prefix: return "hex: expected a \"0x\" prefix";
    case Kind::unexpected_prefix: return "hex: unexpected \"0x\" prefix";
    case Kind::odd_length:
      return "hex: odd number of digits (" + std::to_string(actual) + "), digits must pair into bytes";
    case Kind::invalid_character:
      return "hex: invalid character " + show_char(character) + " at position " + std::to_string(position);
    case Kind::wrong_length:
      return "hex: expected " + std::to_string(expected) + " bytes, got " + std::to_string(actual);
  }
  return "hex: invalid";
}

std::string to_hex(ByteView bytes, bool prefix) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2 + 2);
  if (prefix) out += "0x";
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out;
}

Result<Bytes, HexError> from_hex(std::string_view text, HexPrefix prefix) {
  const bool has_prefix = text.size() >= 2 && text[0] == '0' && text[1] == 'x';
  if (prefix == HexPrefix::required && !has_prefix) return Failure{HexError{HexError::Kind::missing_prefix}};
  if (prefix == HexPrefix::forbidden && has_prefix) return Failure{HexError{HexError::Kind::unexpected_prefix}};
  const std::size_t start = has_prefix ? 2 : 0;
  const std::string_view digits = text.substr(start);
  // Characters are checked before the length so "0xzz1" reports the bad character,
  // which is the more useful message.
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (hex_value(digits[i]) < 0) {
      HexError e{HexError::Kind::invalid_character};
      e.position = start + i;
      e.character = digits[i];
      return Failure{e};
    }
  }
  if (digits.size() % 2 != 0) {
    HexError e{HexError::Kind::odd_length};
    e.actual = digits.size();
    return Failure{e};
  }
  Bytes out(digits.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(hex_value(digits[2 * i]) * 16 + hex_value(digits[2 * i + 1]));
  return out;
}

}  // namespace flux::crypto
