#include "crypto/keystore.hpp"

#include "crypto/keccak.hpp"

#include <cryptopp/aes.h>
#include <cryptopp/misc.h>
#include <cryptopp/modes.h>
#include <cryptopp/scrypt.h>
#include <cryptopp/secblock.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace flux::crypto {
namespace {

using json = nlohmann::json;
using Kind = KeystoreError::Kind;

Failure<KeystoreError> fail(Kind kind, std::string detail) { return Failure{KeystoreError{kind, std::move(detail)}}; }

// RFC 7914's conditions (N a power of two > 1 and below 2^(128 r / 8), r and p
// positive), which ethers enforces too, plus the memory and parallelism limits.
bool valid_scrypt(std::uint64_t n, std::uint64_t r, std::uint64_t p) {
  if (n <= 1 || (n & (n - 1)) != 0 || r < 1 || p < 1 || p > kMaxScryptP) return false;
  if (r > kMaxScryptMemory / 128 || n > kMaxScryptMemory / (128 * r)) return false;
  return 16 * r >= 64 || n < (std::uint64_t{1} << (16 * r));
}

// 32 bytes: [0, 16) is the AES key, [16, 32) the MAC key.
CryptoPP::SecByteBlock derive_key(std::string_view password, ByteView salt, std::uint64_t n, std::uint64_t r,
                                  std::uint64_t p) {
  CryptoPP::SecByteBlock dk(32);
  CryptoPP::Scrypt().DeriveKey(dk.data(), dk.size(), reinterpret_cast<const CryptoPP::byte*>(password.data()),
                               password.size(), salt.data(), salt.size(), n, r, p);
  return dk;
}

// CTR mode is its own inverse: the same call encrypts and decrypts. The IV is the
// initial 128-bit big-endian counter, as in the keystore format.
void aes128_ctr(const CryptoPP::SecByteBlock& dk, ByteView iv, ByteView in, std::uint8_t* out) {
  CryptoPP::CTR_Mode<CryptoPP::AES>::Encryption ctr;
  ctr.SetKeyWithIV(dk.data(), 16, iv.data(), iv.size());
  ctr.ProcessData(out, in.data(), in.size());
}

Hash32 mac_of(const CryptoPP::SecByteBlock& dk, ByteView ciphertext) {
  return Keccak256().update(ByteView(dk.data() + 16, 16)).update(ciphertext).finish();
}

std::string uuid_v4(std::array<std::uint8_t, 16> b) {
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string h = to_hex(b, false);
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' + h.substr(20);
}

// Field readers: each returns the value or a `malformed` error naming the field.
Result<const json*, KeystoreError> member(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) return fail(Kind::malformed, "missing " + path + key);
  return &*it;
}

Result<std::string, KeystoreError> string_field(const json& obj, const char* key, const std::string& path) {
  auto m = member(obj, key, path);
  if (!m) return Failure{m.error()};
  if (!(*m)->is_string()) return fail(Kind::malformed, path + key + " must be a string");
  return (*m)->get<std::string>();
}

Result<Bytes, KeystoreError> hex_field(const json& obj, const char* key, const std::string& path,
                                       std::size_t size /* 0 = any */) {
  auto s = string_field(obj, key, path);
  if (!s) return Failure{s.error()};
  auto b = from_hex(*s, HexPrefix::optional);
  if (!b) return fail(Kind::malformed, path + key + ": " + b.error().message());
  if (size != 0 && b->size() != size)
    return fail(Kind::malformed,
                path + key + " must be " + std::to_string(size) + " bytes, got " + std::to_string(b->size()));
  return *b;
}

Result<std::uint64_t, KeystoreError> uint_field(const json& obj, const char* key, const std::string& path) {
  auto m = member(obj, key, path);
  if (!m) return Failure{m.error()};
  if (!(*m)->is_number_unsigned()) return fail(Kind::malformed, path + key + " must be a non-negative integer");
  return (*m)->get<std::uint64_t>();
}

}  // namespace

