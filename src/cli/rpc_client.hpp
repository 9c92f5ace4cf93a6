// A small synchronous JSON-RPC 2.0 client over HTTP/1.1 (Boost.Beast), for the flux
// command talking to fluxd (docs/rpc.md).
//
// One client is one keep-alive TCP connection, opened at the first call and reused;
// if the node closed an idle connection, the call reconnects once. Every network
// step runs asynchronously underneath with a deadline on the client's own io_context
// (Beast's synchronous calls ignore timeouts), so a node that stops answering makes
// a call fail after its timeout instead of hanging the command.
//
// Failures are exceptions, each with a one-line message:
//   RpcError        the node answered with a JSON-RPC error object (code, message, data)
//   TransportError  no answer: unreachable (refused, unresolvable), timed out, or an
//                   answer that is not JSON-RPC (HTTP status, body not JSON)
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flux::cli {

// http://HOST[:PORT][/PATH]; the port defaults to 80, the path to "/".
struct RpcUrl {
  std::string text;  // as given
  std::string host;
  std::string port;
  std::string target;
};
// Throws CliError (usage) for anything else (https, no host, a bad port).
RpcUrl parse_rpc_url(std::string_view url);

struct RpcError : std::runtime_error {
  RpcError(std::string method_, int code_, std::string message_, nlohmann::json data_);
  std::string method;
  int code;
  std::string message;
  nlohmann::json data;
};

struct TransportError : std::runtime_error {
  enum class Kind { unreachable, timeout, protocol };
  TransportError(Kind kind_, const std::string& what) : std::runtime_error(what), kind(kind_) {}
  Kind kind;
};

// The name docs/rpc.md gives a node error code: "not_found", "nonce_used",
// "invalid params", "insufficient_liquidity" (1000 + n, the engine's errors)...
std::string rpc_error_name(int code);
// True for -32010 ... -32020: the transaction was turned away before any block.
bool is_admission_rejection(int code);

// One line: "flux_getMarket: not_found (-32001): no such market fXYZ", with the
// data's detail or field/expected when the node sent them.
std::string describe(const RpcError& e);

class RpcClient {
 public:
  explicit RpcClient(RpcUrl url, std::chrono::milliseconds connect_timeout = std::chrono::seconds(5));
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // Calls `method` with `params` (an object, or null for none) and returns the
  // result; throws RpcError or TransportError.
  nlohmann::json call(const std::string& method, const nlohmann::json& params = nullptr,
                      std::chrono::milliseconds timeout = std::chrono::seconds(15));

  const RpcUrl& url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flux::cli
