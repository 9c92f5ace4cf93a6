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
#include <string>
#include <string_view>
#include <type_traits>
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

// What a bound field holds (below), which says how every layer reads and writes it:
// on the wire, in a scenario, in a stored proposal, in the state hash and in JSON.
enum class FieldKind : std::uint8_t {
  account,  // AccountId: an address on the wire, a name in scenarios, proposals and the hash
  market,   // MarketId: a market symbol (unknown: max_markets, refused by the engine)
  asset,    // AssetId: an asset symbol (unknown: max_assets)
  amount,   // U256
  u32,      // std::uint32_t
  u64,      // std::uint64_t
  flag,     // bool
  text,     // std::string
  markets,  // std::vector<MarketId>: market symbols
};

// Where a field lives in its request struct: `member` maps the address of the struct
// to the address of the field, of the type `kind` names. Made by bound_field below.
struct FieldBinding {
  FieldKind kind = FieldKind::amount;
  void* (*member)(void* request) = nullptr;
};

// One field of a transaction type.
struct TransactionField {
  std::string_view name;  // "collateralFactor"
  std::string_view type;  // the Solidity type in the EIP-712 type string: "uint256"
  std::string_view unit;  // what the value means: "1e18 mantissa", "market symbol", ...
  // A bound field (bound_field): its key in scenario files, and its member. A request
  // whose fields are all bound needs no code of its own in any layer (is_generic).
  std::string_view scenario{};
  FieldBinding binding{};
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

// The protocols an operation runs under (flux_protocol/deployment.hpp); under the
// other one it fails with wrong_protocol.
enum class Protocols : std::uint8_t { compound, flux_protocol, both };

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
  Protocols protocols = Protocols::compound;
};

inline bool runs_under(const OperationDescriptor& d, Protocol p) {
  return d.protocols == Protocols::both || (d.protocols == Protocols::flux_protocol) == (p == Protocol::flux_protocol);
}

// A field bound to its member, e.g.
//   bound_field<FieldKind::account, &ClaimRewardsFor::holder>("holder", "holder", "account")
// Its EIP-712 type follows from the kind; the member's type must be the kind's.
constexpr std::string_view solidity_type(FieldKind kind) {
  switch (kind) {
    case FieldKind::account: return "address";
    case FieldKind::market:
    case FieldKind::asset:
    case FieldKind::text: return "string";
    case FieldKind::amount: return "uint256";
    case FieldKind::u32: return "uint32";
    case FieldKind::u64: return "uint64";
    case FieldKind::flag: return "bool";
    case FieldKind::markets: return "string[]";
  }
  return "";
}

namespace detail {
template <auto Member>
struct member_of;
template <class S, class M, M S::*P>
struct member_of<P> {
  using Struct = S;
  using Type = M;
};
template <FieldKind K>
struct kind_type;
template <>
struct kind_type<FieldKind::account> {
  using type = AccountId;
};
template <>
struct kind_type<FieldKind::market> {
  using type = MarketId;
};
template <>
struct kind_type<FieldKind::asset> {
  using type = AssetId;
};
template <>
struct kind_type<FieldKind::amount> {
  using type = U256;
};
template <>
struct kind_type<FieldKind::u32> {
  using type = std::uint32_t;
};
template <>
struct kind_type<FieldKind::u64> {
  using type = std::uint64_t;
};
template <>
struct kind_type<FieldKind::flag> {
  using type = bool;
};
template <>
struct kind_type<FieldKind::text> {
  using type = std::string;
};
template <>
struct kind_type<FieldKind::markets> {
  using type = std::vector<MarketId>;
};
}  // namespace detail

template <FieldKind K, auto Member>
TransactionField bound_field(std::string_view wire, std::string_view scenario, std::string_view unit) {
  using S = typename detail::member_of<Member>::Struct;
  static_assert(std::is_same_v<typename detail::member_of<Member>::Type, typename detail::kind_type<K>::type>,
                "the member's type is not the one its kind stands for");
  return {wire, solidity_type(K), unit, scenario,
          FieldBinding{K, [](void* request) -> void* { return &(static_cast<S*>(request)->*Member); }}};
}

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

// A request with one transaction type and one scenario op whose fields are all bound
// (bound_field), in the same order: the layers read and write it from its descriptor.
// The others (older requests, and those with flags or nested values) have a
// converter of their own in each layer.
//
// Binding the fields of a request that has converters switches its stored proposal
// bytes, state-hash encoding and JSON to the descriptor's order, and moves its
// transaction type to the end of the table: bind only new requests, or old ones whose
// forms the descriptor's order reproduces (the golden tests of every action, type and
// hash say whether it does). A governance action with neither converters nor bound
// fields builds, but fails at its first encoding: tests/node/golden_actions_test.cpp
// encodes every action type, so such an action cannot pass the suite.
bool is_generic(const OperationDescriptor& d);
// The bound fields of `request`'s descriptor, each with the address of its value in
// `request` (empty unless is_generic).
struct BoundValue {
  const TransactionField* field;
  void* value;
};
std::vector<BoundValue> bound_values(Request& request);
std::vector<BoundValue> bound_values(GovernanceAction& action);
struct ConstBoundValue {
  const TransactionField* field;
  const void* value;
};
std::vector<ConstBoundValue> bound_values(const Request& request);
std::vector<ConstBoundValue> bound_values(const GovernanceAction& action);
// The value of a bound field of kind K (detail::kind_type<K>::type).
template <FieldKind K>
const auto& bound_value(const ConstBoundValue& v) {
  return *static_cast<const typename detail::kind_type<K>::type*>(v.value);
}
template <FieldKind K>
auto& bound_value(const BoundValue& v) {
  return *static_cast<typename detail::kind_type<K>::type*>(v.value);
}
// A request of the type at `index` in Request with every field zero and `sender`.
Request make_request(std::size_t index, AccountId sender);

// A request that needs a role: anything but Role::anyone.
inline bool needs_role(const OperationDescriptor& d) { return d.role != Role::anyone; }

// May `request` emit `kind`? (rule_version_activated: always.)
bool may_emit(const Request& request, EventKind kind);

}  // namespace flux
