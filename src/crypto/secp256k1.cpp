#include "crypto/secp256k1.hpp"

#include <cryptopp/misc.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <compare>
#include <stdexcept>

namespace flux::crypto {
namespace {

constexpr std::array<std::uint8_t, 32> kOrder = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48,
                                                 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};
constexpr std::array<std::uint8_t, 32> kHalfOrder = {0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                     0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4,
                                                     0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0};

// Big-endian comparison of a 32-byte scalar with a constant.
std::strong_ordering compare32(const std::uint8_t* a, const std::array<std::uint8_t, 32>& b) {
  return std::lexicographical_compare_three_way(a, a + 32, b.begin(), b.end());
}
bool is_zero32(const std::uint8_t* a) {
  return std::all_of(a, a + 32, [](std::uint8_t b) { return b == 0; });
}

// The one libsecp256k1 context of the process. Created once (thread-safe static
// initialisation), randomised with fresh kernel entropy so signing's scalar
// multiplications are blinded against side channels, destroyed at exit. After
// randomisation it is only ever used through const pointers, which libsecp256k1
// documents as safe to share between threads.
class Context {
 public:
  Context() : ctx_(secp256k1_context_create(SECP256K1_CONTEXT_NONE)) {
    if (ctx_ == nullptr) throw std::runtime_error("secp256k1: cannot create a context");
    std::array<std::uint8_t, 32> seed{};
    system_random(seed);
    const int ok = secp256k1_context_randomize(ctx_, seed.data());
    CryptoPP::SecureWipeBuffer(seed.data(), seed.size());
    if (ok != 1) {
      secp256k1_context_destroy(ctx_);
      throw std::runtime_error("secp256k1: cannot randomise the context");
    }
  }
  ~Context() { secp256k1_context_destroy(ctx_); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const secp256k1_context* get() const { return ctx_; }

 private:
  secp256k1_context* ctx_;
};

const secp256k1_context* ctx() {
  static const Context context;
  return context.get();
}

PublicKey serialize(const secp256k1_pubkey& pk) {
  std::array<std::uint8_t, 65> sec1{};
  std::size_t len = sec1.size();
  secp256k1_ec_pubkey_serialize(ctx(), sec1.data(), &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  PublicKey out;
  std::copy(sec1.begin() + 1, sec1.end(), out.bytes.begin());  // drop SEC1's 0x04 tag
  return out;
}

}  // namespace

const std::array<std::uint8_t, 32>& secp256k1_order() { return kOrder; }
const std::array<std::uint8_t, 32>& secp256k1_half_order() { return kHalfOrder; }

const char* key_error_message(KeyError e) {
  switch (e) {
    case KeyError::bad_hex: return "private key: not 64 hex digits";
    case KeyError::wrong_length: return "private key: not 32 bytes";
    case KeyError::zero: return "private key: zero is not a valid key";
    case KeyError::out_of_range: return "private key: not below the secp256k1 group order";
  }
  return "private key: invalid";
}

const char* signature_error_message(SignatureError e) {
  switch (e) {
    case SignatureError::wrong_length: return "signature: not 65 bytes (r || s || v)";
    case SignatureError::bad_v: return "signature: v must be 27 or 28";
    case SignatureError::out_of_range: return "signature: r or s is zero or not below the group order";
    case SignatureError::high_s: return "signature: s is above n/2 (non-canonical, malleable)";
    case SignatureError::unrecoverable: return "signature: no public key recovers from it";
  }
  return "signature: invalid";
}

PrivateKey::~PrivateKey() { CryptoPP::SecureWipeBuffer(key_.data(), key_.size()); }

Result<PrivateKey, KeyError> PrivateKey::from_bytes(ByteView bytes) {
  if (bytes.size() != 32) return Failure{KeyError::wrong_length};
  if (is_zero32(bytes.data())) return Failure{KeyError::zero};
  if (compare32(bytes.data(), kOrder) >= 0) return Failure{KeyError::out_of_range};
  PrivateKey k;
  std::copy(bytes.begin(), bytes.end(), k.key_.begin());
  return k;
}

Result<PrivateKey, KeyError> PrivateKey::from_hex(std::string_view text, HexPrefix prefix) {
  auto raw = Hash32::from_hex(text, prefix);
  if (!raw) return Failure{KeyError::bad_hex};
  auto k = from_bytes(raw->view());
  CryptoPP::SecureWipeBuffer(raw.value().data(), 32);
  return k;
}

PrivateKey PrivateKey::generate(const RandomSource& random) {
  std::array<std::uint8_t, 32> buf{};
  for (;;) {
    random(buf);
    auto k = from_bytes(buf);
    if (k) {
      CryptoPP::SecureWipeBuffer(buf.data(), buf.size());
      return *k;
    }
  }
}

PublicKey public_key(const PrivateKey& key) {
  secp256k1_pubkey pk;
  // Cannot fail: a PrivateKey is always in [1, n).
  if (secp256k1_ec_pubkey_create(ctx(), &pk, key.secret().data()) != 1)
    throw std::logic_error("secp256k1: rejected a validated private key");
  return serialize(pk);
}

Address20 address_of(const PrivateKey& key) { return address_from_public_key(public_key(key)); }

Signature sign_digest(const Hash32& digest, const PrivateKey& key) {
  secp256k1_ecdsa_recoverable_signature sig;
  // nullptr nonce function = secp256k1_nonce_function_rfc6979, with no extra entropy,
  // which is what makes the signature equal ethers' byte for byte.
  if (secp256k1_ecdsa_sign_recoverable(ctx(), &sig, digest.data(), key.secret().data(), nullptr, nullptr) != 1)
    throw std::runtime_error("secp256k1: signing failed");
  Signature out;
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), out.data(), &recid, &sig);
  if (recid > 1) throw std::runtime_error("secp256k1: recovery id above 1 cannot be expressed in v");
  out[64] = static_cast<std::uint8_t>(27 + recid);
  return out;
}

Result<PublicKey, SignatureError> recover_public_key(const Hash32& digest, ByteView signature) {
  if (signature.size() != 65) return Failure{SignatureError::wrong_length};
  const std::uint8_t v = signature[64];
  if (v != 27 && v != 28) return Failure{SignatureError::bad_v};
  const std::uint8_t* r = signature.data();
  const std::uint8_t* s = signature.data() + 32;
  // libsecp256k1's parser rejects r, s >= n but accepts zero (recovery then fails);
  // checking here gives every malformed scalar the same, precise error.
  if (is_zero32(r) || is_zero32(s) || compare32(r, kOrder) >= 0 || compare32(s, kOrder) >= 0)
    return Failure{SignatureError::out_of_range};
  // libsecp256k1's recovery accepts high s (ecrecover does too); Flux does not.
  if (compare32(s, kHalfOrder) > 0) return Failure{SignatureError::high_s};

  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx(), &sig, signature.data(), v - 27) != 1)
    return Failure{SignatureError::out_of_range};
  secp256k1_pubkey pk;
  if (secp256k1_ecdsa_recover(ctx(), &pk, &sig, digest.data()) != 1) return Failure{SignatureError::unrecoverable};
  return serialize(pk);
}

Result<Address20, SignatureError> recover_address(const Hash32& digest, ByteView signature) {
  auto pk = recover_public_key(digest, signature);
  if (!pk) return Failure{pk.error()};
  return address_from_public_key(*pk);
}

}  // namespace flux::crypto
