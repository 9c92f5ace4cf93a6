// Keystore v3: round trips, a file ethers wrote, byte-exact output for fixed
// randomness, and every rejection. Scrypt N is 1024 (or less) to keep this fast.
#include "crypto/keystore.hpp"

#include "crypto/keccak.hpp"
#include "test_util.hpp"

#include <cryptopp/scrypt.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace flux::crypto {
namespace {

using json = nlohmann::json;
using K = KeystoreError::Kind;

const ScryptParams kCheap{1024, 8, 1};

KeystoreRandomness fixed_randomness() {
  KeystoreRandomness r;
  r.salt.fill(0x11);
  r.iv.fill(0x22);
  r.uuid.fill(0x33);
  return r;
}

// Written by ethers v6.17: encryptKeystoreJson(wallet, "flux test password",
// {scrypt: {N: 1024}, salt: 0x11.., iv: 0x22.., uuid: 0x33..}) for the key
// keccak256("flux interop key") (tests/interop/ethers_vectors.mjs).
const char* const kEthersFixed =
    R"({"address":"ffe6be71790dc8b70a7b6ddae7ff1f06f370ae50","id":"33333333-3333-4333-b333-333333333333","version":3,)"
    R"("Crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"22222222222222222222222222222222"},)"
    R"("ciphertext":"7898dc4091c94cda7738c6a90120f90aec3c2ad2b72459b0f09bee740fc56c3b","kdf":"scrypt",)"
    R"("kdfparams":{"salt":"1111111111111111111111111111111111111111111111111111111111111111","n":1024,"dklen":32,"p":1,"r":8},)"
    R"("mac":"fbeff66a7f7eb2068cd52ef25360893974b2e3c645eaa2d00d4e9e2a6e2359f6"}})";
const PrivateKey& ethers_fixed_key() {
  static const PrivateKey k = PrivateKey::from_bytes(keccak256(std::string_view("flux interop key")).view()).value();
  return k;
}

// A valid file to mutate: ours, for key 5, N = 16 (cheap).
json sample() {
  static const std::string text =
      encrypt_keystore(test::key(std::string(63, '0') + "5"), "pw", ScryptParams{16, 8, 1}, fixed_randomness());
  return json::parse(text);
}
KeystoreError error_of(const json& doc, std::string_view password = "pw") {
  return decrypt_keystore(doc.dump(), password).error();
}

TEST(Keystore, DecryptsWhatEthersWrote) {
  const auto k = decrypt_keystore(kEthersFixed, "flux test password");
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_EQ(*k, ethers_fixed_key());
  EXPECT_EQ(to_checksum_address(address_of(*k)), "0xFFE6be71790dc8B70a7B6DDae7ff1F06F370AE50");
}

TEST(Keystore, FixedRandomnessReproducesEthersByteForByte) {
  const json ours = json::parse(encrypt_keystore(ethers_fixed_key(), "flux test password", kCheap, fixed_randomness()));
  json theirs = json::parse(kEthersFixed);
  // The only difference: ethers spells the section "Crypto", the spec "crypto".
  theirs["crypto"] = theirs["Crypto"];
  theirs.erase("Crypto");
  EXPECT_EQ(ours, theirs) << ours.dump(1) << "\n" << theirs.dump(1);
}

TEST(Keystore, RoundTripsWithSystemRandomness) {
  const PrivateKey k = PrivateKey::generate();
  const std::string a = encrypt_keystore(k, "correct horse", kCheap);
  const std::string b = encrypt_keystore(k, "correct horse", kCheap);
  EXPECT_NE(a, b);  // fresh salt, IV and id each time
  EXPECT_EQ(decrypt_keystore(a, "correct horse").value(), k);
  EXPECT_EQ(decrypt_keystore(b, "correct horse").value(), k);
  const json doc = json::parse(a);
  EXPECT_EQ(doc["version"], 3);
  EXPECT_EQ(doc["address"], address_of(k).hex(false));
  const std::string id = doc["id"];
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');  // UUID version 4
}

TEST(Keystore, UsesTheCallersRandomSource) {
  int calls = 0;
  const std::string text =
      encrypt_keystore(test::key(std::string(63, '0') + "9"), "pw", kCheap, [&](std::span<std::uint8_t> out) {
        ++calls;
        for (auto& b : out) b = static_cast<std::uint8_t>(calls);
      });
  EXPECT_EQ(calls, 3);  // salt, IV, id
  const json doc = json::parse(text);
  std::string ones;
  for (int i = 0; i < 32; ++i) ones += "01";
  EXPECT_EQ(doc["crypto"]["kdfparams"]["salt"], ones);
  EXPECT_EQ(doc["crypto"]["cipherparams"]["iv"], "02020202020202020202020202020202");
}

