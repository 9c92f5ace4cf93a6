#include "rpc/dispatcher.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

#include "rpc/error.hpp"

namespace flux::rpc {

namespace {

constexpr const char* kCallsName = "flux_rpc_calls_total";
constexpr const char* kCallsHelp = "JSON-RPC calls received, notifications included, by method";
constexpr const char* kSecondsName = "flux_rpc_call_duration_seconds";
constexpr const char* kSecondsHelp = "Time spent in each method's handler";
constexpr const char* kErrorsName = "flux_rpc_errors_total";
constexpr const char* kErrorsHelp =
    "JSON-RPC calls that failed, by error code (failed notifications too, though unanswered)";
constexpr const char* kRejectedName = "flux_rpc_rejected_total";
constexpr const char* kRejectedHelp = "Requests refused because they exceeded a limit, by limit";

bool valid_method_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.substr(0, 4) == "rpc.") return false;
  for (const char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool valid_id(const nlohmann::json& id) { return id.is_string() || id.is_number() || id.is_null(); }

}  // namespace

bool nesting_exceeds(std::string_view text, std::size_t depth_max) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > depth_max) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

Dispatcher::Dispatcher(Options options, metrics::Registry& metrics)
    : options_(options),
      metrics_(metrics),
      unknown_calls_(&metrics.counter(kCallsName, kCallsHelp, {{"method", "(unknown)"}})),
      invalid_calls_(&metrics.counter(kCallsName, kCallsHelp, {{"method", "(invalid)"}})),
      batch_rejections_(&metrics.counter(kRejectedName, kRejectedHelp, {{"limit", "batch_length"}})),
      depth_rejections_(&metrics.counter(kRejectedName, kRejectedHelp, {{"limit", "json_depth"}})) {}

void Dispatcher::add(std::string name, Handler handler) {
  if (frozen_) throw std::logic_error("rpc: methods must be added before the server starts: " + name);
  if (!valid_method_name(name)) throw std::invalid_argument("rpc: invalid method name: " + name);
  if (!handler) throw std::invalid_argument("rpc: empty handler for " + name);
  if (methods_.count(name) != 0) throw std::invalid_argument("rpc: method already registered: " + name);
  Method m{std::move(handler), &metrics_.counter(kCallsName, kCallsHelp, {{"method", name}}),
           &metrics_.histogram(kSecondsName, kSecondsHelp, metrics::latency_buckets_seconds(), {{"method", name}})};
  methods_.emplace(std::move(name), std::move(m));
}

void Dispatcher::set_internal_error_hook(InternalErrorHook hook) {
  if (frozen_) throw std::logic_error("rpc: the internal error hook must be set before the server starts");
  internal_error_hook_ = std::move(hook);
}

bool Dispatcher::has(std::string_view name) const { return methods_.count(std::string(name)) != 0; }

void Dispatcher::count_error(int code) const {
  metrics::Counter* counter = nullptr;
  {
    std::lock_guard lock(error_counters_mutex_);
    const auto it = error_counters_.find(code);
    if (it != error_counters_.end()) {
      counter = it->second;
    } else {
      const bool room = error_counters_.size() < kErrorCodesMax;
      counter = &metrics_.counter(kErrorsName, kErrorsHelp, {{"code", room ? std::to_string(code) : "other"}});
      if (room) error_counters_.emplace(code, counter);
    }
  }
  counter->inc();
}

nlohmann::json Dispatcher::reject(int code, std::string message, const nlohmann::json& id,
                                  const nlohmann::json& data) const {
  count_error(code);
  return error_response(id, code, std::move(message), data);
}

