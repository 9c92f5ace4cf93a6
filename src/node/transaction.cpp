#include "node/transaction.hpp"

#include "crypto/address.hpp"
#include "crypto/keccak.hpp"

#include <functional>

namespace flux::node {
namespace {

using crypto::Address20;
using crypto::Failure;
using crypto::Field;
using crypto::FieldValue;
using crypto::TypedStruct;
using crypto::Uint256;
using json = nlohmann::json;

// --- Reading a typed message's fields (present and of the right kind: parse_transaction
// built them from the type table) ----------------------------------------------------

const FieldValue& field(const TypedStruct& m, std::string_view name) {
  for (const Field& f : m.fields)
    if (f.name == name) return f.value;
  throw std::logic_error("transaction field missing: " + std::string(name));
}
const std::string& text(const TypedStruct& m, std::string_view name) { return std::get<std::string>(field(m, name)); }
const Uint256& number(const TypedStruct& m, std::string_view name) { return std::get<Uint256>(field(m, name)); }
const Address20& address(const TypedStruct& m, std::string_view name) { return std::get<Address20>(field(m, name)); }
const std::vector<std::string>& texts(const TypedStruct& m, std::string_view name) {
  return std::get<std::vector<std::string>>(field(m, name));
}

// Resolves names against the state when a transaction becomes an engine request.
struct Resolver {
  State& state;
  AccountId account(const Address20& a) const { return state.account_id(account_name(a)); }
  AccountId account(const TypedStruct& m, std::string_view name) const { return account(address(m, name)); }
  MarketId market(const TypedStruct& m, std::string_view name) const {
    const auto id = state.market_by_symbol(text(m, name));
    return id ? *id : static_cast<MarketId>(max_markets);  // the engine: market_not_listed
  }
  AssetId asset(const TypedStruct& m, std::string_view name) const {
    const auto id = state.asset_by_symbol(text(m, name));
    return id ? *id : static_cast<AssetId>(max_assets);  // the engine: unknown_asset
  }
};

using Converter = std::function<Request(const TypedStruct&, const Resolver&, AccountId sender)>;

struct Entry {
  TransactionType type;
  Converter convert;
};

std::vector<FieldSpec> with_prefix(std::vector<FieldSpec> own) {
  std::vector<FieldSpec> all{{"sender", "address"}, {"nonce", "uint64"}};
  all.insert(all.end(), own.begin(), own.end());
  return all;
}

Entry user(std::string name, std::vector<FieldSpec> fields, Converter convert) {
  return Entry{TransactionType{std::move(name), with_prefix(std::move(fields)), false}, std::move(convert)};
}
Entry role(std::string name, std::vector<FieldSpec> fields, Converter convert) {
  return Entry{TransactionType{std::move(name), with_prefix(std::move(fields)), true}, std::move(convert)};
}

PauseAction pause_action(const std::string& action) {
  if (action == "mint") return PauseAction::mint;
  if (action == "borrow") return PauseAction::borrow;
  if (action == "transfer") return PauseAction::transfer;
  return PauseAction::seize;  // parse_transaction admits only the four names
}

std::uint32_t small(const Uint256& v) { return static_cast<std::uint32_t>(v); }  // a uint32 field

const std::vector<Entry>& entries() {
  static const std::vector<Entry> all = [] {
    const FieldSpec market{"market", "string"};
    const FieldSpec amount{"amount", "uint256"};
    const FieldSpec value{"value", "uint256"};
    std::vector<Entry> e;
    // Users.
    e.push_back(user("Mint", {market, amount}, [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
      return Mint{s, r.market(m, "market"), number(m, "amount")};
    }));
    e.push_back(user("Redeem", {market, {"tokens", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return Redeem{s, r.market(m, "market"), number(m, "tokens")};
                     }));
    e.push_back(user("RedeemUnderlying", {market, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return RedeemUnderlying{s, r.market(m, "market"), number(m, "amount")};
                     }));
    e.push_back(user("Borrow", {market, amount}, [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
      return Borrow{s, r.market(m, "market"), number(m, "amount")};
    }));
    // amount 2^256 - 1 repays the whole borrow.
    e.push_back(user("Repay", {market, {"borrower", "address"}, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return Repay{s, r.account(m, "borrower"), r.market(m, "market"), number(m, "amount")};
                     }));
    e.push_back(user("Transfer", {market, {"to", "address"}, {"tokens", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return Transfer{s, r.account(m, "to"), r.market(m, "market"), number(m, "tokens")};
                     }));
    e.push_back(user("Liquidate", {{"borrower", "address"}, market, amount, {"collateralMarket", "string"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return Liquidate{s, r.account(m, "borrower"), r.market(m, "market"), number(m, "amount"),
                                        r.market(m, "collateralMarket")};
                     }));
    e.push_back(user("EnterMarkets", {{"markets", "string[]"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       EnterMarkets request{s, {}};
                       for (const std::string& symbol : texts(m, "markets")) {
                         const auto id = r.state.market_by_symbol(symbol);
                         request.markets.push_back(id ? *id : static_cast<MarketId>(max_markets));
                       }
                       return request;
                     }));
    e.push_back(user("ExitMarket", {market}, [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
      return ExitMarket{s, r.market(m, "market")};
    }));
    e.push_back(user("Accrue", {market}, [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
      return Accrue{s, r.market(m, "market")};
    }));
    e.push_back(user("TransferAsset", {{"asset", "string"}, {"to", "address"}, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return TransferAsset{s, r.account(m, "to"), r.asset(m, "asset"), number(m, "amount")};
                     }));
    // Issuers.
    e.push_back(role("IssueAsset", {{"asset", "string"}, {"to", "address"}, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return IssueAsset{s, r.account(m, "to"), r.asset(m, "asset"), number(m, "amount")};
                     }));
    e.push_back(role("BurnAsset", {{"asset", "string"}, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return BurnAsset{s, r.asset(m, "asset"), number(m, "amount")};
                     }));
    // Oracle and admin.
    e.push_back(role("SetPrice", {market, {"price", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetPrice{s, r.market(m, "market"), number(m, "price")};
                     }));
    e.push_back(role("SetPriceCap", {market, {"cap", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetPriceCap{s, r.market(m, "market"), number(m, "cap")};
                     }));
    e.push_back(role("SetCollateralFactor", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetCollateralFactor{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(role("SetReserveFactor", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetReserveFactor{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(role("SetProtocolSeizeShare", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetProtocolSeizeShare{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(role("SetRateModel",
                     {market, {"kind", "string"}, {"basePerYear", "uint256"}, {"multiplierPerYear", "uint256"},
                      {"jumpMultiplierPerYear", "uint256"}, {"kink", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       RateModelParams p;
                       p.kind = text(m, "kind") == "jump" ? RateModelKind::jump : RateModelKind::linear;
                       p.base_per_year = number(m, "basePerYear");
                       p.multiplier_per_year = number(m, "multiplierPerYear");
                       p.jump_multiplier_per_year = number(m, "jumpMultiplierPerYear");
                       p.kink = number(m, "kink");
                       return SetRateModel{s, r.market(m, "market"), p};
                     }));
    e.push_back(role("SetCloseFactor", {value}, [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
      return SetCloseFactor{s, number(m, "value")};
    }));
    e.push_back(role("SetLiquidationIncentive", {value},
                     [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                       return SetLiquidationIncentive{s, number(m, "value")};
                     }));
    e.push_back(role("SetBorrowCap", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetBorrowCap{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(role("SetSupplyCap", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetSupplyCap{s, r.market(m, "market"), number(m, "value")};
                     }));
    for (const bool paused : {true, false})
      e.push_back(role(paused ? "Pause" : "Unpause", {market, {"action", "string"}},
                       [paused](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         const PauseAction action = pause_action(text(m, "action"));
                         const bool global = action == PauseAction::transfer || action == PauseAction::seize;
                         return SetPaused{s, global ? MarketId{0} : r.market(m, "market"), action, paused};
                       }));
    for (const bool granted : {true, false})
      e.push_back(role(granted ? "GrantKyc" : "RevokeKyc", {{"account", "address"}, {"group", "uint32"}},
                       [granted](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetKyc{s, r.account(m, "account"), small(number(m, "group")), granted};
                       }));
    for (const bool sanctioned : {true, false})
      e.push_back(role(sanctioned ? "Sanction" : "Unsanction", {{"account", "address"}},
                       [sanctioned](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetSanctioned{s, r.account(m, "account"), sanctioned};
                       }));
    e.push_back(role("AddReserves", {market, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return AddReserves{s, r.market(m, "market"), number(m, "amount")};
                     }));
    e.push_back(role("ReduceReserves", {market, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return ReduceReserves{s, r.market(m, "market"), number(m, "amount")};
                     }));
    // Test tokens on a dev chain.
    e.push_back(role("Faucet", {{"account", "address"}, {"asset", "string"}, amount},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return Faucet{s, r.account(m, "account"), r.asset(m, "asset"), number(m, "amount")};
                     }));
    // Protocol rule upgrades (engine/upgrade.hpp): admin, so on a governed chain only a
    // proposal's action. Appended: the list's order is the types' order everywhere.
    e.push_back(role("ScheduleUpgrade", {{"version", "uint32"}, {"activationBlock", "uint64"}},
                     [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                       return ScheduleUpgrade{s, small(number(m, "version")),
                                              static_cast<std::uint64_t>(number(m, "activationBlock"))};
                     }));
    return e;
  }();
  return all;
}

const Entry* find_entry(std::string_view name) {
  for (const Entry& e : entries())
    if (e.type.name == name) return &e;
  return nullptr;
}

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
    out = v.get<std::string>();
    return {};
  }
  if (spec.type == "string[]") {
    if (!v.is_array()) return "expected an array of strings";
    std::vector<std::string> items;
    for (const json& item : v) {
      if (!item.is_string()) return "expected an array of strings";
      items.push_back(item.get<std::string>());
    }
    if (items.size() > max_markets) return "too many items";
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

}  // namespace

const std::vector<TransactionType>& transaction_types() {
  static const std::vector<TransactionType> types = [] {
    std::vector<TransactionType> out;
    for (const Entry& e : entries()) out.push_back(e.type);
    return out;
  }();
  return types;
}

const TransactionType* find_transaction_type(std::string_view name) {
  const Entry* e = find_entry(name);
  return e ? &e->type : nullptr;
}

std::string_view rejection_name(Rejection r) {
  switch (r) {
    case Rejection::malformed: return "malformed";
    case Rejection::unknown_type: return "unknown_type";
    case Rejection::bad_signature: return "bad_signature";
    case Rejection::wrong_signer: return "wrong_signer";
    case Rejection::nonce_used: return "nonce_used";
    case Rejection::nonce_skipped: return "nonce_skipped";
    case Rejection::unauthorized: return "unauthorized";
    case Rejection::out_of_bounds: return "out_of_bounds";
    case Rejection::mempool_full: return "mempool_full";
    case Rejection::upgrade_required: return "upgrade_required";
  }
  return "unknown";
}

crypto::Address20 Transaction::sender() const { return address(message, "sender"); }
std::uint64_t Transaction::nonce() const { return static_cast<std::uint64_t>(number(message, "nonce")); }

crypto::Result<Transaction, TransactionError> parse_transaction(const json& wire) {
  if (!wire.is_object()) return malformed("a transaction is a JSON object");
  for (const auto& item : wire.items())
    if (item.key() != "type" && item.key() != "message" && item.key() != "signature")
      return malformed("unknown field \"" + item.key() + "\"");
  if (!wire.contains("type") || !wire["type"].is_string()) return malformed("\"type\" must be a string");
  const std::string type_name = wire["type"].get<std::string>();
  const Entry* entry = find_entry(type_name);
  if (entry == nullptr) return Failure{TransactionError{Rejection::unknown_type, "no transaction type " + type_name}};
  if (!wire.contains("message") || !wire["message"].is_object()) return malformed("\"message\" must be an object");
  const json& message = wire["message"];
  for (const auto& item : message.items()) {
    bool known = false;
    for (const FieldSpec& f : entry->type.fields) known = known || f.name == item.key();
    if (!known) return malformed("message field \"" + item.key() + "\" is not part of " + type_name);
  }
  Transaction tx;
  tx.message.primary_type = type_name;
  for (const FieldSpec& spec : entry->type.fields) {
    if (!message.contains(spec.name)) return malformed("message field \"" + spec.name + "\" is missing");
    FieldValue value;
    if (std::string problem = read_value(message[spec.name], spec, value); !problem.empty())
      return malformed("message field \"" + spec.name + "\": " + problem);
    tx.message.fields.push_back(Field{spec.name, spec.type, std::move(value)});
  }
  // Values a wallet could sign but the engine could not mean.
  if (type_name == "Pause" || type_name == "Unpause") {
    const std::string& action = text(tx.message, "action");
    if (action != "mint" && action != "borrow" && action != "transfer" && action != "seize")
      return malformed("action must be mint, borrow, transfer or seize");
  }
  if (type_name == "SetRateModel" && text(tx.message, "kind") != "linear" && text(tx.message, "kind") != "jump")
    return malformed("kind must be linear or jump");
  if (!wire.contains("signature") || !wire["signature"].is_string())
    return malformed("\"signature\" must be a hex string");
  auto signature = crypto::Signature::from_hex(wire["signature"].get<std::string>(), crypto::HexPrefix::required);
  if (!signature) return Failure{TransactionError{Rejection::bad_signature, "signature must be 0x + 130 hex digits"}};
  tx.signature = *signature;
  return tx;
}

json to_json(const Transaction& tx) {
  json message = json::object();
  for (const Field& f : tx.message.fields) {
    if (const auto* a = std::get_if<Address20>(&f.value)) message[f.name] = crypto::to_checksum_address(*a);
    else if (const auto* n = std::get_if<Uint256>(&f.value)) message[f.name] = n->str();
    else if (const auto* s = std::get_if<std::string>(&f.value)) message[f.name] = *s;
    else if (const auto* v = std::get_if<std::vector<std::string>>(&f.value)) message[f.name] = *v;
  }
  return {{"type", tx.message.primary_type}, {"message", message}, {"signature", tx.signature.hex()}};
}

crypto::Domain flux_domain(std::uint64_t chain_id) { return crypto::Domain{"Flux", "1", Uint256(chain_id)}; }

crypto::Hash32 transaction_hash(const Transaction& tx, std::uint64_t chain_id) {
  // The message was built from the type table, so it always encodes.
  return crypto::typed_data_digest(flux_domain(chain_id), tx.message).value();
}

Request to_request(const Transaction& tx, State& state) {
  const Entry* entry = find_entry(tx.message.primary_type);
  if (entry == nullptr) throw std::logic_error("to_request: unknown transaction type");
  const Resolver resolver{state};
  const AccountId sender = resolver.account(tx.sender());
  return entry->convert(tx.message, resolver, sender);
}

std::string account_name(const crypto::Address20& address) { return address.hex(true); }

Transaction sign_transaction(crypto::TypedStruct message, std::uint64_t chain_id, const crypto::PrivateKey& key) {
  Transaction tx;
  tx.message = std::move(message);
  tx.signature = crypto::sign_digest(crypto::typed_data_digest(flux_domain(chain_id), tx.message).value(), key);
  return tx;
}

}  // namespace flux::node
