// Ethereum addresses: derivation from a public key and the EIP-55 text form.
//
// An address is the last 20 bytes of keccak256 of the 64-byte uncompressed public
// key (x || y, without SEC1's 0x04 prefix). Its text form is EIP-55: hex whose
// letters are upper-cased where the matching nibble of keccak256(lowercase hex)
// is >= 8, a checksum that catches ~99.986% of typos without changing the format.
#pragma once

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"

#include <string>
#include <string_view>

namespace flux::crypto {

// 64 bytes: x || y of an uncompressed secp256k1 point, big-endian.
using PublicKey = ByteArray<64>;

Address20 address_from_public_key(const PublicKey& key);

// "0x" + 40 hex digits in EIP-55 mixed case.
std::string to_checksum_address(const Address20& address);

struct AddressError {
  enum class Kind {
    bad_hex,       // see `hex`: prefix, character or length (must be 20 bytes)
    bad_checksum,  // mixed case that is not the EIP-55 checksum: likely a typo
  };
  Kind kind;
  HexError hex{HexError::Kind::wrong_length};  // meaningful for bad_hex only
  std::string message() const;
};

// Parses an address as wallets and ethers' getAddress accept it: all-lowercase or
// all-uppercase hex carries no checksum and is taken as is; mixed case must be
// exactly the EIP-55 checksum. `prefix` defaults to required ("0x"), the JSON-RPC
// form; keystore files store addresses bare (HexPrefix::forbidden).
Result<Address20, AddressError> parse_address(std::string_view text, HexPrefix prefix = HexPrefix::required);

// True only for the exact EIP-55 form ("0x" + checksummed digits), the strict check
// for places where only canonical text is acceptable.
bool is_checksum_address(std::string_view text);

}  // namespace flux::crypto