std::optional<std::string> Dispatcher::handle(std::string_view body) const {
  if (nesting_exceeds(body, options_.json_depth_max)) {
    depth_rejections_->inc();
    return to_wire(reject(error_code::invalid_request, "Invalid Request: JSON nested too deeply", nullptr,
                          {{"json_depth_max", options_.json_depth_max}}));
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::exception&) {
    // parse_error, and also out_of_range for a number beyond double ("1e400").
    // The parser's own message quotes the offending bytes; a fixed message
    // keeps whatever garbage was sent (it may not be UTF-8) out of the reply.
    return to_wire(reject(error_code::parse_error, "Parse error"));
  }

  if (!doc.is_array()) {
    std::optional<nlohmann::json> response = call(doc);
    if (!response) return std::nullopt;
    return to_wire(*response);
  }
  if (doc.empty()) {
    invalid_calls_->inc();
    return to_wire(reject(error_code::invalid_request, "Invalid Request: empty batch"));
  }
  if (doc.size() > options_.batch_length_max) {
    batch_rejections_->inc();
    return to_wire(reject(error_code::invalid_request, "Invalid Request: batch too long", nullptr,
                          {{"batch_length_max", options_.batch_length_max}}));
  }
  nlohmann::json responses = nlohmann::json::array();
  for (const nlohmann::json& item : doc) {
    std::optional<nlohmann::json> response = call(item);
    if (response) responses.push_back(std::move(*response));
  }
  if (responses.empty()) return std::nullopt;
  return to_wire(responses);
}

std::optional<nlohmann::json> Dispatcher::call(const nlohmann::json& request) const {
  if (!request.is_object()) {
    invalid_calls_->inc();
    return reject(error_code::invalid_request, "Invalid Request: expected an object");
  }
  const auto id_it = request.find("id");
  const bool notification = id_it == request.end();
  // Echo the id only when it is one a client could have meant; an id of the
  // wrong type cannot be trusted to identify anything.
  const nlohmann::json id = (!notification && valid_id(*id_it)) ? *id_it : nlohmann::json(nullptr);
  auto invalid = [&](const char* why) {
    invalid_calls_->inc();
    return reject(error_code::invalid_request, std::string("Invalid Request: ") + why, id);
  };
  if (!notification && !valid_id(*id_it)) return invalid("\"id\" must be a string, a number or null");
  const auto version = request.find("jsonrpc");
  if (version == request.end() || !version->is_string() || version->get_ref<const std::string&>() != "2.0") {
    return invalid("\"jsonrpc\" must be \"2.0\"");
  }
  const auto method_it = request.find("method");
  if (method_it == request.end() || !method_it->is_string()) return invalid("\"method\" must be a string");
  const auto params_it = request.find("params");
  if (params_it != request.end() && !params_it->is_object() && !params_it->is_array()) {
    return invalid("\"params\" must be an object or an array");
  }

  const std::string& name = method_it->get_ref<const std::string&>();
  const auto method = methods_.find(name);
  if (method == methods_.end()) {
    unknown_calls_->inc();
    nlohmann::json response = reject(error_code::method_not_found, "Method not found", id);
    if (notification) return std::nullopt;  // counted, but never answered
    return response;
  }
  static const nlohmann::json absent = nullptr;
  nlohmann::json response = run(method->second, name, id, params_it == request.end() ? absent : *params_it);
  if (notification) return std::nullopt;
  return response;
}

nlohmann::json Dispatcher::run(const Method& method, std::string_view name, const nlohmann::json& id,
                               const nlohmann::json& params) const {
  method.calls->inc();
  const auto started = std::chrono::steady_clock::now();
  auto observe = [&] {
    method.seconds->observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
  auto internal = [&](std::string_view what) {
    observe();
    if (internal_error_hook_) {
      try {
        internal_error_hook_(name, what);
      } catch (...) {
        // A hook that throws must not turn one failed call into a crash.
      }
    }
    return reject(error_code::internal_error, "Internal error", id);
  };
  try {
    nlohmann::json result = method.handler(params);
    observe();
    return {{"jsonrpc", "2.0"}, {"result", std::move(result)}, {"id", id}};
  } catch (const RpcError& e) {
    observe();
    return reject(e.code, e.message, id, e.data);
  } catch (const std::exception& e) {
    return internal(e.what());
  } catch (...) {
    return internal("unknown exception");
  }
}

}  // namespace flux::rpc
