#include "rpc/params.hpp"

#include <cstdint>

#include "rpc/error.hpp"

namespace flux::rpc {

namespace {

bool has_type(const nlohmann::json& v, ParamType type) {
  switch (type) {
    case ParamType::string: return v.is_string();
    case ParamType::boolean: return v.is_boolean();
    case ParamType::integer: return v.is_number_integer();
    // A parsed non-negative integer is stored unsigned, but one built in C++
    // (json(5)) is signed: accept both when not negative.
    case ParamType::unsigned_integer:
      return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
    case ParamType::number: return v.is_number();
    case ParamType::object: return v.is_object();
    case ParamType::array: return v.is_array();
    case ParamType::any: return true;
  }
  return false;
}

// nlohmann's type names, except that a negative integer is told apart, since
// "must be an unsigned integer, got number" would puzzle a client sending -1.
std::string json_type_name(const nlohmann::json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0) return "negative integer";
  if (v.is_number_float()) return "number with fraction or exponent";
  return v.type_name();
}

[[noreturn]] void fail(const std::string& field, std::string message, const char* expected) {
  nlohmann::json data = {{"field", field}};
  if (expected != nullptr) data["expected"] = expected;
  throw RpcError(error_code::invalid_params, "invalid params: " + std::move(message), std::move(data));
}

// "a string", "an integer", ...: for messages.
std::string with_article(ParamType type) {
  switch (type) {
    case ParamType::integer:
    case ParamType::unsigned_integer:
    case ParamType::object:
    case ParamType::array: return std::string("an ") + param_type_name(type);
    case ParamType::any: return param_type_name(type);
    default: return std::string("a ") + param_type_name(type);
  }
}

void check_field(const nlohmann::json& v, const ParamField& f, const std::string& shown) {
  if (!has_type(v, f.type)) {
    fail(f.name, shown + " must be " + with_article(f.type) + ", got " + json_type_name(v), param_type_name(f.type));
  }
}

const nlohmann::json& empty_object() {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

const nlohmann::json& empty_array() {
  static const nlohmann::json empty = nlohmann::json::array();
  return empty;
}

}  // namespace

const char* param_type_name(ParamType type) noexcept {
  switch (type) {
    case ParamType::string: return "string";
    case ParamType::boolean: return "boolean";
    case ParamType::integer: return "integer";
    case ParamType::unsigned_integer: return "unsigned integer";
    case ParamType::number: return "number";
    case ParamType::object: return "object";
    case ParamType::array: return "array";
    case ParamType::any: return "any value";
  }
  return "?";
}

const nlohmann::json& expect_object(const nlohmann::json& params, std::initializer_list<ParamField> fields) {
  if (params.is_null()) {
    for (const ParamField& f : fields) {
      if (f.required) fail(f.name, "missing field \"" + f.name + "\"", param_type_name(f.type));
    }
    return empty_object();
  }
  if (!params.is_object()) {
    throw RpcError(error_code::invalid_params,
                   "invalid params: expected an object of named params, got " + std::string(params.type_name()));
  }
  for (const ParamField& f : fields) {
    const auto it = params.find(f.name);
    if (it == params.end()) {
      if (f.required) fail(f.name, "missing field \"" + f.name + "\"", param_type_name(f.type));
      continue;
    }
    check_field(*it, f, "\"" + f.name + "\"");
  }
  for (const auto& item : params.items()) {
    bool known = false;
    for (const ParamField& f : fields) known = known || f.name == item.key();
    if (!known) fail(item.key(), "unknown field \"" + item.key() + "\"", nullptr);
  }
  return params;
}

const nlohmann::json& expect_array(const nlohmann::json& params, std::initializer_list<ParamField> fields) {
  const nlohmann::json& p = params.is_null() ? empty_array() : params;
  if (!p.is_array()) {
    throw RpcError(error_code::invalid_params,
                   "invalid params: expected an array of positional params, got " + std::string(p.type_name()));
  }
  if (p.size() > fields.size()) {
    throw RpcError(error_code::invalid_params, "invalid params: expected at most " + std::to_string(fields.size()) +
                                                   " params, got " + std::to_string(p.size()));
  }
  std::size_t i = 0;
  for (const ParamField& f : fields) {
    const std::string shown = "params[" + std::to_string(i) + "] (" + f.name + ")";
    if (i >= p.size()) {
      if (f.required) fail(f.name, "missing " + shown, param_type_name(f.type));
    } else {
      check_field(p[i], f, shown);
    }
    ++i;
  }
  return p;
}

}  // namespace flux::rpc
