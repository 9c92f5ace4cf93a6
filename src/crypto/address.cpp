#include "crypto/address.hpp"

#include "crypto/keccak.hpp"

namespace flux::crypto {

Address20 address_from_public_key(const PublicKey& key) {
  const Hash32 h = keccak256(key.view());
  Address20 out;
  for (std::size_t i = 0; i < 20; ++i) out[i] = h[12 + i];
  return out;
}

std::string to_checksum_address(const Address20& address) {
  const std::string lower = address.hex(false);
  // The checksum hashes the lowercase hex *text*, not the 20 bytes.
  const Hash32 h = keccak256(std::string_view(lower));
  std::string out = "0x";
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const int nibble = (i % 2 == 0) ? (h[i / 2] >> 4) : (h[i / 2] & 0xf);
    const char c = lower[i];
    out += (c >= 'a' && c <= 'f' && nibble >= 8) ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string AddressError::message() const {
  switch (kind) {
    case Kind::bad_hex: return "address: " + hex.message();
    case Kind::bad_checksum: return "address: mixed-case address with a wrong EIP-55 checksum";
  }
  return "address: invalid";
}

Result<Address20, AddressError> parse_address(std::string_view text, HexPrefix prefix) {
  auto parsed = Address20::from_hex(text, prefix);
  if (!parsed) return Failure{AddressError{AddressError::Kind::bad_hex, parsed.error()}};
  const std::string_view digits = text.substr(text.size() - 40);
  bool has_lower = false, has_upper = false;
  for (char c : digits) {
    has_lower = has_lower || (c >= 'a' && c <= 'f');
    has_upper = has_upper || (c >= 'A' && c <= 'F');
  }
  if (has_lower && has_upper && to_checksum_address(*parsed).substr(2) != digits)
    return Failure{AddressError{AddressError::Kind::bad_checksum}};
  return *parsed;
}

bool is_checksum_address(std::string_view text) {
  auto parsed = Address20::from_hex(text, HexPrefix::required);
  return parsed && to_checksum_address(*parsed) == text;
}

}  // namespace flux::crypto
