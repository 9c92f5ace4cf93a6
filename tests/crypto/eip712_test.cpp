// EIP-712: the specification's own example, Flux's transaction types, and every
// rejection of a malformed type or value.
//
// The spec's example ("Mail") nests Person structs, which this flat encoder does not
// support; but a nested struct field is encoded as its hashStruct, so the test
// builds Mail's encoding from the Person hashes computed here and checks the spec's
// published type hash, struct hash, domain separator, digest and signature.
// The Flux types' expected hashes were produced by ethers v6.17 TypedDataEncoder
// (tests/interop/ethers_vectors.mjs); the interop test re-derives them on every run.
#include "crypto/eip712.hpp"

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

namespace flux::crypto {
namespace {

using test::h32;
using K = Eip712Error::Kind;

Address20 addr(std::string_view text) { return parse_address(text).value(); }

const Domain kFlux{"Flux", "1", 31337};

TypedStruct mint(std::string sender, std::string nonce, std::string market, std::string amount) {
  return {"Mint",
          {{"sender", "address", std::move(sender)},
           {"nonce", "uint64", std::move(nonce)},
           {"market", "string", std::move(market)},
           {"amount", "uint256", std::move(amount)}}};
}

TEST(Eip712, SpecificationMailExample) {
  const TypedStruct person_type_check{"Person",
                                      {{"name", "string", std::string("Cow")},
                                       {"wallet", "address", addr("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")}}};
  EXPECT_EQ(encode_type(person_type_check).value(), "Person(string name,address wallet)");
  const Hash32 cow = hash_struct(person_type_check).value();
  const Hash32 bob =
      hash_struct(TypedStruct{"Person",
                              {{"name", "string", std::string("Bob")},
                               {"wallet", "address", addr("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")}}})
          .value();
  // Mail(Person from,Person to,string contents): referenced types are appended, sorted.
  const std::string mail_type = "Mail(Person from,Person to,string contents)Person(string name,address wallet)";
  const Hash32 mail_type_hash = keccak256(std::string_view(mail_type));
  EXPECT_EQ(mail_type_hash, h32("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2"));
  const Hash32 mail = Keccak256()
                          .update(mail_type_hash.view())
                          .update(cow.view())
                          .update(bob.view())
                          .update(keccak256(std::string_view("Hello, Bob!")).view())
                          .finish();
  EXPECT_EQ(mail, h32("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"));

  // The spec's domain has a verifyingContract, which Domain leaves out; as a struct
  // it is still flat.
  const TypedStruct domain{"EIP712Domain",
                           {{"name", "string", std::string("Ether Mail")},
                            {"version", "string", std::string("1")},
                            {"chainId", "uint256", Uint256(1)},
                            {"verifyingContract", "address", addr("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC")}}};
  const Hash32 domain_sep = hash_struct(domain).value();
  EXPECT_EQ(domain_sep, h32("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"));
  const Hash32 digest = typed_data_digest(domain_sep, mail);
  EXPECT_EQ(digest, h32("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"));

  // Signed by keccak256("cow"): the spec's v = 28, r, s, byte for byte.
  const PrivateKey cow_key = PrivateKey::from_bytes(keccak256(std::string_view("cow")).view()).value();
  EXPECT_EQ(to_checksum_address(address_of(cow_key)), "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  EXPECT_EQ(sign_digest(digest, cow_key).hex(),
            "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
            "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
            "1c");
}

TEST(Eip712, FluxDomainSeparator) {
  EXPECT_EQ(domain_separator(kFlux), h32("0xe47d015bcadceaa34c08a067ffc0ca2a45a6ccf79a9394bcbfe343d76afc3724"));
  EXPECT_NE(domain_separator(Domain{"Flux", "1", 1}), domain_separator(kFlux));
  EXPECT_NE(domain_separator(Domain{"Flux", "2", 31337}), domain_separator(kFlux));
}

TEST(Eip712, FluxMintMatchesEthers) {
  const TypedStruct m = mint("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", "0", "fUSDC", "1000000000000000000000");
  EXPECT_EQ(encode_type(m).value(), "Mint(address sender,uint64 nonce,string market,uint256 amount)");
  EXPECT_EQ(type_hash(m).value(), h32("0xfda8bd3a0178151d363a26cea4fe5161bf27ac1052c18c1e185f7deb3fa218b3"));
  EXPECT_EQ(encode_data(m).value().size(), 5u * 32u);
  EXPECT_EQ(hash_struct(m).value(), h32("0x2444eff1e1d04c147ca089ad58899a1a597f9434f415f282ad20dca2b1647026"));
  EXPECT_EQ(typed_data_digest(kFlux, m).value(),
            h32("0x91d6f0a4748abf31f1d6e23787dd4356551711e1fd721f07840f6976af30653b"));
  // ethers' signature by private key 1.
  EXPECT_EQ(sign_digest(typed_data_digest(kFlux, m).value(), test::key(std::string(63, '0') + "1")).hex(),
            "0x2c37f9ca815ae57e6b40bd8ebbd7210c958b940738b2e02391a6a69acbcb43c5"
            "4f3223ed7bd12d47a6aca92f3731ab6b0310f5ff0387bb418a579945ac2fa8d61c");
}

TEST(Eip712, TypedValuesEqualStringValues) {
  const TypedStruct as_strings =
      mint("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", "0", "fUSDC", "1000000000000000000000");
  const TypedStruct typed{"Mint",
                          {{"sender", "address", addr("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")},
                           {"nonce", "uint64", Uint256(0)},
                           {"market", "string", std::string("fUSDC")},
                           {"amount", "uint256", Uint256("1000000000000000000000")}}};
  EXPECT_EQ(hash_struct(typed).value(), hash_struct(as_strings).value());
}

TEST(Eip712, FluxEnterMarketsAndRepayMatchEthers) {
  const TypedStruct enter{"EnterMarkets",
                          {{"sender", "address", std::string("0x80C0dbf239224071c59dD8970ab9d542E3414aB2")},
                           {"nonce", "uint64", std::string("7")},
                           {"markets", "string[]", std::vector<std::string>{"fUSDC", "fDAI", "fOUSG"}}}};
  EXPECT_EQ(encode_type(enter).value(), "EnterMarkets(address sender,uint64 nonce,string[] markets)");
  EXPECT_EQ(typed_data_digest(kFlux, enter).value(),
            h32("0xb4aff1e1199d576c4623e6b694e9e94371a3b321345bf11574e0aad0f577c27e"));

  const TypedStruct empty{"EnterMarkets",
                          {{"sender", "address", std::string("0xFFE6be71790dc8B70a7B6DDae7ff1F06F370AE50")},
                           {"nonce", "uint64", std::string("8")},
                           {"markets", "string[]", std::vector<std::string>{}}}};
  EXPECT_EQ(typed_data_digest(kFlux, empty).value(),
            h32("0x72fd356011ca5d3b8853ee5c8af1375082d762984fcb94a18c0be9ea7347cf39"));

  const TypedStruct repay{"Repay",
                          {{"sender", "address", std::string("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")},
                           {"nonce", "uint64", std::string("42")},
                           {"market", "string", std::string("fUSDC")},
                           {"amount", "uint256", std::string("123456789")},
                           {"borrower", "address", std::string("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")}}};
  EXPECT_EQ(type_hash(repay).value(), h32("0xee2e55a0e25139a120601cdb1151557b0e2a312f1788221a610b360032c1a203"));
  EXPECT_EQ(typed_data_digest(kFlux, repay).value(),
            h32("0x0fb0c892788be3add8a85a69ef6d620f52f667adb4d3e0925456829f15029a76"));
}

TEST(Eip712, ExtremeIntegers) {
  const TypedStruct m = mint("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "18446744073709551615", "",
                             "115792089237316195423570985008687907853269984665640564039457584007913129639935");
  EXPECT_EQ(typed_data_digest(kFlux, m).value(),
            h32("0x2e20fb4b5442a45da1e20a4c154f9d20431a0aae81aa7fecc878266b4715731e"));
}

TEST(Eip712, StringLiteralsAreStringsNotBools) {
  // A const char* must not silently become the bool alternative.
  const Field f{"market", "string", "fUSDC"};
  EXPECT_TRUE(std::holds_alternative<std::string>(f.value));
}

Eip712Error error_of(const TypedStruct& s) { return hash_struct(s).error(); }

TypedStruct one(std::string type, FieldValue v) { return {"T", {{"f", std::move(type), std::move(v)}}}; }

TEST(Eip712, RejectsIntegersThatDoNotFit) {
  EXPECT_EQ(error_of(one("uint64", std::string("18446744073709551616"))).kind, K::value_out_of_range);
  EXPECT_EQ(error_of(one("uint64", Uint256("18446744073709551616"))).kind, K::value_out_of_range);
  EXPECT_EQ(error_of(one("uint8", std::string("256"))).kind, K::value_out_of_range);
  EXPECT_TRUE(hash_struct(one("uint8", std::string("255"))));
  EXPECT_EQ(error_of(one("uint256",
                         std::string("115792089237316195423570985008687907853269984665640564039457584007913129639936")))
                .kind,
            K::invalid_value);  // 2^256
  EXPECT_TRUE(hash_struct(one("uint256[]", std::vector<std::string>{"1", "256"})));
  EXPECT_EQ(error_of(one("uint8[]", std::vector<std::string>{"1", "256"})).kind, K::value_out_of_range);
  const auto e = error_of(one("uint64", Uint256("18446744073709551616")));
  EXPECT_EQ(e.field, "f");
  EXPECT_EQ(e.message(), "eip712: field \"f\": uint64: value does not fit in 64 bits");
}

TEST(Eip712, RejectsMalformedDecimals) {
  for (const char* bad : {"", "01", "00", "-1", "+1", "1e18", "1.0", " 1", "1 ", "0x10", "１"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(error_of(one("uint256", std::string(bad))).kind, K::invalid_value);
  }
  EXPECT_EQ(error_of(one("uint256", std::string(79, '9'))).kind, K::invalid_value);
  EXPECT_TRUE(hash_struct(one("uint256", std::string("0"))));
}

TEST(Eip712, RejectsMalformedAddressesAndBytes) {
  EXPECT_EQ(error_of(one("address", std::string("0x7E5F4552091A69125d5DfCb7b8C2659029395BdF"))).kind,
            K::invalid_value);  // checksum
  EXPECT_EQ(error_of(one("address", std::string("7E5F4552091A69125d5DfCb7b8C2659029395Bdf"))).kind,
            K::invalid_value);  // no 0x
  EXPECT_EQ(error_of(one("address[]", std::vector<std::string>{"0x01"})).kind, K::invalid_value);
  EXPECT_EQ(error_of(one("bytes32", std::string("0x1234"))).kind, K::invalid_value);
  EXPECT_TRUE(hash_struct(one("bytes32", std::string("0x" + std::string(64, 'a')))));
}

TEST(Eip712, RejectsValuesOfTheWrongKind) {
  EXPECT_EQ(error_of(one("string", true)).kind, K::wrong_value_kind);
  EXPECT_EQ(error_of(one("bool", std::string("true"))).kind, K::wrong_value_kind);
  EXPECT_EQ(error_of(one("address", Uint256(1))).kind, K::wrong_value_kind);
  EXPECT_EQ(error_of(one("string", std::vector<std::string>{"a"})).kind, K::wrong_value_kind);
  EXPECT_EQ(error_of(one("string[]", std::string("a"))).kind, K::wrong_value_kind);
  EXPECT_EQ(error_of(one("string[]", std::vector<Address20>{Address20{}})).kind, K::wrong_value_kind);
  EXPECT_EQ(error_of(one("bytes32", Address20{})).kind, K::wrong_value_kind);
}

TEST(Eip712, RejectsUnsupportedTypes) {
  for (const char* type : {"int256", "bytes", "bytes31", "uint", "uint7", "uint264", "uint0", "uint08", "Person",
                           "string[2]", "bool[]", "string[][]", "[]", "", "address ", "UINT256"}) {
    SCOPED_TRACE(type);
    EXPECT_EQ(error_of(one(type, std::string("1"))).kind, K::unsupported_type);
  }
}

TEST(Eip712, RejectsBadNames) {
  for (const char* name : {"", "1abc", "a b", "a,b", "Mint(", "a)"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(error_of(TypedStruct{name, {}}).kind, K::invalid_type_name);
    EXPECT_EQ(error_of(TypedStruct{"T", {{name, "string", std::string("x")}}}).kind, K::invalid_field_name);
  }
  EXPECT_EQ(error_of(TypedStruct{"T", {{"a", "string", std::string("x")}, {"a", "bool", false}}}).kind,
            K::duplicate_field);
  EXPECT_TRUE(encode_type(TypedStruct{"$_T1", {{"_a$9", "bool", true}}}));
  EXPECT_EQ(encode_type(TypedStruct{"Empty", {}}).value(), "Empty()");
}

TEST(Eip712, FieldOrderAndNamesAreHashed) {
  const TypedStruct a{"T", {{"x", "uint256", Uint256(1)}, {"y", "uint256", Uint256(2)}}};
  const TypedStruct b{"T", {{"y", "uint256", Uint256(2)}, {"x", "uint256", Uint256(1)}}};
  const TypedStruct c{"U", {{"x", "uint256", Uint256(1)}, {"y", "uint256", Uint256(2)}}};
  EXPECT_NE(hash_struct(a).value(), hash_struct(b).value());
  EXPECT_NE(hash_struct(a).value(), hash_struct(c).value());
}

}  // namespace
}  // namespace flux::crypto
