#include "engine/request.hpp"

#include "engine/operation_registry.hpp"

namespace flux {

AccountId request_sender(const Request& request) {
  return std::visit([](const auto& r) { return r.sender; }, request);
}

// Everything that needs a role is an admin operation here (the issuers' and
// compliance's too), and so is execute, which runs admin operations as the timelock.
bool is_admin_request(const Request& request) {
  const OperationDescriptor& d = descriptor(request);
  return needs_role(d) || d.runs_actions;
}

const char* request_name(const Request& request) { return descriptor(request).name.data(); }

Request action_request(const GovernanceAction& action) {
  return std::visit([](const auto& a) -> Request { return a; }, action);
}

const char* action_name(const GovernanceAction& action) { return request_name(action_request(action)); }

}  // namespace flux
