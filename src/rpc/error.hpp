#pragma once
// JSON-RPC 2.0 error codes and the exception a handler throws to answer with one.
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

namespace flux::rpc {

// The codes the JSON-RPC 2.0 specification reserves (section 5.1). The range
// -32000..-32099 is left to the application ("server error"): the node puts
// its own codes there.
namespace error_code {
inline constexpr int parse_error = -32700;      // the body is not JSON
inline constexpr int invalid_request = -32600;  // JSON, but not a request object (or batch)
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;  // anything a handler did not mean to say
inline constexpr int server_error_first = -32099;
inline constexpr int server_error_last = -32000;
}  // namespace error_code

// Thrown by a handler to answer a call with an error object whose code, message
// and data are exactly these (data is left out of the response when null).
// Anything else a handler throws becomes -32603 "Internal error", with no text
// from the exception, so that internals never reach a client.
//
//   throw RpcError{-32001, "insufficient liquidity", {{"error", "insufficient_liquidity"}}};
struct RpcError : std::exception {
  RpcError(int code_, std::string message_, nlohmann::json data_ = nullptr)
      : code(code_), message(std::move(message_)), data(std::move(data_)) {}

  const char* what() const noexcept override { return message.c_str(); }

  int code;
  std::string message;
  nlohmann::json data;
};

// The standard message for each reserved code ("Parse error", ...), or
// "Server error" for any other code.
const char* standard_message(int code) noexcept;

// {"jsonrpc":"2.0","error":{"code":..,"message":..[,"data":..]},"id":id}
nlohmann::json error_response(const nlohmann::json& id, int code, std::string message,
                              const nlohmann::json& data = nullptr);

// Serializes a response for the wire. Strings that are not valid UTF-8 (a
// handler may return any std::string) are repaired with U+FFFD rather than
// throwing, so serialization itself can never fail a request.
std::string to_wire(const nlohmann::json& response);

}  // namespace flux::rpc
