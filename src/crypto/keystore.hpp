// Ethereum keystore v3: a private key encrypted under a password, as JSON.
//
// The format geth, MetaMask's import and ethers (Wallet.encrypt /
// Wallet.fromEncryptedJson) read and write, so an operator's key file moves between
// Flux and ordinary tools:
//   derivedKey = scrypt(password, salt, N, r, p, dklen = 32)
//   ciphertext = AES-128-CTR(key = derivedKey[0..16], iv, privateKey)
//   mac        = keccak256(derivedKey[16..32] || ciphertext)
// The MAC is what detects a wrong password: without it CTR mode would decrypt any
// password to some 32 bytes.
//
// Passwords are taken as bytes. ethers NFKC-normalises a password first; ASCII
// passwords (and precomposed text already in NFKC) are unaffected, others must be
// normalised by the caller to match ethers.
#pragma once

#include "crypto/bytes.hpp"
#include "crypto/random.hpp"
#include "crypto/result.hpp"
#include "crypto/secp256k1.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace flux::crypto {

struct ScryptParams {
  // Defaults are geth's "standard" setting (ethers uses N = 2^17): 256 MiB and
  // about a second per guess, which is the point. Tests use N = 1024 or less.
  std::uint64_t n = 1u << 18;  // CPU/memory cost, a power of two > 1
  std::uint32_t r = 8;         // block size
  std::uint32_t p = 1;         // parallelism
};

// The random inputs of an encryption, explicit so tests are reproducible.
struct KeystoreRandomness {
  std::array<std::uint8_t, 32> salt{};
  std::array<std::uint8_t, 16> iv{};
  std::array<std::uint8_t, 16> uuid{};  // becomes the file's "id" (a version-4 UUID)
};

struct KeystoreError {
  enum class Kind {
    malformed,            // not JSON, or a required field missing, of the wrong type or size
    unsupported_version,  // "version" is not 3
    unsupported_kdf,      // "kdf" is not "scrypt" (ethers' pbkdf2 files are not read)
    bad_kdf_params,       // scrypt parameters invalid, or above the limits below
    unsupported_cipher,   // "cipher" is not "aes-128-ctr"
    wrong_password,       // the MAC does not match: wrong password or altered file
    invalid_key,          // decrypted, but not a valid secp256k1 private key
    address_mismatch,     // decrypted key does not belong to the file's "address"
  };
  Kind kind;
  std::string detail;
  std::string message() const;
};

// Limits on the scrypt cost a file may ask for when decrypting, so a hostile file
// cannot make the node allocate gigabytes: 128 * r * N bytes <= 1 GiB, p <= 16.
inline constexpr std::uint64_t kMaxScryptMemory = 1ull << 30;
inline constexpr std::uint32_t kMaxScryptP = 16;

// Pure: the same inputs give the same JSON, byte for byte.
std::string encrypt_keystore(const PrivateKey& key, std::string_view password, const ScryptParams& params,
                             const KeystoreRandomness& randomness);
// Draws salt, IV and id from `random`.
std::string encrypt_keystore(const PrivateKey& key, std::string_view password, const ScryptParams& params = {},
                             const RandomSource& random = system_random);

Result<PrivateKey, KeystoreError> decrypt_keystore(std::string_view json, std::string_view password);

}  // namespace flux::crypto
