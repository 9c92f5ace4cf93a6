// Interop with ethers v6, both directions. Not run directly: ctest runs it through
// the commands in CMakeLists.txt, which first run a Node script and pass file paths
// in the environment.
//
// EthersToCpp (FLUX_ETHERS_VECTORS = output of tests/interop/ethers_vectors.mjs):
//   same addresses, type strings, struct hashes, domain separator and digests;
//   every ethers signature recovers to its signer and equals the C++ signature byte
//   for byte (both RFC 6979); C++ decrypts every ethers keystore, and reproduces
//   ethers' fixed-randomness keystore exactly.
// --write-cpp-output FILE (a generator, not a test: this file's main()): writes
//   keystores and signed typed messages made by C++, which
//   tests/interop/check_cpp_output.mjs then checks with ethers (decrypt, digest,
//   verifyTypedData, signature bytes).
#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"
#include "crypto/keystore.hpp"
#include "crypto/secp256k1.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace flux::crypto {
namespace {

using json = nlohmann::json;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

json load_vectors() {
  const std::string path = env("FLUX_ETHERS_VECTORS");
  if (path.empty()) throw std::runtime_error("FLUX_ETHERS_VECTORS is not set: run this test through ctest");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return json::parse(in);
}

const json& vectors() {
  static const json v = load_vectors();
  return v;
}

Domain domain_of(const json& d) {
  return Domain{d.at("name").get<std::string>(), d.at("version").get<std::string>(),
                Uint256(d.at("chainId").get<std::uint64_t>())};
}

// A flat ethers typed-data message as a TypedStruct: fields in the order of
// types[primaryType]; JSON strings, booleans and string arrays map directly.
TypedStruct struct_of(const json& entry) {
  TypedStruct s;
  s.primary_type = entry.at("primaryType").get<std::string>();
  const json& message = entry.at("message");
  for (const json& f : entry.at("types").at(s.primary_type)) {
    const std::string name = f.at("name").get<std::string>();
    const json& v = message.at(name);
    FieldValue value;
    if (v.is_boolean()) value = v.get<bool>();
    else if (v.is_string()) value = v.get<std::string>();
    else if (v.is_array()) value = v.get<std::vector<std::string>>();
    else throw std::runtime_error("unexpected JSON value for " + name + ": " + v.dump());
    s.fields.push_back({name, f.at("type").get<std::string>(), std::move(value)});
  }
  return s;
}

Hash32 h32(const json& j) { return Hash32::from_hex(j.get<std::string>(), HexPrefix::required).value(); }

TEST(EthersToCpp, Addresses) {
  ASSERT_EQ(vectors().at("keys").size(), 4u);  // ethers_vectors.mjs: KEYS
  for (const json& k : vectors().at("keys")) {
    const auto key = PrivateKey::from_hex(k.at("private_key").get<std::string>(), HexPrefix::required);
    ASSERT_TRUE(key);
    EXPECT_EQ(to_checksum_address(address_of(*key)), k.at("address").get<std::string>());
  }
}

TEST(EthersToCpp, DomainSeparator) {
  EXPECT_EQ(domain_separator(domain_of(vectors().at("domain"))), h32(vectors().at("domain_separator")));
}

TEST(EthersToCpp, TypedDataHashesAndSignatures) {
  const Domain domain = domain_of(vectors().at("domain"));
  std::map<std::string, std::string> keys;  // address -> private key hex
  for (const json& k : vectors().at("keys")) keys[k.at("address")] = k.at("private_key");
  ASSERT_EQ(vectors().at("messages").size(), 6u);  // ethers_vectors.mjs: MESSAGES
  for (const json& m : vectors().at("messages")) {
    const TypedStruct s = struct_of(m);
    SCOPED_TRACE(m.at("encode_type").get<std::string>());
    const auto type = encode_type(s);
    ASSERT_TRUE(type) << type.error().message();
    EXPECT_EQ(*type, m.at("encode_type").get<std::string>());
    EXPECT_EQ(type_hash(s).value(), h32(m.at("type_hash")));
    EXPECT_EQ(hash_struct(s).value(), h32(m.at("hash_struct")));
    const Hash32 digest = typed_data_digest(domain, s).value();
    EXPECT_EQ(digest, h32(m.at("digest")));
    for (const json& sig : m.at("signatures")) {
      const std::string address = sig.at("address");
      const auto bytes = Signature::from_hex(sig.at("signature").get<std::string>(), HexPrefix::required);
      ASSERT_TRUE(bytes);
      const auto who = recover_address(digest, bytes->view());
      ASSERT_TRUE(who) << signature_error_message(who.error());
      EXPECT_EQ(to_checksum_address(*who), address);
      const PrivateKey key = PrivateKey::from_hex(keys.at(address)).value();
      EXPECT_EQ(sign_digest(digest, key).hex(), sig.at("signature").get<std::string>());
    }
  }
}

TEST(EthersToCpp, Keystores) {
  ASSERT_EQ(vectors().at("keystores").size(), 3u);  // ethers_vectors.mjs: 2 random, 1 fixed
  for (const json& k : vectors().at("keystores")) {
    SCOPED_TRACE(k.at("kind").get<std::string>() + " " + k.at("address").get<std::string>());
    const std::string text = k.at("json");
    const std::string password = k.at("password");
    const auto key = decrypt_keystore(text, password);
    ASSERT_TRUE(key) << key.error().message();
    EXPECT_EQ(key->secret_hex(), k.at("private_key").get<std::string>());
    EXPECT_EQ(to_checksum_address(address_of(*key)), k.at("address").get<std::string>());
    EXPECT_EQ(decrypt_keystore(text, password + "!").error().kind, KeystoreError::Kind::wrong_password);

    if (k.at("kind") == "fixed") {
      KeystoreRandomness rnd;
      const auto copy = [](const json& hex, auto& out) {
        const Bytes b = from_hex(hex.get<std::string>(), HexPrefix::required).value();
        ASSERT_EQ(b.size(), out.size());
        std::copy(b.begin(), b.end(), out.begin());
      };
      copy(k.at("salt"), rnd.salt);
      copy(k.at("iv"), rnd.iv);
      copy(k.at("uuid"), rnd.uuid);
      const ScryptParams params{k.at("n").get<std::uint64_t>(), k.at("r").get<std::uint32_t>(),
                                k.at("p").get<std::uint32_t>()};
      json ours = json::parse(encrypt_keystore(*key, password, params, rnd));
      json theirs = json::parse(text);
      theirs["crypto"] = theirs.at("Crypto");  // ethers' spelling of the section
      theirs.erase("Crypto");
      EXPECT_EQ(ours, theirs) << "C++: " << ours.dump() << "\nethers: " << theirs.dump();
    }
  }
}

// ---------------------------------------------------------------------------------

json value_json(const FieldValue& v) {
  return std::visit(
      [](const auto& x) -> json {
        using V = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::string> ||
                      std::is_same_v<V, std::vector<std::string>>)
          return x;
        else if constexpr (std::is_same_v<V, Uint256>) return x.str();
        else if constexpr (std::is_same_v<V, Address20>) return to_checksum_address(x);
        else if constexpr (std::is_same_v<V, Hash32>) return x.hex();
        else {
          json a = json::array();
          for (const auto& e : x) a.push_back(value_json(FieldValue(e)));
          return a;
        }
      },
      v);
}

