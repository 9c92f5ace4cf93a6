// secp256k1 keys and recoverable ECDSA signatures, as Ethereum uses them.
//
// Wraps libsecp256k1 (Bitcoin Core's constant-time implementation) with its
// recovery module. A Flux transaction carries no public key: the node recovers the
// signer's address from the EIP-712 digest and the 65-byte signature, exactly as
// ecrecover does on Ethereum, so ordinary wallets can sign for Flux.
//
// Signature bytes are r (32) || s (32) || v (1), big-endian, v = 27 + recovery id,
// the form ethers' Signature.serialized and wallets' eth_signTypedData_v4 return.
#pragma once

#include "crypto/address.hpp"
#include "crypto/bytes.hpp"
#include "crypto/random.hpp"
#include "crypto/result.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace flux::crypto {

using Signature = ByteArray<65>;

// n, the order of the curve's group, and floor(n / 2), big-endian: a private key and
// the r and s of a signature must lie in [1, n); low-s means s <= n / 2.
const std::array<std::uint8_t, 32>& secp256k1_order();
const std::array<std::uint8_t, 32>& secp256k1_half_order();

enum class KeyError {
  bad_hex,       // not 64 hex digits (with or without "0x")
  wrong_length,  // not 32 bytes
  zero,          // 0 is not a private key
  out_of_range,  // >= n
};
const char* key_error_message(KeyError e);

// A valid private key: 32 bytes, big-endian, in [1, n). Only the factories make one,
// so holding a PrivateKey proves it is valid. Its bytes are wiped when it is
// destroyed, and it has no hex() so it is not printed by accident.
class PrivateKey {
 public:
  static Result<PrivateKey, KeyError> from_bytes(ByteView bytes);
  static Result<PrivateKey, KeyError> from_hex(std::string_view text, HexPrefix prefix = HexPrefix::optional);
  // Draws 32 bytes until they form a valid key (retries with probability ~2^-128).
  static PrivateKey generate(const RandomSource& random = system_random);

  PrivateKey(const PrivateKey&) = default;
  PrivateKey& operator=(const PrivateKey&) = default;
  ~PrivateKey();

  ByteView secret() const { return ByteView(key_.data(), key_.size()); }
  std::string secret_hex(bool prefix = true) const { return to_hex(secret(), prefix); }
  bool operator==(const PrivateKey&) const = default;

 private:
  PrivateKey() = default;
  std::array<std::uint8_t, 32> key_{};
};

PublicKey public_key(const PrivateKey& key);
Address20 address_of(const PrivateKey& key);

// Signs a 32-byte digest (already hashed: for Flux the EIP-712 digest). The nonce is
// RFC 6979 deterministic, as in ethers, so the same key and digest always give the
// same signature; s is always low (<= n/2). Never fails for a valid key (the
// only failure, an R whose x exceeds n, has probability ~2^-127 and throws
// std::runtime_error because v could not express it).
Signature sign_digest(const Hash32& digest, const PrivateKey& key);

// Why a signature was rejected. Checks run in this order.
enum class SignatureError {
  wrong_length,   // not exactly 65 bytes
  bad_v,          // v not 27 or 28
  out_of_range,   // r or s is zero or >= n
  high_s,         // s > n/2: the malleable twin (n - s, v flipped) of a valid signature
  unrecoverable,  // well-formed, but no public key gives this signature for this digest
};
const char* signature_error_message(SignatureError e);

// Recovers the signer of `digest` from a 65-byte r || s || v signature.
//
// Canonical signatures only, so each (digest, signer) has exactly one accepted
// signature and a transaction's bytes cannot be altered without invalidating it:
// - v must be 27 or 28. The raw recovery ids 0/1 that some libraries emit are
//   rejected, not mapped: accepting both would give every signature two encodings.
//   ethers, MetaMask and eth_signTypedData_v4 produce 27/28.
// - s must be low (EIP-2, as Ethereum requires of transactions since Homestead);
//   libsecp256k1 and ethers only ever produce low s.
Result<Address20, SignatureError> recover_address(const Hash32& digest, ByteView signature);
Result<PublicKey, SignatureError> recover_public_key(const Hash32& digest, ByteView signature);

}  // namespace flux::crypto