TEST(Keystore, NonAsciiPasswordIsUtf8Bytes) {
  const PrivateKey k = test::key(std::string(63, '0') + "7");
  const std::string text = encrypt_keystore(k, "pässwörd \u2713", kCheap, fixed_randomness());
  EXPECT_EQ(decrypt_keystore(text, "pässwörd \u2713").value(), k);
  EXPECT_EQ(decrypt_keystore(text, "passwörd \u2713").error().kind, K::wrong_password);
}

TEST(Keystore, WrongPasswordIsAMacMismatch) {
  const auto e = decrypt_keystore(kEthersFixed, "flux test passwore");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, K::wrong_password);
  EXPECT_EQ(e.error().message(), "keystore: wrong password (MAC mismatch)");
  EXPECT_EQ(decrypt_keystore(kEthersFixed, "").error().kind, K::wrong_password);
}

TEST(Keystore, TamperedCiphertextOrMacIsDetected) {
  json doc = sample();
  std::string c = doc["crypto"]["ciphertext"];
  c[0] = c[0] == '0' ? '1' : '0';
  doc["crypto"]["ciphertext"] = c;
  EXPECT_EQ(error_of(doc).kind, K::wrong_password);
  doc = sample();
  std::string m = doc["crypto"]["mac"];
  m[63] = m[63] == '0' ? '1' : '0';
  doc["crypto"]["mac"] = m;
  EXPECT_EQ(error_of(doc).kind, K::wrong_password);
}

TEST(Keystore, AddressMustMatchTheKey) {
  json doc = sample();
  doc["address"] = std::string(40, 'a');
  const auto e = error_of(doc);
  EXPECT_EQ(e.kind, K::address_mismatch);
  doc.erase("address");  // optional: geth and ethers accept files without it
  EXPECT_TRUE(decrypt_keystore(doc.dump(), "pw"));
  doc = sample();
  doc["address"] = "0x" + doc["address"].get<std::string>();  // a prefix is tolerated
  EXPECT_TRUE(decrypt_keystore(doc.dump(), "pw"));
}

TEST(Keystore, DecryptedBytesMustBeAValidKey) {
  // Build a file whose plaintext is zero: ciphertext = the CTR keystream, with a
  // correct MAC over it.
  json doc = sample();
  const Bytes salt = test::hx(doc["crypto"]["kdfparams"]["salt"].get<std::string>());
  const Bytes cipher = test::hx(doc["crypto"]["ciphertext"].get<std::string>());
  const PrivateKey k5 = test::key(std::string(63, '0') + "5");
  Bytes keystream(32);
  for (std::size_t i = 0; i < 32; ++i) keystream[i] = cipher[i] ^ k5.secret()[i];
  std::array<std::uint8_t, 32> dk{};
  CryptoPP::Scrypt().DeriveKey(dk.data(), 32, reinterpret_cast<const CryptoPP::byte*>("pw"), 2, salt.data(),
                               salt.size(), 16, 8, 1);
  const Hash32 mac = Keccak256().update(ByteView(dk.data() + 16, 16)).update(keystream).finish();
  doc["crypto"]["ciphertext"] = to_hex(keystream, false);
  doc["crypto"]["mac"] = mac.hex(false);
  doc.erase("address");
  EXPECT_EQ(error_of(doc).kind, K::invalid_key);
}

TEST(Keystore, RejectsMalformedJson) {
  for (const char* text : {"", "{", "null", "[]", "3", "\"x\"", "{\"version\":3}", "{\"version\":3,\"crypto\":1}"}) {
    SCOPED_TRACE(text);
    const auto e = decrypt_keystore(text, "pw");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().kind, K::malformed);
  }
  EXPECT_EQ(decrypt_keystore("{", "pw").error().message(), "keystore: malformed keystore: not valid JSON");
}

