// EIP-712 typed structured data hashing, for flat structs.
//
// A Flux transaction is an EIP-712 message: wallets show the user its fields
// (instead of an opaque hash) and sign
//   digest = keccak256(0x19 0x01 || domainSeparator || hashStruct(message)),
// where hashStruct(s) = keccak256(typeHash(s) || enc(field 1) || ... || enc(field k))
// and typeHash(s) = keccak256("Name(type1 name1,...,typek namek)").
// The domain binds the signature to Flux and to one chain id, so a signature made
// for a test chain or for another application is worthless here.
//
// Supported field types — all that Flux transactions need, each encoded into one
// 32-byte word as the spec says:
//   address                 left-padded to 32 bytes
//   bool                    0 or 1
//   uint8, uint16, ... uint256   big-endian; a value that does not fit N bits is rejected
//   bytes32                 as is
//   string                  keccak256 of its UTF-8 bytes
//   T[] (dynamic array) for T in address, uintN, bytes32, string:
//                           keccak256 of the concatenated encodings of the elements
// Not supported (rejected with unsupported_type): nested struct types, signed
// integers, bytes and bytes1..31, bool[], fixed-size arrays, arrays of arrays.
#pragma once

#include "crypto/address.hpp"
#include "crypto/bytes.hpp"
#include "crypto/result.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <string>
#include <variant>
#include <vector>

namespace flux::crypto {

// Unsigned 256-bit integer: the very type the engine calls flux::U256, so engine
// amounts go into a message without conversion.
using Uint256 = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    256, 256, boost::multiprecision::unsigned_magnitude, boost::multiprecision::unchecked, void>>;

// A field's value. Each solidity type accepts its natural C++ value or, as in a
// JSON message, a string:
//   address   Address20, or "0x" + 40 hex digits (a mixed-case one must be EIP-55)
//   bool      bool
//   uintN     Uint256, or a decimal string: digits only, no sign, no leading zeros
//   bytes32   Hash32, or "0x" + 64 hex digits
//   string    std::string (any bytes; ethers encodes JS strings as UTF-8)
//   T[]       std::vector of the element's value type, or std::vector<std::string>
using FieldValue = std::variant<bool, Uint256, Address20, Hash32, std::string, std::vector<std::string>,
                                std::vector<Address20>, std::vector<Uint256>, std::vector<Hash32>>;

struct Field {
  std::string name;  // an identifier: [A-Za-z_$][A-Za-z0-9_$]*
  std::string type;  // a solidity type from the list above, e.g. "uint64", "string[]"
  FieldValue value;
};

// A struct-typed message with its fields in declaration order (the order is part of
// the type: it is hashed).
struct TypedStruct {
  std::string primary_type;  // an identifier, e.g. "Mint"
  std::vector<Field> fields;
};

// EIP712Domain(string name,string version,uint256 chainId): Flux's domain has no
// verifyingContract or salt, since no contract verifies Flux messages; the chain id
// alone separates deployments.
struct Domain {
  std::string name;
  std::string version;
  Uint256 chain_id;
};

struct Eip712Error {
  enum class Kind {
    invalid_type_name,   // primary type is not an identifier
    invalid_field_name,  // field name is not an identifier
    duplicate_field,     // two fields share a name
    unsupported_type,    // a type outside the supported list
    wrong_value_kind,    // the value's C++ alternative does not suit the type
    value_out_of_range,  // an integer that does not fit uintN
    invalid_value,       // a malformed decimal, hex or address string
  };
  Kind kind;
  std::string field;   // the field's name, empty for the type name
  std::string detail;  // what exactly is wrong
  std::string message() const;
};

// "Mint(address sender,uint64 nonce,string market,uint256 amount)"
Result<std::string, Eip712Error> encode_type(const TypedStruct& s);
// keccak256(encode_type(s))
Result<Hash32, Eip712Error> type_hash(const TypedStruct& s);
// typeHash || enc(field 1) || ... — 32 * (1 + fields) bytes
Result<Bytes, Eip712Error> encode_data(const TypedStruct& s);
// keccak256(encode_data(s))
Result<Hash32, Eip712Error> hash_struct(const TypedStruct& s);

Hash32 domain_separator(const Domain& domain);

// keccak256(0x19 0x01 || domain_separator || struct_hash): what the wallet signs.
Hash32 typed_data_digest(const Hash32& domain_separator, const Hash32& struct_hash);
Result<Hash32, Eip712Error> typed_data_digest(const Domain& domain, const TypedStruct& message);

}  // namespace flux::crypto
