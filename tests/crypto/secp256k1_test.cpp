// Keys, signing and recovery: known vectors, round trips, and every rejection.
#include "crypto/secp256k1.hpp"

#include "crypto/keccak.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <thread>

namespace flux::crypto {
namespace {

using test::h32;
using test::high_s_twin;
using test::key;

const char* const kOrderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

TEST(PrivateKey, KeyOneIsTheKnownAddress) {
  const PrivateKey k = key("0x0000000000000000000000000000000000000000000000000000000000000001");
  EXPECT_EQ(to_checksum_address(address_of(k)), "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  EXPECT_EQ(public_key(k).hex(false),
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
  // The web3.js documentation key.
  EXPECT_EQ(to_checksum_address(address_of(key("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))),
            "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
}

TEST(PrivateKey, Validation) {
  EXPECT_EQ(PrivateKey::from_hex(std::string(64, '0')).error(), KeyError::zero);
  EXPECT_EQ(PrivateKey::from_hex(kOrderHex).error(), KeyError::out_of_range);  // n
  EXPECT_EQ(PrivateKey::from_hex(std::string(64, 'f')).error(), KeyError::out_of_range);
  EXPECT_TRUE(PrivateKey::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"));  // n - 1
  EXPECT_EQ(PrivateKey::from_hex("0x01").error(), KeyError::bad_hex);
  EXPECT_EQ(PrivateKey::from_hex("0x" + std::string(63, '1') + "g").error(), KeyError::bad_hex);
  EXPECT_EQ(PrivateKey::from_bytes(Bytes(31, 1)).error(), KeyError::wrong_length);
  EXPECT_EQ(PrivateKey::from_bytes(Bytes(33, 1)).error(), KeyError::wrong_length);
  EXPECT_STRNE(key_error_message(KeyError::zero), "");
  const PrivateKey k = key("0x0000000000000000000000000000000000000000000000000000000000000002");
  EXPECT_EQ(k.secret_hex(), "0x0000000000000000000000000000000000000000000000000000000000000002");
}

TEST(PrivateKey, GenerateRetriesInvalidDraws) {
  int calls = 0;
  // First draw all-0xff (>= n), second zero, third a valid key.
  const PrivateKey k = PrivateKey::generate([&](std::span<std::uint8_t> out) {
    ++calls;
    for (auto& b : out) b = calls == 1 ? 0xff : 0x00;
    if (calls == 3) out[31] = 7;
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(k.secret()[31], 7);
  EXPECT_NE(PrivateKey::generate().secret_hex(), PrivateKey::generate().secret_hex());
}

TEST(Sign, IsDeterministicLowSAndRecoverable) {
  const PrivateKey k = key("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
  const Hash32 digest = keccak256(std::string_view("flux"));
  const Signature s1 = sign_digest(digest, k);
  EXPECT_EQ(s1, sign_digest(digest, k));  // RFC 6979: no randomness
  EXPECT_TRUE(s1[64] == 27 || s1[64] == 28);
  const auto& half = secp256k1_half_order();
  EXPECT_TRUE(std::lexicographical_compare_three_way(s1.data() + 32, s1.data() + 64, half.begin(), half.end()) <= 0);
  EXPECT_EQ(recover_address(digest, s1.view()).value(), address_of(k));
  EXPECT_EQ(recover_public_key(digest, s1.view()).value(), public_key(k));
}

TEST(Recover, RejectsWrongLength) {
  const Hash32 digest = keccak256(std::string_view("x"));
  const Signature s = sign_digest(digest, key("01" + std::string(62, '0')));
  EXPECT_EQ(recover_address(digest, s.view().first(64)).error(), SignatureError::wrong_length);
  Bytes longer(s.begin(), s.end());
  longer.push_back(0);
  EXPECT_EQ(recover_address(digest, longer).error(), SignatureError::wrong_length);
  EXPECT_EQ(recover_address(digest, Bytes{}).error(), SignatureError::wrong_length);
}

TEST(Recover, RejectsVOutOfRangeIncludingRawRecoveryIds) {
  const Hash32 digest = keccak256(std::string_view("v"));
  const Signature good = sign_digest(digest, key("02" + std::string(62, '0')));
  for (int v : {0, 1, 2, 26, 29, 35, 36, 255}) {
    Signature s = good;
    s[64] = static_cast<std::uint8_t>(v);
    EXPECT_EQ(recover_address(digest, s.view()).error(), SignatureError::bad_v) << "v = " << v;
  }
}

TEST(Recover, RejectsZeroOrOverflowingRS) {
  const Hash32 digest = keccak256(std::string_view("rs"));
  const Signature good = sign_digest(digest, key("03" + std::string(62, '0')));
  const auto n = secp256k1_order();
  auto with = [&](std::size_t offset, const std::array<std::uint8_t, 32>& v) {
    Signature s = good;
    std::copy(v.begin(), v.end(), s.bytes.begin() + static_cast<std::ptrdiff_t>(offset));
    return recover_address(digest, s.view());
  };
  const std::array<std::uint8_t, 32> zero{};
  std::array<std::uint8_t, 32> ff;
  ff.fill(0xff);
  for (std::size_t offset : {0u, 32u}) {
    EXPECT_EQ(with(offset, zero).error(), SignatureError::out_of_range);
    EXPECT_EQ(with(offset, n).error(), SignatureError::out_of_range);
    EXPECT_EQ(with(offset, ff).error(), SignatureError::out_of_range);
  }
  EXPECT_STRNE(signature_error_message(SignatureError::out_of_range), "");
}

TEST(Recover, RejectsHighSTwin) {
  const PrivateKey k = key("04" + std::string(62, '0'));
  for (int i = 0; i < 20; ++i) {
    const Hash32 digest = keccak256(std::string_view("high s " + std::to_string(i)));
    const Signature good = sign_digest(digest, k);
    ASSERT_EQ(recover_address(digest, good.view()).value(), address_of(k));
    const Signature twin = high_s_twin(good);
    EXPECT_EQ(recover_address(digest, twin.view()).error(), SignatureError::high_s);
  }
  // s = n/2 is still low; n/2 + 1 is high.
  Signature s = sign_digest(keccak256(std::string_view("edge")), k);
  std::copy(secp256k1_half_order().begin(), secp256k1_half_order().end(), s.bytes.begin() + 32);
  const auto at_half = recover_address(keccak256(std::string_view("edge")), s.view());
  EXPECT_TRUE(at_half.ok() || at_half.error() != SignatureError::high_s);
  s[63] += 1;
  EXPECT_EQ(recover_address(keccak256(std::string_view("edge")), s.view()).error(), SignatureError::high_s);
}

TEST(Recover, ReportsUnrecoverableWhenRIsNoCurvePoint) {
  // About half of all x coordinates are not on the curve; recovery from such an r
  // must fail cleanly.
  const Hash32 digest = keccak256(std::string_view("no point"));
  bool found = false;
  for (std::uint8_t x = 1; x < 100 && !found; ++x) {
    Signature s;
    s[31] = x;  // r = x
    s[63] = 1;  // s = 1
    s[64] = 27;
    const auto r = recover_address(digest, s.view());
    if (!r) {
      EXPECT_EQ(r.error(), SignatureError::unrecoverable);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(Sign, IsSafeFromManyThreads) {
  // The shared context is used through const pointers only.
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &bad] {
      const PrivateKey k = key(to_hex(keccak256(std::string_view("thread " + std::to_string(t))).view()));
      for (int i = 0; i < 50; ++i) {
        const Hash32 d = keccak256(std::string_view(std::to_string(t * 1000 + i)));
        const auto who = recover_address(d, sign_digest(d, k).view());
        if (!who || *who != address_of(k)) ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

// Property: any valid key signs any digest into a low-s signature that recovers to
// the key's address.
rc::Gen<PrivateKey> any_key() {
  return rc::gen::map(rc::gen::arbitrary<std::array<std::uint8_t, 32>>(), [](std::array<std::uint8_t, 32> raw) {
    auto k = PrivateKey::from_bytes(raw);
    if (!k) raw[0] = 0x01;  // zero or >= n (probability ~2^-128 each): 0x01... is valid
    return PrivateKey::from_bytes(raw).value();
  });
}

rc::Gen<Hash32> any_digest() {
  return rc::gen::map(rc::gen::arbitrary<std::array<std::uint8_t, 32>>(), [](const std::array<std::uint8_t, 32>& raw) {
    Hash32 h;
    h.bytes = raw;
    return h;
  });
}

RC_GTEST_PROP(Sign, RoundTrip, ()) {
  const PrivateKey k = *rc::gen::noShrink(any_key());
  const Hash32 digest = *any_digest();
  const Signature sig = sign_digest(digest, k);
  RC_ASSERT(sig[64] == 27 || sig[64] == 28);
  RC_ASSERT(recover_address(digest, sig.view()).value() == address_of(k));
  RC_ASSERT(recover_address(digest, high_s_twin(sig).view()).error() == SignatureError::high_s);
}

// Property: changing any single byte of the digest or of the signature never
// recovers the original signer: recovery fails or names someone else.
RC_GTEST_PROP(Recover, TamperingAnyByteChangesOrFails, ()) {
  const PrivateKey k = *rc::gen::noShrink(any_key());
  const Hash32 digest = *any_digest();
  const Signature sig = sign_digest(digest, k);
  const Address20 signer = address_of(k);
  const auto delta = *rc::gen::inRange<int>(1, 256);

  const auto i = *rc::gen::inRange<std::size_t>(0, 32);
  Hash32 d2 = digest;
  d2[i] = static_cast<std::uint8_t>(d2[i] + delta);
  const auto r1 = recover_address(d2, sig.view());
  // (Parenthesised: RC_ASSERT's expression capture would defeat ||'s short circuit.)
  RC_ASSERT((!r1 || *r1 != signer));

  const auto j = *rc::gen::inRange<std::size_t>(0, 65);
  Signature s2 = sig;
  s2[j] = static_cast<std::uint8_t>(s2[j] + delta);
  const auto r2 = recover_address(digest, s2.view());
  RC_ASSERT((!r2 || *r2 != signer));
}

}  // namespace
}  // namespace flux::crypto
