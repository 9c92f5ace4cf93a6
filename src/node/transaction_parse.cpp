// Reading a transaction's wire form (docs/rpc.md, "Writing a client"): the type, every
// field of the type and no other, each of its Solidity type and within its limits,
// and the values a wallet could sign but the engine could not mean.
#include "node/transaction_table.hpp"

#include <set>

namespace flux::node {
namespace {

using crypto::Failure;
using crypto::Field;
using crypto::FieldValue;
using crypto::TypedStruct;
using detail::Entry;
using detail::number;
using detail::text;
using detail::texts;
using json = nlohmann::json;

Failure<TransactionError> malformed(std::string detail) {
  return Failure{TransactionError{Rejection::malformed, std::move(detail)}};
}

// A JSON value as the field's value; empty string on success, else what is wrong.
std::string read_value(const json& v, const FieldSpec& spec, FieldValue& out) {
  if (spec.type == "address") {
    if (!v.is_string()) return "expected an address string";
    auto parsed = crypto::parse_address(v.get<std::string>());
    if (!parsed) return "not a valid address (0x + 40 hex digits, EIP-55 if mixed case)";
    out = *parsed;
    return {};
  }
  if (spec.type == "string") {
    if (!v.is_string()) return "expected a string";
    if (const std::size_t max = max_string_bytes(spec.name); v.get_ref<const std::string&>().size() > max)
      return "is longer than " + std::to_string(max) + " bytes";
    out = v.get<std::string>();
    return {};
  }
  if (spec.type == "bool") {
    if (!v.is_boolean()) return "expected true or false";
    out = v.get<bool>();
    return {};
  }
  if (spec.type == "string[]") {
    if (!v.is_array()) return "expected an array of strings";
    // Counted before anything is copied. (A Propose's 1 to 10 actions are checked after.)
    if (v.size() > max_markets) return "has more than " + std::to_string(max_markets) + " items";
    std::vector<std::string> items;
    const std::size_t max = max_string_bytes(spec.name);
    for (const json& item : v) {
      if (!item.is_string()) return "expected an array of strings";
      if (item.get_ref<const std::string&>().size() > max)
        return "item " + std::to_string(items.size()) + " is longer than " + std::to_string(max) + " bytes";
      items.push_back(item.get<std::string>());
    }
    out = std::move(items);
    return {};
  }
  // uintN: a decimal string, or a non-negative JSON integer.
  std::optional<U256> n;
  if (v.is_number_unsigned()) n = U256(v.get<std::uint64_t>());
  else if (v.is_string()) n = parse_u256(v.get<std::string>());
  else return "expected an unsigned integer as a decimal string";
  if (!n) return "not a decimal integer below 2^256";
  const unsigned bits = static_cast<unsigned>(std::stoul(spec.type.substr(4)));
  if (bits < 256 && (*n >> bits) != 0) return "does not fit in " + spec.type;
  out = *n;
  return {};
}

// Reads an object's fields in the type's order: every field present (sender and nonce
// only when `prefixed`), no other. Empty on success, else what is wrong.
std::string read_fields(const json& object, const Entry& entry, bool prefixed, TypedStruct& out,
                        const std::set<std::string>& ignored = {}) {
  const std::string& type_name = entry.type.name;
  const auto own = [prefixed](const FieldSpec& f) { return prefixed || (f.name != "sender" && f.name != "nonce"); };
  for (const auto& item : object.items()) {
    if (ignored.count(item.key()) != 0) continue;
    bool known = false;
    for (const FieldSpec& f : entry.type.fields) known = known || (own(f) && f.name == item.key());
    if (!known) return "field \"" + item.key() + "\" is not part of " + type_name;
  }
  out.primary_type = type_name;
  for (const FieldSpec& spec : entry.type.fields) {
    if (!own(spec)) continue;
    if (!object.contains(spec.name)) return "field \"" + spec.name + "\" is missing";
    FieldValue value;
    if (std::string problem = read_value(object[spec.name], spec, value); !problem.empty())
      return "field \"" + spec.name + "\": " + problem;
    out.fields.push_back(Field{spec.name, spec.type, std::move(value)});
  }
  return {};
}

// Values a wallet could sign but the engine could not mean, by field name (the same
// name means the same closed list in every type). Empty when all are fine.
std::string check_values(const TypedStruct& m) {
  for (const Field& f : m.fields) {
    if (f.name == "action") {  // Pause, Unpause
      const std::string& action = text(m, "action");
      if (action != "mint" && action != "borrow" && action != "transfer" && action != "seize")
        return "action must be mint, borrow, transfer or seize";
    } else if (f.name == "kind") {  // a rate model
      if (text(m, "kind") != "linear" && text(m, "kind") != "jump") return "kind must be linear or jump";
    } else if (f.name == "access") {
      if (!detail::access_of(text(m, "access"))) return "access must be open, permissionless or permissioned";
    } else if (f.name == "parameter") {  // SetGovernanceParameter
      if (!governance_parameter_from_name(text(m, "parameter")))
        return "parameter must be proposal_threshold, voting_delay, voting_period, quorum_votes or timelock_delay";
    } else if (f.name == "support") {  // CastVote
      if (number(m, "support") > 2) return "support must be 0 (against), 1 (for) or 2 (abstain)";
    }
  }
  return {};
}

}  // namespace

namespace detail {
std::string parse_action(const std::string& action_text, const Entry*& entry, TypedStruct& out) {
  if (action_text.size() > max_action_bytes) return "is longer than " + std::to_string(max_action_bytes) + " bytes";
  const json object = json::parse(action_text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) return "is not the text of a JSON object";
  if (!object.contains("type") || !object["type"].is_string()) return "needs a \"type\" string";
  const std::string type_name = object["type"].get<std::string>();
  entry = find_entry(type_name);
  if (entry == nullptr) return "names no transaction type \"" + type_name + "\"";
  if (!entry->action)
    return type_name + " is not a governance action (a proposal may carry " + action_type_list() + ")";
  if (std::string problem = read_fields(object, *entry, false, out, {"type"}); !problem.empty()) return problem;
  return check_values(out);
}

}  // namespace detail

std::size_t max_string_bytes(std::string_view field) {
  if (field == "description") return max_description_bytes;
  if (field == "reason") return max_reason_bytes;
  if (field == "actions") return max_action_bytes;
  return max_symbol_bytes;  // symbols, and the words of closed lists (kind, access, ...)
}

crypto::Result<Transaction, TransactionError> parse_transaction(const json& wire) {
  if (!wire.is_object()) return malformed("a transaction is a JSON object");
  for (const auto& item : wire.items())
    if (item.key() != "type" && item.key() != "message" && item.key() != "signature")
      return malformed("unknown field \"" + item.key() + "\"");
  if (!wire.contains("type") || !wire["type"].is_string()) return malformed("\"type\" must be a string");
  const std::string type_name = wire["type"].get<std::string>();
  const Entry* entry = detail::find_entry(type_name);
  if (entry == nullptr) return Failure{TransactionError{Rejection::unknown_type, "no transaction type " + type_name}};
  if (!wire.contains("message") || !wire["message"].is_object()) return malformed("\"message\" must be an object");
  Transaction tx;
  if (std::string problem = read_fields(wire["message"], *entry, true, tx.message); !problem.empty())
    return malformed("message " + problem);
  if (std::string problem = check_values(tx.message); !problem.empty()) return malformed(problem);
  if (type_name == "Propose") {
    const auto& actions = texts(tx.message, "actions");
    if (actions.empty() || actions.size() > max_proposal_actions)
      return malformed("a proposal carries 1 to " + std::to_string(max_proposal_actions) + " actions, not " +
                       std::to_string(actions.size()));
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const Entry* action_entry = nullptr;
      TypedStruct fields;
      if (std::string problem = detail::parse_action(actions[i], action_entry, fields); !problem.empty())
        return malformed("actions[" + std::to_string(i) + "] " + problem);
    }
  }
  if (!wire.contains("signature") || !wire["signature"].is_string())
    return malformed("\"signature\" must be a hex string");
  auto signature = crypto::Signature::from_hex(wire["signature"].get<std::string>(), crypto::HexPrefix::required);
  if (!signature) return Failure{TransactionError{Rejection::bad_signature, "signature must be 0x + 130 hex digits"}};
  tx.signature = *signature;
  return tx;
}

}  // namespace flux::node