std::string KeystoreError::message() const {
  const char* what = "";
  switch (kind) {
    case Kind::malformed: what = "malformed keystore"; break;
    case Kind::unsupported_version: what = "unsupported keystore version"; break;
    case Kind::unsupported_kdf: what = "unsupported key derivation function"; break;
    case Kind::bad_kdf_params: what = "invalid or too costly scrypt parameters"; break;
    case Kind::unsupported_cipher: what = "unsupported cipher"; break;
    case Kind::wrong_password: what = "wrong password (MAC mismatch)"; break;
    case Kind::invalid_key: what = "decrypted key is not a valid secp256k1 private key"; break;
    case Kind::address_mismatch: what = "decrypted key does not match the keystore's address"; break;
  }
  return detail.empty() ? std::string("keystore: ") + what : std::string("keystore: ") + what + ": " + detail;
}

std::string encrypt_keystore(const PrivateKey& key, std::string_view password, const ScryptParams& params,
                             const KeystoreRandomness& rnd) {
  if (!valid_scrypt(params.n, params.r, params.p))
    throw std::invalid_argument("encrypt_keystore: scrypt N must be a power of two > 1, r and p >= 1, within limits");
  const CryptoPP::SecByteBlock dk = derive_key(password, rnd.salt, params.n, params.r, params.p);
  std::array<std::uint8_t, 32> ciphertext{};
  aes128_ctr(dk, rnd.iv, key.secret(), ciphertext.data());
  const Hash32 mac = mac_of(dk, ciphertext);

  // Field names and layout as ethers and geth write them (ethers capitalises
  // "Crypto"; the Web3 Secret Storage definition and geth use "crypto", which every
  // reader accepts). Addresses and hex are bare lowercase, no "0x".
  const json doc = {
      {"address", address_of(key).hex(false)},
      {"id", uuid_v4(rnd.uuid)},
      {"version", 3},
      {"crypto",
       {{"cipher", "aes-128-ctr"},
        {"cipherparams", {{"iv", to_hex(rnd.iv, false)}}},
        {"ciphertext", to_hex(ciphertext, false)},
        {"kdf", "scrypt"},
        {"kdfparams",
         {{"salt", to_hex(rnd.salt, false)}, {"n", params.n}, {"r", params.r}, {"p", params.p}, {"dklen", 32}}},
        {"mac", mac.hex(false)}}},
  };
  return doc.dump();
}

std::string encrypt_keystore(const PrivateKey& key, std::string_view password, const ScryptParams& params,
                             const RandomSource& random) {
  KeystoreRandomness rnd;
  random(rnd.salt);
  random(rnd.iv);
  random(rnd.uuid);
  return encrypt_keystore(key, password, params, rnd);
}

