// The registry of operations: one descriptor per request type, read by every layer
// that names, encodes, authorizes or documents an operation.
//
// A descriptor says, for one alternative of Request (request.hpp):
//   - its name ("set_collateral_factor": receipts, errors, `would_fail` details),
//   - the role its sender needs (authorization.cpp reads nothing else),
//   - the events it can emit (besides rule_version_activated, which any request may
//     emit first when a protocol rule version comes into force),
//   - if a proposal may carry it (a GovernanceAction), the action's storage tag in a
//     proposal record (node/action_codec.cpp; never renumbered),
//   - its transaction types: the EIP-712 primary types that stand for it on the wire,
//     each with its fields in signing order (without the leading sender and nonce,
//     which every type has) and their units (node/transaction_types.cpp,
//     docs/rpc.md's table, `flux tx`),
//   - its scenario ops and their fields (scenario/scenario.cpp).
// Most requests have one transaction type and one scenario op; a request with a flag
// (SetPaused, SetKyc, SetSanctioned, SetKycGroupAdmin, SetSanctionsAdmin) has one of
// each per value, e.g. Pause and Unpause.
//
// The descriptors themselves are in engine/descriptors/, grouped like operations/.
// Every encoding they name is fixed: type names, field names and order, tags. Change
// one and signed transactions, stored proposals or scenario files stop meaning what
// they meant.
#pragma once

#include "engine/event.hpp"
#include "engine/request.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace flux {

// Who may send a request (authorization.hpp applies the rule).
enum class Role : std::uint8_t {
  anyone,           // user operations; for governance, the governor's own rules decide
  admin,            // the admin (the timelock, once governance is installed)
  oracle,           // the price source
  pauser,           // pausing: the pause guardian or the admin; unpausing: the admin
  kyc_admin,        // compliance, or the request's group's KYC admin
  sanctions_admin,  // compliance, or the sanctions admin
  asset_issuer,     // the issuer of the request's asset
};
const char* role_name(Role role);  // "anyone", "admin", "oracle", ...

// One field of a transaction type.
struct TransactionField {
  std::string_view name;  // "collateralFactor"
  std::string_view type;  // the Solidity type in the EIP-712 type string: "uint256"
  std::string_view unit;  // what the value means: "1e18 mantissa", "market symbol", ...
};

// One EIP-712 primary type.
struct TransactionDescriptor {
  std::string_view name;                 // "SetCollateralFactor"
  std::vector<TransactionField> fields;  // after sender and nonce, in signing order
};

// One scenario op (docs/scenario-format.md, tests/scenarios/README.md).
struct ScenarioOpDescriptor {
  std::string_view op;                   // "set_collateral_factor"
  std::vector<std::string_view> fields;  // the keys it takes besides op, note, block, expect, sender
  // The step's "account" is its sender (a user op): it takes no "sender", and as a
  // proposal's action (sent by the timelock) it takes no "account" either.
  bool account_is_sender = false;
};

struct OperationDescriptor {
  std::string_view name{};  // "set_collateral_factor"
  Role role = Role::anyone;
  std::vector<EventKind> events{};
  // Execute: runs its proposal's actions as the timelock, so it may emit every event
  // they can, and counts as an admin request (is_admin_request) though anyone sends it.
  bool runs_actions = false;
  // A GovernanceAction: its tag in proposal records. Never renumbered.
  std::optional<std::uint8_t> action_tag{};
  std::vector<TransactionDescriptor> transactions{};
  std::vector<ScenarioOpDescriptor> scenario_ops{};
};

// The descriptor of one request type. Each is defined (explicitly specialized) in
// engine/descriptors/; a request type without one does not link.
template <class R>
const OperationDescriptor& describe();

// Every descriptor, in the order of Request's alternatives.
const std::vector<const OperationDescriptor*>& operation_descriptors();
const OperationDescriptor& descriptor(const Request& request);
const OperationDescriptor& descriptor(const GovernanceAction& action);

// Lookups by the names the wire and scenario files use; null (nullopt) when none.
const OperationDescriptor* descriptor_by_transaction(std::string_view type_name);
const TransactionDescriptor* transaction_descriptor(std::string_view type_name);
const OperationDescriptor* descriptor_by_scenario_op(std::string_view op);
const ScenarioOpDescriptor* scenario_op_descriptor(std::string_view op);
// The index in GovernanceAction of the action stored under `tag`.
std::optional<std::size_t> action_index_by_tag(std::uint8_t tag);

// A request that needs a role: anything but Role::anyone.
inline bool needs_role(const OperationDescriptor& d) { return d.role != Role::anyone; }

// May `request` emit `kind`? (rule_version_activated: always.)
bool may_emit(const Request& request, EventKind kind);

}  // namespace flux
