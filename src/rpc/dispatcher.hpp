#pragma once
// JSON-RPC 2.0 (https://www.jsonrpc.org/specification) without any transport:
// a body goes in, the body to answer with (or nothing) comes out. The server
// feeds it HTTP bodies; tests and other transports may call it directly.
//
// What it decides, in the spec's terms:
//  - not JSON (including bytes that are not UTF-8): -32700, id null;
//  - JSON but neither an object nor a non-empty array: -32600, id null;
//  - a batch longer than Limits::batch_length_max: one -32600, no call run;
//  - an item that is not a valid request ("jsonrpc" not exactly "2.0", method
//    not a string, params neither object nor array, id neither string, number
//    nor null): -32600, with the item's id when that id was valid, else null;
//  - a valid request without "id" is a notification: it runs, and nothing is
//    answered for it; a body of only notifications is answered with nothing;
//  - an unregistered method: -32601;
//  - a handler throwing RpcError: that code, message and data;
//  - a handler throwing anything else: -32603 "Internal error" and nothing more
//    (the exception's text goes to the optional internal-error hook only).
// Handlers get the params as sent, or null when the request had none
// (expect_object/expect_array in params.hpp treat null as empty).
//
// Threading: add() is for setup only; once freeze() has been called (the
// server does so when it starts) the method table is read-only and handle() may
// run on any number of threads at once. Handlers run on the calling thread and
// must themselves be safe to call concurrently.
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "rpc/metrics.hpp"

namespace flux::rpc {

using Handler = std::function<nlohmann::json(const nlohmann::json& params)>;

// Called with the method name and the exception's what() (or "unknown
// exception") when a handler throws something other than RpcError. Runs on the
// calling thread; must not throw.
using InternalErrorHook = std::function<void(std::string_view method, std::string_view what)>;

class Dispatcher {
 public:
  struct Options {
    std::size_t batch_length_max = 100;
    std::size_t json_depth_max = 64;
  };

  // `metrics` must outlive the dispatcher; the dispatcher registers its
  // counters there (flux_rpc_calls_total, flux_rpc_errors_total, ...).
  Dispatcher(Options options, metrics::Registry& metrics);

  // Registers a method. Names are 1..128 characters of [A-Za-z0-9_.-] and may
  // not start with "rpc." (reserved by the spec). Throws std::invalid_argument
  // for a bad or duplicate name, std::logic_error after freeze().
  void add(std::string name, Handler handler);
  void set_internal_error_hook(InternalErrorHook hook);
  void freeze() noexcept { frozen_ = true; }
  bool has(std::string_view name) const;

  // One HTTP body in; the response body out, or nullopt when nothing is to be
  // answered (notifications only).
  std::optional<std::string> handle(std::string_view body) const;

 private:
  struct Method {
    Handler handler;
    metrics::Counter* calls;
    metrics::Histogram* seconds;
  };

  // The response to one request object (nullopt for a notification).
  std::optional<nlohmann::json> call(const nlohmann::json& request) const;
  nlohmann::json run(const Method& method, std::string_view name, const nlohmann::json& id,
                     const nlohmann::json& params) const;
  void count_error(int code) const;
  nlohmann::json reject(int code, std::string message, const nlohmann::json& id = nullptr,
                        const nlohmann::json& data = nullptr) const;

  Options options_;
  metrics::Registry& metrics_;
  bool frozen_ = false;
  std::unordered_map<std::string, Method> methods_;
  InternalErrorHook internal_error_hook_;
  // Calls to unregistered methods or invalid requests are counted under these
  // method labels, never under the name a client sent: a label per unknown name
  // would let clients grow the metrics without bound.
  metrics::Counter* unknown_calls_;
  metrics::Counter* invalid_calls_;
  metrics::Counter* batch_rejections_;
  metrics::Counter* depth_rejections_;
  // Errors by code: distinct codes are bounded too (handlers choose them);
  // beyond kErrorCodesMax they share the label code="other".
  static constexpr std::size_t kErrorCodesMax = 64;
  mutable std::mutex error_counters_mutex_;
  mutable std::unordered_map<int, metrics::Counter*> error_counters_;
};

// True when the JSON text nests arrays/objects deeper than depth_max. A linear
// scan that skips strings; it does not validate, so run it before parsing.
bool nesting_exceeds(std::string_view text, std::size_t depth_max) noexcept;

}  // namespace flux::rpc