// Longer than most functions on purpose: the Web3 Secret Storage steps in their order
// (parse and check every field, derive the key with scrypt, check the MAC, decrypt), each failing with its own error.
// NOLINTNEXTLINE(readability-function-size)
Result<PrivateKey, KeystoreError> decrypt_keystore(std::string_view text, std::string_view password) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail(Kind::malformed, "not valid JSON");
  if (!doc.is_object()) return fail(Kind::malformed, "not a JSON object");

  auto version = member(doc, "version", "");
  if (!version) return Failure{version.error()};
  if (!(*version)->is_number_integer() || (*version)->get<std::int64_t>() != 3)
    return fail(Kind::unsupported_version, "version is " + (*version)->dump() + ", only 3 is supported");

  // ethers writes "Crypto", the spec and geth "crypto".
  const char* crypto_key = doc.contains("crypto") ? "crypto" : "Crypto";
  auto crypto_member = member(doc, crypto_key, "");
  if (!crypto_member) return fail(Kind::malformed, "missing crypto");
  const json& crypto = **crypto_member;
  if (!crypto.is_object()) return fail(Kind::malformed, "crypto must be an object");
  const std::string path = std::string(crypto_key) + ".";

  auto kdf = string_field(crypto, "kdf", path);
  if (!kdf) return Failure{kdf.error()};
  if (*kdf != "scrypt") return fail(Kind::unsupported_kdf, "\"" + *kdf + "\", only \"scrypt\" is supported");
  auto cipher = string_field(crypto, "cipher", path);
  if (!cipher) return Failure{cipher.error()};
  if (*cipher != "aes-128-ctr")
    return fail(Kind::unsupported_cipher, "\"" + *cipher + "\", only \"aes-128-ctr\" is supported");

  auto kp = member(crypto, "kdfparams", path);
  if (!kp) return Failure{kp.error()};
  if (!(*kp)->is_object()) return fail(Kind::malformed, path + "kdfparams must be an object");
  const std::string kpath = path + "kdfparams.";
  auto salt = hex_field(**kp, "salt", kpath, 0);
  if (!salt) return Failure{salt.error()};
  auto n = uint_field(**kp, "n", kpath);
  if (!n) return Failure{n.error()};
  auto r = uint_field(**kp, "r", kpath);
  if (!r) return Failure{r.error()};
  auto p = uint_field(**kp, "p", kpath);
  if (!p) return Failure{p.error()};
  auto dklen = uint_field(**kp, "dklen", kpath);
  if (!dklen) return Failure{dklen.error()};
  if (*dklen != 32) return fail(Kind::bad_kdf_params, "dklen must be 32");
  if (!valid_scrypt(*n, *r, *p))
    return fail(Kind::bad_kdf_params, "n=" + std::to_string(*n) + " r=" + std::to_string(*r) +
                                          " p=" + std::to_string(*p) +
                                          " (n a power of two > 1; r, p >= 1; 128*r*n <= 1 GiB; p <= 16)");

  auto cp = member(crypto, "cipherparams", path);
  if (!cp) return Failure{cp.error()};
  if (!(*cp)->is_object()) return fail(Kind::malformed, path + "cipherparams must be an object");
  auto iv = hex_field(**cp, "iv", path + "cipherparams.", 16);
  if (!iv) return Failure{iv.error()};
  auto ciphertext = hex_field(crypto, "ciphertext", path, 32);
  if (!ciphertext) return Failure{ciphertext.error()};
  auto mac = hex_field(crypto, "mac", path, 32);
  if (!mac) return Failure{mac.error()};

  std::optional<Address20> expected_address;
  if (doc.contains("address")) {
    auto a = string_field(doc, "address", "");
    if (!a) return Failure{a.error()};
    auto parsed = Address20::from_hex(*a, HexPrefix::optional);  // any case: ethers does not check the checksum here
    if (!parsed) return fail(Kind::malformed, "address: " + parsed.error().message());
    expected_address = *parsed;
  }

  CryptoPP::SecByteBlock dk;
  try {
    dk = derive_key(password, *salt, *n, *r, *p);
  } catch (const CryptoPP::Exception& e) {
    return fail(Kind::bad_kdf_params, e.what());
  }
  const Hash32 computed = mac_of(dk, *ciphertext);
  // Constant time, so the comparison leaks nothing about how close a guess came.
  if (!CryptoPP::VerifyBufsEqual(computed.data(), mac->data(), 32)) return fail(Kind::wrong_password, "");

  CryptoPP::SecByteBlock plain(32);
  aes128_ctr(dk, *iv, *ciphertext, plain.data());
  auto key = PrivateKey::from_bytes(ByteView(plain.data(), plain.size()));
  if (!key) return fail(Kind::invalid_key, key_error_message(key.error()));
  if (expected_address && address_of(*key) != *expected_address)
    return fail(Kind::address_mismatch,
                "file says 0x" + expected_address->hex(false) + ", key is " + to_checksum_address(address_of(*key)));
  return *key;
}

}  // namespace flux::crypto
