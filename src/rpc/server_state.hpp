#pragma once
// Internal to the server: what every connection needs to see of it. Not part
// of the library's interface (server.hpp is).
//
// Ownership and lifetime: Server::Impl owns one ServerState and destroys it
// only after the io_context, so every HttpSession (which holds a reference to
// it) is gone first, including sessions still queued in the io_context when a
// stop timed out.
//
// Threading: the members are set before the server starts and only read
// afterwards, except `stopping` (atomic), the session table (its own mutex)
// and the metrics (thread-safe themselves).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "rpc/dispatcher.hpp"
#include "rpc/event_hub.hpp"
#include "rpc/limits.hpp"
#include "rpc/metrics.hpp"

namespace flux::rpc {

class HttpSession;

using HealthCallback = std::function<nlohmann::json()>;
using MetricsCallback = std::function<std::string()>;

class ServerState {
 public:
  ServerState(const Limits& limits, const Dispatcher& dispatcher, EventHub& hub, metrics::Registry& registry);

  const Limits& limits;
  const Dispatcher& dispatcher;
  EventHub& hub;
  metrics::Registry& registry;
  HealthCallback health;          // may be empty: {"status":"ok"}
  MetricsCallback extra_metrics;  // may be empty
  std::atomic<bool> stopping{false};

  // Counts an HTTP response by status code (statuses the server never sends
  // share code="other").
  void count_response(unsigned status);
  // Counts a refusal under flux_rpc_rejected_total{limit=...}; `limit` is one
  // of the fixed names the server uses.
  void count_rejected(const std::string& limit);

  // The session table: every live connection, so that stop() can reach them.
  // try_add fails when connections_max are open.
  bool try_add(HttpSession* session, std::weak_ptr<HttpSession> weak);
  void remove(HttpSession* session);
  std::vector<std::shared_ptr<HttpSession>> sessions() const;
  std::size_t session_count() const;
  // Waits until no session is left or the deadline passes; true if none left.
  template <class Deadline>
  bool wait_until_no_sessions(Deadline deadline) {
    std::unique_lock lock(sessions_mutex_);
    return sessions_cv_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
  }

 private:
  std::map<unsigned, metrics::Counter*> responses_;  // fixed at construction
  metrics::Counter* other_responses_;
  std::map<std::string, metrics::Counter*, std::less<>> rejected_;  // fixed at construction
  metrics::Gauge& connections_;

  mutable std::mutex sessions_mutex_;
  std::condition_variable sessions_cv_;
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions_;
};

}  // namespace flux::rpc
