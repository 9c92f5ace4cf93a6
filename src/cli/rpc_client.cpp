#include "cli/rpc_client.hpp"

#include "cli/errors.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fmt/core.h>

namespace flux::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

std::string_view trim_body(std::string_view body) {
  const auto end = body.find_last_not_of("\r\n ");
  body = end == std::string_view::npos ? std::string_view{} : body.substr(0, end + 1);
  return body.size() > 200 ? body.substr(0, 200) : body;
}

}  // namespace

RpcUrl parse_rpc_url(std::string_view url) {
  const std::string given(url);
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, 8) == "https://")
    throw usage_error("--rpc " + given + ": https is not supported; fluxd serves plain http (use http://HOST:PORT)");
  if (url.substr(0, scheme.size()) != scheme)
    throw usage_error("--rpc " + given + ": expected a URL like http://127.0.0.1:8545");
  std::string_view rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  RpcUrl out;
  out.text = given;
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos)
    throw usage_error("--rpc " + given + ": credentials in the URL are not supported");
  std::string_view port = "80";
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8545
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw usage_error("--rpc " + given + ": unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw usage_error("--rpc " + given + ": expected ':' and a port after the host");
      port = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) throw usage_error("--rpc " + given + ": no host");
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) digits = digits && c >= '0' && c <= '9';
  if (!digits || std::stoul(std::string(port)) == 0 || std::stoul(std::string(port)) > 65535)
    throw usage_error("--rpc " + given + ": the port must be a number from 1 to 65535");
  out.port = std::string(port);
  return out;
}

RpcError::RpcError(std::string method_, int code_, std::string message_, json data_)
    : std::runtime_error(message_),
      method(std::move(method_)),
      code(code_),
      message(std::move(message_)),
      data(std::move(data_)) {}

std::string rpc_error_name(int code) {
  static constexpr const char* rejections[] = {"malformed",    "unknown_type",     "bad_signature", "wrong_signer",
                                               "nonce_used",   "nonce_skipped",    "unauthorized",  "out_of_bounds",
                                               "mempool_full", "upgrade_required", "would_fail"};
  switch (code) {
    case -32700: return "parse error";
    case -32600: return "invalid request";
    case -32601: return "method not found";
    case -32602: return "invalid params";
    case -32603: return "internal error";
    case -32000: return "node_error";
    case -32001: return "not_found";
    case -32002: return "timeout";
    default: break;
  }
  if (is_admission_rejection(code)) return rejections[-32010 - code];
  if (code > 1000 && code < 1100) return "engine error " + std::to_string(code - 1000);
  return "error";
}

bool is_admission_rejection(int code) { return code <= -32010 && code >= -32020; }

std::string describe(const RpcError& e) {
  std::string name = rpc_error_name(e.code);
  if (e.data.is_object() && e.data.contains("rejection") && e.data["rejection"].is_string())
    name = e.data["rejection"].get<std::string>();
  std::string out = fmt::format("{}: {} ({})", e.method, name, e.code);
  // The node's messages often repeat the name ("nonce_used: ...", "invalid params: ...").
  std::string message = e.message;
  if (message.rfind(name + ": ", 0) == 0) message.erase(0, name.size() + 2);
  if (!message.empty() && message != name) out += ": " + message;
  if (e.data.is_object()) {
    if (e.data.contains("detail") && e.data["detail"].is_string()) {
      const std::string detail = e.data["detail"].get<std::string>();
      if (!detail.empty() && message.find(detail) == std::string::npos) out += ": " + detail;
    }
    if (e.data.contains("field") && e.data["field"].is_string()) {
      out += " (field \"" + e.data["field"].get<std::string>() + "\"";
      if (e.data.contains("expected") && e.data["expected"].is_string())
        out += ", expected " + e.data["expected"].get<std::string>();
      out += ")";
    }
  } else if (e.data.is_string()) {
    out += ": " + e.data.get<std::string>();
  }
  return out;
}

struct RpcClient::Impl {
  RpcUrl url;
  std::chrono::milliseconds connect_timeout;
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool connected = false;
  std::uint64_t next_id = 1;