// What check_cpp_output.mjs checks; false if the file cannot be written.
bool write_cpp_output(const std::string& path) {
  const Domain domain{"Flux", "1", 31337};
  const json domain_json = {{"name", domain.name}, {"version", domain.version}, {"chainId", 31337}};

  std::vector<PrivateKey> keys;
  for (const char* seed : {"cpp key a", "cpp key b", "cpp key c"})
    keys.push_back(PrivateKey::from_bytes(keccak256(std::string_view(seed)).view()).value());
  keys.push_back(PrivateKey::generate());  // a fresh random key every run
  const auto addr = [&](std::size_t i) { return address_of(keys[i]); };

  const std::vector<TypedStruct> messages = {
      {"Mint",
       {{"sender", "address", addr(0)},
        {"nonce", "uint64", Uint256(1)},
        {"market", "string", std::string("fUSDC")},
        {"amount", "uint256", Uint256("5000000000000000000")}}},
      {"EnterMarkets",
       {{"sender", "address", addr(1)},
        {"nonce", "uint64", Uint256(2)},
        {"markets", "string[]", std::vector<std::string>{"fUSDC", "fOUSG", "f\u00e9\u2713"}}}},
      {"Repay",
       {{"sender", "address", addr(2)},
        {"nonce", "uint64", Uint256("18446744073709551615")},
        {"market", "string", std::string("fDAI")},
        {"amount", "uint256", Uint256(0)},
        {"borrower", "address", addr(3)}}},
      {"Batch",
       {{"sender", "address", addr(3)},
        {"ok", "bool", true},
        {"tag", "bytes32", keccak256(std::string_view("t"))},
        {"who", "address[]", std::vector<Address20>{addr(0), addr(1)}},
        {"amounts", "uint256[]", std::vector<Uint256>{Uint256(1), Uint256("1000000000000000000000000")}},
        {"small", "uint8", Uint256(200)}}},
  };

  json out = {{"keystores", json::array()}, {"signatures", json::array()}};
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const TypedStruct& m = messages[i];
    json types = json::array();
    json message = json::object();
    for (const Field& f : m.fields) {
      types.push_back({{"name", f.name}, {"type", f.type}});
      message[f.name] = value_json(f.value);
    }
    const Hash32 digest = typed_data_digest(domain, m).value();
    const PrivateKey& signer = keys[i % keys.size()];
    out["signatures"].push_back({{"domain", domain_json},
                                 {"types", {{m.primary_type, types}}},
                                 {"primaryType", m.primary_type},
                                 {"message", message},
                                 {"digest", digest.hex()},
                                 {"signature", sign_digest(digest, signer).hex()},
                                 {"address", to_checksum_address(address_of(signer))},
                                 {"private_key", signer.secret_hex()}});
  }
  const ScryptParams cheap{1024, 8, 1};
  for (const auto& [i, password] : std::vector<std::pair<std::size_t, std::string>>{
           {0, "cpp password"}, {3, "p\u00e4ssw\u00f6rd \u2713"}, {1, ""}}) {
    out["keystores"].push_back({{"json", encrypt_keystore(keys[i], password, cheap)},
                                {"password", password},
                                {"address", to_checksum_address(address_of(keys[i]))},
                                {"private_key", keys[i].secret_hex()}});
  }
  std::ofstream file(path);
  file << out.dump(2) << "\n";
  return file.good();
}

}  // namespace
}  // namespace flux::crypto

// `--write-cpp-output FILE` writes the C++ side's output and exits; anything else runs
// the EthersToCpp tests.
int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write-cpp-output")
    return flux::crypto::write_cpp_output(argv[2]) ? 0 : 1;
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
