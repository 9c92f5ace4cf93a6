// Inside the node's transaction code (transaction_types.cpp, transaction_parse.cpp,
// transaction.cpp): the type table's entries, reading a typed message's fields, and
// resolving names against the state. Not for other users: transaction.hpp is the API.
#pragma once

#include "node/transaction.hpp"

#include "crypto/address.hpp"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flux::node::detail {

// --- Reading a typed message's fields (present and of the right kind: parse_transaction
// built them from the type table) ----------------------------------------------------

inline const crypto::FieldValue& field(const crypto::TypedStruct& m, std::string_view name) {
  for (const crypto::Field& f : m.fields)
    if (f.name == name) return f.value;
  throw std::logic_error("transaction field missing: " + std::string(name));
}
inline const std::string& text(const crypto::TypedStruct& m, std::string_view name) {
  return std::get<std::string>(field(m, name));
}
inline const crypto::Uint256& number(const crypto::TypedStruct& m, std::string_view name) {
  return std::get<crypto::Uint256>(field(m, name));
}
inline const crypto::Address20& address(const crypto::TypedStruct& m, std::string_view name) {
  return std::get<crypto::Address20>(field(m, name));
}
inline const std::vector<std::string>& texts(const crypto::TypedStruct& m, std::string_view name) {
  return std::get<std::vector<std::string>>(field(m, name));
}

inline std::optional<Access> access_of(std::string_view name) {
  if (name == "open") return Access::open;
  if (name == "permissionless") return Access::permissionless;
  if (name == "permissioned") return Access::permissioned;
  return std::nullopt;
}

// Resolves names against the state when a transaction becomes an engine request.
// Executing in a block (`interning` set: the state itself), an address the state does
// not know becomes a new empty account. At admission nothing is written: an unknown
// address gets a provisional id past the state's last account, the same one for the
// same address within the request. No role, issuer or vote can name such an id, so
// the admission checks judge it exactly as they would the account created later.
struct Resolver {
  explicit Resolver(const State& s) : state(s) {}
  Resolver(const State& s, State* into) : state(s), interning(into) {}
  const State& state;
  State* interning = nullptr;
  mutable std::map<std::string, AccountId> provisional;
  AccountId account(const crypto::Address20& a) const {
    std::string name = account_name(a);
    if (interning != nullptr) return interning->account_id(name);
    if (const auto known = state.find_account(name)) return *known;
    const auto next = static_cast<AccountId>(state.accounts.size() + provisional.size());
    return provisional.emplace(std::move(name), next).first->second;
  }
  AccountId account(const crypto::TypedStruct& m, std::string_view name) const { return account(address(m, name)); }
  MarketId market(const crypto::TypedStruct& m, std::string_view name) const {
    const auto id = state.market_by_symbol(text(m, name));
    return id ? *id : static_cast<MarketId>(max_markets);  // the engine: market_not_listed
  }
  AssetId asset(const crypto::TypedStruct& m, std::string_view name) const {
    const auto id = state.asset_by_symbol(text(m, name));
    return id ? *id : static_cast<AssetId>(max_assets);  // the engine: unknown_asset
  }
};

using Converter = std::function<Request(const crypto::TypedStruct&, const Resolver&, AccountId sender)>;

struct Entry {
  TransactionType type;  // its name, fields (sender and nonce first) and flags, from the registry
  Converter convert;
  // Its engine request is a GovernanceAction: a Propose may carry it as an action.
  bool action = false;
};

// transaction_types.cpp: every entry, in the fixed order of transaction_types().
const std::vector<Entry>& entries();
const Entry* find_entry(std::string_view name);
std::string action_type_list();  // "ListMarket, SetCollateralFactor, ..."
// One action of a Propose, as the request it stands for with the timelock as sender;
// nullopt if the text is not a valid action.
std::optional<Request> parse_action_request(const std::string& action_text, const Resolver& r, AccountId timelock);

// transaction_parse.cpp: one action of a Propose, the JSON text of an action type's
// fields without sender and nonce, and its "type". Empty on success, else what is wrong.
std::string parse_action(const std::string& action_text, const Entry*& entry, crypto::TypedStruct& out);

}  // namespace flux::node::detail
