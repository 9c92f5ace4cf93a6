#include "crypto/eip712.hpp"

#include "crypto/keccak.hpp"

#include <optional>
#include <set>
#include <string_view>

namespace flux::crypto {
namespace {

using Word = Hash32;  // one 32-byte slot of encodeData
using Error = Eip712Error;
using Kind = Eip712Error::Kind;

Failure<Error> fail(Kind kind, const Field& f, std::string detail) {
  return Failure{Error{kind, f.name, f.type + ": " + std::move(detail)}};
}

// Names go verbatim into the hashed type string, so a name holding '(' ',' or ' '
// could make two different types hash the same; only identifiers are accepted.
bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    const bool digit = c >= '0' && c <= '9';
    if (!(letter || (i > 0 && digit))) return false;
  }
  return true;
}

// A parsed solidity type.
struct FieldType {
  enum class Base { address, boolean, uint, bytes32, string };
  Base base;
  unsigned bits = 0;  // uint only
  bool array = false;
};

std::optional<FieldType> parse_type(std::string_view t) {
  FieldType out{};
  if (t.size() > 2 && t.substr(t.size() - 2) == "[]") {
    out.array = true;
    t.remove_suffix(2);
  }
  if (t == "address") out.base = FieldType::Base::address;
  else if (t == "bool") out.base = FieldType::Base::boolean;
  else if (t == "bytes32") out.base = FieldType::Base::bytes32;
  else if (t == "string") out.base = FieldType::Base::string;
  else if (t.substr(0, 4) == "uint") {
    // The width is written canonically ("uint64", never "uint064" or bare "uint"):
    // the type string is hashed, and ethers accepts only this form too.
    const std::string_view width = t.substr(4);
    if (width.empty() || width.size() > 3 || width[0] == '0') return std::nullopt;
    unsigned bits = 0;
    for (char c : width) {
      if (c < '0' || c > '9') return std::nullopt;
      bits = bits * 10 + static_cast<unsigned>(c - '0');
    }
    if (bits % 8 != 0 || bits == 0 || bits > 256) return std::nullopt;
    out.base = FieldType::Base::uint;
    out.bits = bits;
  } else {
    return std::nullopt;
  }
  if (out.array && out.base == FieldType::Base::boolean) return std::nullopt;  // bool[]: not needed, not supported
  return out;
}

Word word_of(const Uint256& v) {
  Word w;
  Uint256 x = v;
  for (int i = 31; i >= 0; --i) {
    w[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(x & 0xff);
    x >>= 8;
  }
  return w;
}

bool fits(const Uint256& v, unsigned bits) { return bits == 256 || (v >> bits) == 0; }

// Strict decimal: the same number must not have two spellings in a message.
Result<Uint256, std::string> parse_decimal(std::string_view s) {
  if (s.empty()) return Failure{std::string("empty decimal string")};
  if (s.size() > 78) return Failure{std::string("more than 78 digits, above 2^256")};
  if (s.size() > 1 && s[0] == '0') return Failure{std::string("leading zero in \"" + std::string(s) + "\"")};
  boost::multiprecision::cpp_int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return Failure{std::string("not a decimal integer: \"" + std::string(s) + "\"")};
    v = v * 10 + (c - '0');
  }
  if ((v >> 256) != 0) return Failure{std::string("above 2^256 - 1")};
  return static_cast<Uint256>(v);
}

// Encodes one element (or the single value) of an elementary type. `value` is the
// alternative held by the field, or the element of an array.
template <class V>
Result<Word, Error> encode_atom(const FieldType& t, const Field& f, const V& value) {
  using B = FieldType::Base;
  switch (t.base) {
    case B::address:
      if constexpr (std::is_same_v<V, Address20>) {
        Word w;
        for (std::size_t i = 0; i < 20; ++i) w[12 + i] = value[i];
        return w;
      } else if constexpr (std::is_same_v<V, std::string>) {
        auto a = parse_address(value);
        if (!a) return fail(Kind::invalid_value, f, a.error().message());
        return encode_atom(t, f, *a);
      }
      break;
    case B::boolean:
      if constexpr (std::is_same_v<V, bool>) return word_of(Uint256(value ? 1 : 0));
      break;
    case B::uint:
      if constexpr (std::is_same_v<V, Uint256>) {
        if (!fits(value, t.bits))
          return fail(Kind::value_out_of_range, f, "value does not fit in " + std::to_string(t.bits) + " bits");
        return word_of(value);
      } else if constexpr (std::is_same_v<V, std::string>) {
        auto v = parse_decimal(value);
        if (!v) return fail(Kind::invalid_value, f, v.error());
        return encode_atom(t, f, *v);
      }
      break;
    case B::bytes32:
      if constexpr (std::is_same_v<V, Hash32>) {
        return value;
      } else if constexpr (std::is_same_v<V, std::string>) {
        auto h = Hash32::from_hex(value, HexPrefix::required);
        if (!h) return fail(Kind::invalid_value, f, h.error().message());
        return *h;
      }
      break;
    case B::string:
      if constexpr (std::is_same_v<V, std::string>) return keccak256(std::string_view(value));
      break;
  }
  return fail(Kind::wrong_value_kind, f, "the value's kind does not suit this type");
}