  // Starts one asynchronous operation and runs the io_context until it completes or
  // its deadline closes the socket (then the result is beast::error::timeout).
  template <class Start>
  beast::error_code run(std::chrono::milliseconds timeout, Start start) {
    beast::error_code result = asio::error::would_block;
    stream.expires_after(timeout);
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    io.restart();
    io.run();
    return result;
  }

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    connected = false;
  }

  [[noreturn]] void fail_connect(const beast::error_code& ec) {
    close();
    if (ec == beast::error::timeout)
      throw TransportError(
          TransportError::Kind::timeout,
          fmt::format("cannot reach the node at {}: no connection within {} ms", url.text, connect_timeout.count()));
    throw TransportError(TransportError::Kind::unreachable,
                         fmt::format("cannot reach the node at {}: {} (is fluxd running? set --rpc or FLUX_RPC)",
                                     url.text, ec.message()));
  }

  void connect() {
    tcp::resolver resolver(io);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) fail_connect(ec);
    ec = run(connect_timeout, [&](auto handler) { stream.async_connect(endpoints, handler); });
    if (ec) fail_connect(ec);
    beast::error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);
    connected = true;
  }

  // One request/response exchange; returns false if a reused connection turned out to
  // be closed by the node before it answered (the caller then reconnects once).
  bool exchange(const std::string& method, const std::string& body, std::chrono::milliseconds timeout,
                http::response<http::string_body>& out) {
    const bool reused = connected;
    if (!connected) connect();
    http::request<http::string_body> req{http::verb::post, url.target, 11};
    req.set(http::field::host, url.host + ":" + url.port);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::user_agent, "flux-cli");
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    beast::error_code ec = run(timeout, [&](auto handler) { http::async_write(stream, req, handler); });
    if (!ec) {
      http::response_parser<http::string_body> parser;
      parser.body_limit(64u << 20);
      ec = run(timeout, [&](auto handler) { http::async_read(stream, buffer, parser, handler); });
      if (!ec) {
        out = parser.release();
        if (!out.keep_alive()) close();
        return true;
      }
    }
    close();
    if (ec == beast::error::timeout)
      throw TransportError(TransportError::Kind::timeout, fmt::format("{}: the node at {} did not answer within {} ms",
                                                                      method, url.text, timeout.count()));
    const bool closed_by_peer = ec == http::error::end_of_stream || ec == asio::error::eof ||
                                ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
    if (reused && closed_by_peer) return false;
    throw TransportError(TransportError::Kind::unreachable,
                         fmt::format("{}: lost the connection to the node at {}: {}", method, url.text, ec.message()));
  }
};

RpcClient::RpcClient(RpcUrl url, std::chrono::milliseconds connect_timeout) : impl_(std::make_unique<Impl>()) {
  impl_->url = std::move(url);
  impl_->connect_timeout = connect_timeout;
}

RpcClient::~RpcClient() {
  if (impl_ && impl_->connected) impl_->close();
}

const RpcUrl& RpcClient::url() const { return impl_->url; }

json RpcClient::call(const std::string& method, const json& params, std::chrono::milliseconds timeout) {
  json request = {{"jsonrpc", "2.0"}, {"id", impl_->next_id++}, {"method", method}};
  if (!params.is_null()) request["params"] = params;
  const std::string body = request.dump();
  http::response<http::string_body> res;
  if (!impl_->exchange(method, body, timeout, res)) impl_->exchange(method, body, timeout, res);

  const json reply = json::parse(res.body(), nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded() || !reply.is_object()) {
    throw TransportError(TransportError::Kind::protocol,
                         fmt::format("{}: the node at {} answered HTTP {} with no JSON-RPC response: {}", method,
                                     impl_->url.text, res.result_int(), trim_body(res.body())));
  }
  if (reply.contains("error") && !reply["error"].is_null()) {
    const json& err = reply["error"];
    const int code = err.contains("code") && err["code"].is_number_integer() ? err["code"].get<int>() : 0;
    const std::string message =
        err.contains("message") && err["message"].is_string() ? err["message"].get<std::string>() : std::string();
    throw RpcError(method, code, message, err.contains("data") ? err["data"] : json(nullptr));
  }
  if (!reply.contains("result"))
    throw TransportError(TransportError::Kind::protocol,
                         fmt::format("{}: the node's answer has neither result nor error", method));
  return reply["result"];
}

}  // namespace flux::cli
