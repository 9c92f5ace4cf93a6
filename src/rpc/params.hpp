#pragma once
// Checking a call's params before a handler reads them, so that every malformed
// call is answered with -32602 "Invalid params" naming the offending field,
// instead of a handler tripping over a missing member (which would be -32603).
//
//   server.add_method("flux_getAccount", [](const nlohmann::json& params) {
//     const auto& p = rpc::expect_object(params, {{"address", rpc::ParamType::string},
//                                                 {"block", rpc::ParamType::unsigned_integer, false}});
//     ... p["address"].get<std::string>() cannot throw now ...
//   });
//
// The error's data names the field and what was expected, for clients:
//   {"code":-32602,"message":"invalid params: \"block\" must be an unsigned integer, got string",
//    "data":{"field":"block","expected":"unsigned integer"}}
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace flux::rpc {

enum class ParamType {
  string,
  boolean,
  integer,           // a JSON number without fraction or exponent, signed or not
  unsigned_integer,  // the same, not negative (fits std::uint64_t: read it with get<std::uint64_t>())
  number,            // any JSON number
  object,
  array,
  any,  // present, any type (null included)
};

struct ParamField {
  ParamField(std::string name_, ParamType type_, bool required_ = true)
      : name(std::move(name_)), type(type_), required(required_) {}
  std::string name;
  ParamType type;
  bool required;
};

// Checks that params (as the handler received them) is an object holding every
// required field, each field present with its type, and no field not listed.
// Absent params (null) count as an empty object. Returns params, or a reference
// to an empty object when they were absent. Throws RpcError(-32602).
const nlohmann::json& expect_object(const nlohmann::json& params, std::initializer_list<ParamField> fields);

// The same for positional params: an array whose elements are, in order, the
// fields listed (named only for the messages). Optional fields may be left off
// the end only. Absent params count as an empty array.
const nlohmann::json& expect_array(const nlohmann::json& params, std::initializer_list<ParamField> fields);

// "string", "unsigned integer", ...: what messages call each type.
const char* param_type_name(ParamType type) noexcept;

}  // namespace flux::rpc