template <class V>
Result<Word, Error> encode_array(const FieldType& t, const Field& f, const std::vector<V>& values) {
  Keccak256 h;
  for (const V& v : values) {
    auto w = encode_atom(t, f, v);
    if (!w) return Failure{w.error()};
    h.update(w->view());
  }
  return h.finish();
}

Result<Word, Error> encode_field(const FieldType& t, const Field& f) {
  return std::visit(
      [&](const auto& value) -> Result<Word, Error> {
        using V = std::decay_t<decltype(value)>;
        constexpr bool is_vector = !std::is_same_v<V, bool> && !std::is_same_v<V, Uint256> &&
                                   !std::is_same_v<V, Address20> && !std::is_same_v<V, Hash32> &&
                                   !std::is_same_v<V, std::string>;
        if constexpr (is_vector) {
          if (!t.array) return fail(Kind::wrong_value_kind, f, "an array value for a non-array type");
          return encode_array(t, f, value);
        } else {
          if (t.array) return fail(Kind::wrong_value_kind, f, "a single value for an array type");
          return encode_atom(t, f, value);
        }
      },
      f.value);
}

// Checks names and types; returns the parsed types in field order.
Result<std::vector<FieldType>, Error> check(const TypedStruct& s) {
  if (!is_identifier(s.primary_type))
    return Failure{Error{Kind::invalid_type_name, "", "\"" + s.primary_type + "\" is not an identifier"}};
  std::set<std::string_view> names;
  std::vector<FieldType> types;
  types.reserve(s.fields.size());
  for (const Field& f : s.fields) {
    if (!is_identifier(f.name))
      return Failure{Error{Kind::invalid_field_name, f.name, "\"" + f.name + "\" is not an identifier"}};
    if (!names.insert(f.name).second) return Failure{Error{Kind::duplicate_field, f.name, "declared twice"}};
    auto t = parse_type(f.type);
    if (!t) return Failure{Error{Kind::unsupported_type, f.name, "unsupported type \"" + f.type + "\""}};
    types.push_back(*t);
  }
  return types;
}

std::string type_string(const TypedStruct& s) {
  std::string out = s.primary_type + "(";
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    if (i > 0) out += ',';
    out += s.fields[i].type + ' ' + s.fields[i].name;
  }
  return out + ')';
}

}  // namespace

std::string Eip712Error::message() const {
  std::string where = field.empty() ? "eip712: " : "eip712: field \"" + field + "\": ";
  return where + detail;
}

Result<std::string, Eip712Error> encode_type(const TypedStruct& s) {
  auto types = check(s);
  if (!types) return Failure{types.error()};
  return type_string(s);
}

Result<Hash32, Eip712Error> type_hash(const TypedStruct& s) {
  auto t = encode_type(s);
  if (!t) return Failure{t.error()};
  return keccak256(std::string_view(*t));
}

Result<Bytes, Eip712Error> encode_data(const TypedStruct& s) {
  auto types = check(s);
  if (!types) return Failure{types.error()};
  Bytes out;
  out.reserve(32 * (1 + s.fields.size()));
  const Hash32 th = keccak256(std::string_view(type_string(s)));
  out.insert(out.end(), th.begin(), th.end());
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    auto w = encode_field((*types)[i], s.fields[i]);
    if (!w) return Failure{w.error()};
    out.insert(out.end(), w->begin(), w->end());
  }
  return out;
}

Result<Hash32, Eip712Error> hash_struct(const TypedStruct& s) {
  auto data = encode_data(s);
  if (!data) return Failure{data.error()};
  return keccak256(ByteView(*data));
}

Hash32 domain_separator(const Domain& d) {
  const TypedStruct s{
      "EIP712Domain",
      {{"name", "string", d.name}, {"version", "string", d.version}, {"chainId", "uint256", d.chain_id}}};
  return hash_struct(s).value();  // cannot fail: fixed, valid types and values
}

Hash32 typed_data_digest(const Hash32& domain_sep, const Hash32& struct_hash) {
  static constexpr std::uint8_t prefix[2] = {0x19, 0x01};
  return Keccak256().update(prefix).update(domain_sep.view()).update(struct_hash.view()).finish();
}

Result<Hash32, Eip712Error> typed_data_digest(const Domain& domain, const TypedStruct& message) {
  auto h = hash_struct(message);
  if (!h) return Failure{h.error()};
  return typed_data_digest(domain_separator(domain), *h);
}

}  // namespace flux::crypto