TEST(Keystore, RejectsMissingOrMistypedFields) {
  const std::vector<std::vector<std::string>> paths = {{"crypto", "ciphertext"},
                                                       {"crypto", "mac"},
                                                       {"crypto", "cipherparams"},
                                                       {"crypto", "cipherparams", "iv"},
                                                       {"crypto", "kdfparams"},
                                                       {"crypto", "kdfparams", "salt"},
                                                       {"crypto", "kdfparams", "n"},
                                                       {"crypto", "kdfparams", "r"},
                                                       {"crypto", "kdfparams", "p"},
                                                       {"crypto", "kdfparams", "dklen"},
                                                       {"crypto", "kdf"},
                                                       {"crypto", "cipher"}};
  for (const auto& path : paths) {
    std::string where;
    for (const auto& p : path) where += "/" + p;
    SCOPED_TRACE(where);
    json missing = sample();
    missing[json::json_pointer(where).parent_pointer()].erase(path.back());
    EXPECT_EQ(error_of(missing).kind, K::malformed);
    json mistyped = sample();
    mistyped[json::json_pointer(where)] = json::array();
    EXPECT_EQ(error_of(mistyped).kind, K::malformed);
  }
}

TEST(Keystore, RejectsWrongSizesAndBadHex) {
  json doc = sample();
  doc["crypto"]["cipherparams"]["iv"] = std::string(30, '0');
  EXPECT_EQ(error_of(doc).kind, K::malformed);
  doc = sample();
  doc["crypto"]["ciphertext"] = std::string(62, '0');
  EXPECT_EQ(error_of(doc).kind, K::malformed);
  doc = sample();
  doc["crypto"]["mac"] = std::string(63, '0') + "z";
  const auto e = error_of(doc);
  EXPECT_EQ(e.kind, K::malformed);
  EXPECT_NE(e.message().find("crypto.mac"), std::string::npos) << e.message();
  doc = sample();
  doc["address"] = "xyz";
  EXPECT_EQ(error_of(doc).kind, K::malformed);
}

TEST(Keystore, RejectsOtherVersionsKdfsAndCiphers) {
  json doc = sample();
  for (const json& v : {json(1), json(4), json("3"), json(nullptr), json(3.5)}) {
    doc["version"] = v;
    EXPECT_EQ(error_of(doc).kind, K::unsupported_version) << v;
  }
  doc = sample();
  doc.erase("version");
  EXPECT_EQ(error_of(doc).kind, K::malformed);
  doc = sample();
  doc["crypto"]["kdf"] = "pbkdf2";
  EXPECT_EQ(error_of(doc).kind, K::unsupported_kdf);
  doc = sample();
  doc["crypto"]["cipher"] = "aes-128-cbc";
  const auto e = error_of(doc);
  EXPECT_EQ(e.kind, K::unsupported_cipher);
  EXPECT_EQ(e.message(), "keystore: unsupported cipher: \"aes-128-cbc\", only \"aes-128-ctr\" is supported");
}

TEST(Keystore, RejectsBadOrTooCostlyScryptParameters) {
  const std::vector<std::pair<const char*, json>> cases = {
      {"n", 1000}, {"n", 0},        {"n", 1}, {"n", -1024}, {"n", 1u << 31}, {"n", 1ull << 40},
      {"r", 0},    {"r", 1u << 30}, {"p", 0}, {"p", 17},    {"dklen", 64},   {"dklen", 16}};
  for (const auto& [field, value] : cases) {
    SCOPED_TRACE(std::string(field) + "=" + value.dump());
    json doc = sample();
    doc["crypto"]["kdfparams"][field] = value;
    const auto e = error_of(doc);
    // Negative numbers are not unsigned integers: malformed; the rest bad_kdf_params.
    EXPECT_TRUE(e.kind == K::bad_kdf_params ||
                (e.kind == K::malformed && value.is_number_integer() && value.get<std::int64_t>() < 0))
        << e.message();
  }
  // N = 2^16 with r = 1 violates scrypt's N < 2^(128 r / 8): Crypto++ refuses it
  // and the error is reported, not thrown.
  json doc = sample();
  doc["crypto"]["kdfparams"]["n"] = 1u << 16;
  doc["crypto"]["kdfparams"]["r"] = 1;
  EXPECT_EQ(error_of(doc).kind, K::bad_kdf_params);
}

TEST(Keystore, EncryptRejectsInvalidParameters) {
  const PrivateKey k = test::key(std::string(63, '0') + "1");
  EXPECT_THROW(encrypt_keystore(k, "pw", ScryptParams{1000, 8, 1}, fixed_randomness()), std::invalid_argument);
  EXPECT_THROW(encrypt_keystore(k, "pw", ScryptParams{1024, 0, 1}, fixed_randomness()), std::invalid_argument);
}

}  // namespace
}  // namespace flux::crypto
