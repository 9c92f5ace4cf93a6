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

bool fields_bound(const OperationDescriptor& d) {
  if (d.transactions.size() != 1 || d.scenario_ops.size() != 1) return false;
  const std::vector<TransactionField>& fields = d.transactions.front().fields;
  const std::vector<std::string_view>& keys = d.scenario_ops.front().fields;
  // A user op's scenario step names its sender as "account" before its own fields.
  const std::size_t skip = d.scenario_ops.front().account_is_sender ? 1 : 0;
  if (keys.size() != fields.size() + skip) return false;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].binding.member == nullptr || fields[i].scenario != keys[i + skip]) return false;
  return true;
}

template <std::size_t I>
Request make_alternative(AccountId sender) {
  Request r{std::in_place_index<I>};
  std::get<I>(r).sender = sender;
  return r;
}

template <std::size_t... I>
std::vector<Request (*)(AccountId)> factories(std::index_sequence<I...>) {
  return {&make_alternative<I>...};
}

// Each bound field with the address of its value in `v`'s alternative. Value is
// BoundValue, or ConstBoundValue for a const variant.
template <class Value, class Variant>
std::vector<Value> bound_values_of(Variant& v, const OperationDescriptor& d) {
  std::vector<Value> out;
  if (!is_generic(d)) return out;
  // The binding maps an object's address to its member's; for a const variant the
  // result is only read (ConstBoundValue), so casting the const away writes nothing.
  void* object =
      std::visit([](auto& alternative) { return const_cast<void*>(static_cast<const void*>(&alternative)); }, v);
  for (const TransactionField& f : d.transactions.front().fields) out.push_back({&f, f.binding.member(object)});
  return out;
}

}  // namespace

bool is_generic(const OperationDescriptor& d) {
  // Asked for every request (the accounts it names): answered once per descriptor.
  static const std::vector<const OperationDescriptor*> generic = [] {
    std::vector<const OperationDescriptor*> out;
    for (const OperationDescriptor* each : operation_descriptors())
      if (fields_bound(*each)) out.push_back(each);
    return out;
  }();
  return std::find(generic.begin(), generic.end(), &d) != generic.end();
}

std::vector<BoundValue> bound_values(Request& request) {
  return bound_values_of<BoundValue>(request, descriptor(request));
}
std::vector<BoundValue> bound_values(GovernanceAction& action) {
  return bound_values_of<BoundValue>(action, descriptor(action));
}
std::vector<ConstBoundValue> bound_values(const Request& request) {
  return bound_values_of<ConstBoundValue>(request, descriptor(request));
}
std::vector<ConstBoundValue> bound_values(const GovernanceAction& action) {
  return bound_values_of<ConstBoundValue>(action, descriptor(action));
}

Request make_request(std::size_t index, AccountId sender) {
  static const auto all = factories(std::make_index_sequence<std::variant_size_v<Request>>{});
  return all.at(index)(sender);
}

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
