#include "rpc/server_state.hpp"

namespace flux::rpc {

namespace {
constexpr const char* kResponsesName = "flux_rpc_http_responses_total";
constexpr const char* kResponsesHelp = "HTTP responses sent, by status code";
constexpr const char* kRejectedName = "flux_rpc_rejected_total";
constexpr const char* kRejectedHelp = "Requests refused because they exceeded a limit, by limit";
}  // namespace

ServerState::ServerState(const Limits& limits_, const Dispatcher& dispatcher_, EventHub& hub_,
                         metrics::Registry& registry_)
    : limits(limits_),
      dispatcher(dispatcher_),
      hub(hub_),
      registry(registry_),
      other_responses_(&registry_.counter(kResponsesName, kResponsesHelp, {{"code", "other"}})),
      connections_(registry_.gauge("flux_rpc_connections", "Open HTTP connections, event streams included")) {
  for (unsigned status : {200u, 204u, 400u, 404u, 405u, 413u, 415u, 431u, 500u, 503u}) {
    responses_[status] = &registry_.counter(kResponsesName, kResponsesHelp, {{"code", std::to_string(status)}});
  }
  for (const char* limit : {"body_bytes", "header_bytes", "connections", "read_timeout"}) {
    rejected_[limit] = &registry_.counter(kRejectedName, kRejectedHelp, {{"limit", limit}});
  }
}

void ServerState::count_response(unsigned status) {
  const auto it = responses_.find(status);
  (it == responses_.end() ? other_responses_ : it->second)->inc();
}

void ServerState::count_rejected(const std::string& limit) {
  const auto it = rejected_.find(limit);
  if (it != rejected_.end()) it->second->inc();
}

bool ServerState::try_add(HttpSession* session, std::weak_ptr<HttpSession> weak) {
  std::lock_guard lock(sessions_mutex_);
  if (sessions_.size() >= limits.connections_max) return false;
  sessions_.emplace(session, std::move(weak));
  connections_.set(static_cast<double>(sessions_.size()));
  return true;
}

void ServerState::remove(HttpSession* session) {
  std::lock_guard lock(sessions_mutex_);
  if (sessions_.erase(session) == 0) return;
  connections_.set(static_cast<double>(sessions_.size()));
  if (sessions_.empty()) sessions_cv_.notify_all();
}

std::vector<std::shared_ptr<HttpSession>> ServerState::sessions() const {
  std::vector<std::shared_ptr<HttpSession>> out;
  std::lock_guard lock(sessions_mutex_);
  for (const auto& entry : sessions_) {
    if (auto s = entry.second.lock()) out.push_back(std::move(s));
  }
  return out;
}

std::size_t ServerState::session_count() const {
  std::lock_guard lock(sessions_mutex_);
  return sessions_.size();
}

}  // namespace flux::rpc
