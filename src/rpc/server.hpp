#pragma once
// A JSON-RPC 2.0 server over HTTP/1.1 (Boost.Beast on Asio). It knows nothing
// of the protocol it serves: the node registers methods by name, publishes
// events, and adds its own metrics.
//
//   rpc::Server server({.address = "127.0.0.1", .port = 8545});
//   server.add_method("flux_blockNumber", [&](const nlohmann::json&) { return node.height(); });
//   server.set_health([&] { return nlohmann::json{{"status", "ok"}, {"height", node.height()}}; });
//   server.start();                        // binds and serves on its worker threads
//   server.publish("blocks", block_json);  // from any thread, never blocks
//   server.stop();                         // or let the destructor do it
//
// HTTP surface:
//   POST /        JSON-RPC 2.0, Content-Type: application/json (else 415).
//                 200 with the response (errors included, as the spec has
//                 them), or 204 when only notifications were sent.
//   GET /health   200 with the health callback's JSON; 503 if it throws, or with
//                 the JSON if its "status" is not "ok".
//   GET /metrics  Prometheus text (version 0.0.4): the server's metrics, then
//                 the metrics callback's text.
//   GET /events   Server-Sent Events; ?topics=a,b to filter (default: all).
//                 Each event: "id: <seq>", "event: <topic>", "data: <json>".
//                 Comment lines (": ...") mark the start, heartbeats, and a
//                 drop for overflow, after which the stream ends.
//   else          404; a known path with the wrong method: 405 with Allow.
// Limits (limits.hpp) answer 413, 431 or 503; every non-200 answer on these
// paths carries a JSON-RPC error body (code -32600, id null) so one parser
// serves every reply.
//
// Metrics of its own (in metrics(), rendered first on /metrics):
//   flux_rpc_calls_total{method}            calls, by registered method name;
//                                           "(unknown)" and "(invalid)" for the rest
//   flux_rpc_call_duration_seconds{method}  handler latency histogram
//   flux_rpc_errors_total{code}             error responses by JSON-RPC code
//   flux_rpc_rejected_total{limit}          refusals: body_bytes, header_bytes,
//                                           batch_length, json_depth, connections,
//                                           subscribers, read_timeout
//   flux_rpc_http_responses_total{code}     HTTP responses by status
//   flux_rpc_connections, flux_rpc_subscribers (gauges),
//   flux_rpc_events_published_total, flux_rpc_subscribers_dropped_total
//
// Threading: add_method, set_* and set_internal_error_hook are for setup, before
// start() (afterwards they throw std::logic_error). publish(), metrics(),
// port() and the counts may be called from any thread at any time. start() and
// stop() from one controlling thread. Handlers and callbacks run on the worker
// threads, several at once: they must be thread-safe, and a slow one holds a
// worker (size `threads` for the slowest expected handler).
//
// Lifetime: the Server owns its threads, sockets and registry. stop() (and the
// destructor) returns only after every worker thread has exited, so no handler
// runs after it; handlers may therefore capture references to objects that
// outlive the Server. A stopped server cannot be started again.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rpc/dispatcher.hpp"
#include "rpc/limits.hpp"
#include "rpc/metrics.hpp"

namespace flux::rpc {

struct ServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal
  std::uint16_t port = 0;             // 0: the system picks a free port (see Server::port())
  std::size_t threads = 2;            // worker threads running the io_context and the handlers
  Limits limits;
};

class Server {
 public:
  using HealthCallback = std::function<nlohmann::json()>;
  using MetricsCallback = std::function<std::string()>;

  explicit Server(ServerOptions options = {});
  ~Server();  // stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Setup (before start()); see Dispatcher::add for the rules on names.
  void add_method(std::string name, Handler handler);
  void set_health(HealthCallback callback);
  void set_metrics_callback(MetricsCallback callback);
  void set_internal_error_hook(InternalErrorHook hook);

  // Binds, listens and starts the worker threads. Throws std::system_error
  // (boost::system::system_error) when the address cannot be bound, and
  // std::logic_error when called twice.
  void start();
  // The bound port (after start()).
  std::uint16_t port() const noexcept;

  // Stops accepting, closes idle and streaming connections, lets responses
  // being written finish, waits up to Limits::stop_timeout_ms for connections
  // to close, then stops the workers and joins them. Idempotent.
  void stop();

  // Sends an event to every subscriber of its topic (1..64 characters of
  // [A-Za-z0-9_.-]; std::invalid_argument otherwise). Never blocks on a
  // subscriber: one that has fallen subscriber_queue_events_max behind is
  // dropped instead. Returns the event's sequence number.
  std::uint64_t publish(std::string_view topic, const nlohmann::json& data);

  // The server's registry; the node may register its own metrics here too.
  metrics::Registry& metrics() noexcept;

  std::size_t connection_count() const;
  std::size_t subscriber_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flux::rpc
