#include "engine/operation_registry.hpp"

#include "engine/descriptors/describe.hpp"

#include <algorithm>
#include <utility>

namespace flux {
namespace {

template <class Variant, std::size_t... I>
std::vector<const OperationDescriptor*> collect(std::index_sequence<I...>) {
  return {&describe<std::variant_alternative_t<I, Variant>>()...};
}

template <class Variant>
const std::vector<const OperationDescriptor*>& descriptors_of() {
  static const std::vector<const OperationDescriptor*> all =
      collect<Variant>(std::make_index_sequence<std::variant_size_v<Variant>>{});
  return all;
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::anyone: return "anyone";
    case Role::admin: return "admin";
    case Role::oracle: return "oracle";
    case Role::pauser: return "pause guardian or admin";
    case Role::kyc_admin: return "compliance or the group's KYC admin";
    case Role::sanctions_admin: return "compliance or the sanctions admin";
    case Role::asset_issuer: return "the asset's issuer";
  }
  return "unknown";
}

const std::vector<const OperationDescriptor*>& operation_descriptors() { return descriptors_of<Request>(); }

const OperationDescriptor& descriptor(const Request& request) { return *operation_descriptors()[request.index()]; }

const OperationDescriptor& descriptor(const GovernanceAction& action) {
  return *descriptors_of<GovernanceAction>()[action.index()];
}

const OperationDescriptor* descriptor_by_transaction(std::string_view type_name) {
  for (const OperationDescriptor* d : operation_descriptors())
    for (const TransactionDescriptor& t : d->transactions)
      if (t.name == type_name) return d;
  return nullptr;
}

const TransactionDescriptor* transaction_descriptor(std::string_view type_name) {
  for (const OperationDescriptor* d : operation_descriptors())
    for (const TransactionDescriptor& t : d->transactions)
      if (t.name == type_name) return &t;
  return nullptr;
}

const OperationDescriptor* descriptor_by_scenario_op(std::string_view op) {
  for (const OperationDescriptor* d : operation_descriptors())
    for (const ScenarioOpDescriptor& s : d->scenario_ops)
      if (s.op == op) return d;
  return nullptr;
}

const ScenarioOpDescriptor* scenario_op_descriptor(std::string_view op) {
  for (const OperationDescriptor* d : operation_descriptors())
    for (const ScenarioOpDescriptor& s : d->scenario_ops)
      if (s.op == op) return &s;
  return nullptr;
}

std::optional<std::size_t> action_index_by_tag(std::uint8_t tag) {
  const auto& actions = descriptors_of<GovernanceAction>();
  for (std::size_t i = 0; i < actions.size(); ++i)
    if (actions[i]->action_tag == tag) return i;
  return std::nullopt;
}

bool may_emit(const Request& request, EventKind kind) {
  if (kind == EventKind::rule_version_activated) return true;
  const OperationDescriptor& d = descriptor(request);
  if (std::find(d.events.begin(), d.events.end(), kind) != d.events.end()) return true;
  if (!d.runs_actions) return false;
  for (const OperationDescriptor* a : descriptors_of<GovernanceAction>())
    if (std::find(a->events.begin(), a->events.end(), kind) != a->events.end()) return true;
  return false;
}

}  // namespace flux
