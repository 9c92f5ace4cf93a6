#include "node/transaction.hpp"

#include "crypto/address.hpp"
#include "crypto/keccak.hpp"

#include <functional>
#include <map>
#include <set>
#include <type_traits>

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
  AccountId account(const Address20& a) const {
    std::string name = account_name(a);
    if (interning != nullptr) return interning->account_id(name);
    if (const auto known = state.find_account(name)) return *known;
    const auto next = static_cast<AccountId>(state.accounts.size() + provisional.size());
    return provisional.emplace(std::move(name), next).first->second;
  }
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
  // Its engine request is a GovernanceAction: a Propose may carry it as an action.
  bool action = false;
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
// A role operation that a proposal may carry too.
Entry action(std::string name, std::vector<FieldSpec> fields, Converter convert) {
  Entry e = role(std::move(name), std::move(fields), std::move(convert));
  e.action = true;
  e.type.governance_action = true;
  return e;
}

PauseAction pause_action(const std::string& action) {
  if (action == "mint") return PauseAction::mint;
  if (action == "borrow") return PauseAction::borrow;
  if (action == "transfer") return PauseAction::transfer;
  return PauseAction::seize;  // parse_transaction admits only the four names
}

std::uint32_t small(const Uint256& v) { return static_cast<std::uint32_t>(v); }  // a uint32 field
bool flag(const TypedStruct& m, std::string_view name) { return std::get<bool>(field(m, name)); }

std::optional<Access> access_of(std::string_view name) {
  if (name == "open") return Access::open;
  if (name == "permissionless") return Access::permissionless;
  if (name == "permissioned") return Access::permissioned;
  return std::nullopt;
}

RateModelParams rate_model_of(const TypedStruct& m) {
  RateModelParams p;
  p.kind = text(m, "kind") == "jump" ? RateModelKind::jump : RateModelKind::linear;
  p.base_per_year = number(m, "basePerYear");
  p.multiplier_per_year = number(m, "multiplierPerYear");
  p.jump_multiplier_per_year = number(m, "jumpMultiplierPerYear");
  p.kink = number(m, "kink");
  return p;
}

constexpr GovernanceParameter governance_parameters[] = {
    GovernanceParameter::proposal_threshold, GovernanceParameter::voting_delay, GovernanceParameter::voting_period,
    GovernanceParameter::quorum_votes, GovernanceParameter::timelock_delay};

std::optional<GovernanceParameter> governance_parameter_of(std::string_view name) {
  return governance_parameter_from_name(name);
}

// Is T one of the variant's alternatives?
template <class T, class V>
struct is_alternative;
template <class T, class... A>
struct is_alternative<T, std::variant<A...>> : std::bool_constant<(std::is_same_v<T, A> || ...)> {};

std::optional<Request> parse_action_request(const std::string& text, const Resolver& r, AccountId timelock);

// Liquidity mining (engine/rewards.hpp), appended after every earlier type so that
// the list's order, which clients may rely on, stays as it was.
void add_rewards_entries(std::vector<Entry>& e) {
  e.push_back(action("SetRewardSpeeds", {{"market", "string"}, {"supplySpeed", "uint256"}, {"borrowSpeed", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetRewardSpeeds{s, r.market(m, "market"), number(m, "supplySpeed"),
                                              number(m, "borrowSpeed")};
                     }));
  // Anyone funds the reserve from their own FLUX; a proposal may carry it too, so the
  // timelock funds it from the FLUX it holds.
  Entry fund = user("FundRewards", {{"amount", "uint256"}},
                    [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                      return FundRewards{s, number(m, "amount")};
                    });
  fund.action = true;
  fund.type.governance_action = true;
  e.push_back(std::move(fund));
  // markets: symbols; empty claims in every market.
  e.push_back(user("ClaimRewards", {{"markets", "string[]"}},
                   [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                     ClaimRewards claim{s, {}};
                     for (const std::string& symbol : texts(m, "markets")) {
                       const auto id = r.state.market_by_symbol(symbol);
                       claim.markets.push_back(id ? *id : static_cast<MarketId>(max_markets));
                     }
                     return claim;
                   }));
}

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
    e.push_back(action("SetPriceCap", {market, {"cap", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetPriceCap{s, r.market(m, "market"), number(m, "cap")};
                     }));
    e.push_back(action("SetCollateralFactor", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetCollateralFactor{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(action("SetReserveFactor", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetReserveFactor{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(action("SetProtocolSeizeShare", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetProtocolSeizeShare{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(action("SetRateModel",
                     {market, {"kind", "string"}, {"basePerYear", "uint256"}, {"multiplierPerYear", "uint256"},
                      {"jumpMultiplierPerYear", "uint256"}, {"kink", "uint256"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetRateModel{s, r.market(m, "market"), rate_model_of(m)};
                     }));
    e.push_back(action("SetCloseFactor", {value}, [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
      return SetCloseFactor{s, number(m, "value")};
    }));
    e.push_back(action("SetLiquidationIncentive", {value},
                     [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                       return SetLiquidationIncentive{s, number(m, "value")};
                     }));
    e.push_back(action("SetBorrowCap", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetBorrowCap{s, r.market(m, "market"), number(m, "value")};
                     }));
    e.push_back(action("SetSupplyCap", {market, value},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       return SetSupplyCap{s, r.market(m, "market"), number(m, "value")};
                     }));
    for (const bool paused : {true, false})
      e.push_back(action(paused ? "Pause" : "Unpause", {market, {"action", "string"}},
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
    // Governance (governor.hpp): anyone may send these; the governor's rules decide.
    // delegatee 0x00…00 delegates to no one.
    e.push_back(user("Delegate", {{"delegatee", "address"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       const Address20& to = address(m, "delegatee");
                       return Delegate{s, to == Address20{} ? no_account : r.account(to)};
                     }));
    // Each action is the JSON text of a role transaction whose request is a governance
    // action (parse_transaction checked them all), converted with the timelock as sender.
    e.push_back(user("Propose", {{"actions", "string[]"}, {"description", "string"}},
                     [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                       const AccountId timelock =
                           r.state.governance.enabled() ? r.state.governance.timelock : no_account;
                       Propose request{s, {}, text(m, "description")};
                       for (const std::string& item : texts(m, "actions")) {
                         const std::optional<Request> converted = parse_action_request(item, r, timelock);
                         if (!converted) throw std::logic_error("Propose: an action that admission accepted no longer parses");
                         std::visit(
                             [&request](const auto& a) {
                               if constexpr (is_alternative<std::decay_t<decltype(a)>, GovernanceAction>::value)
                                 request.actions.emplace_back(a);
                             },
                             *converted);
                       }
                       return request;
                     }));
    e.push_back(user("CastVote", {{"proposal", "uint64"}, {"support", "uint8"}, {"reason", "string"}},
                     [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                       return CastVote{s, static_cast<std::uint64_t>(number(m, "proposal")),
                                       static_cast<std::uint8_t>(number(m, "support")), text(m, "reason")};
                     }));
    e.push_back(user("Cancel", {{"proposal", "uint64"}}, [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
      return Cancel{s, static_cast<std::uint64_t>(number(m, "proposal"))};
    }));
    e.push_back(user("Queue", {{"proposal", "uint64"}}, [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
      return Queue{s, static_cast<std::uint64_t>(number(m, "proposal"))};
    }));
    e.push_back(user("Execute", {{"proposal", "uint64"}}, [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
      return Execute{s, static_cast<std::uint64_t>(number(m, "proposal"))};
    }));
    // Admin operations added with governance. Raw engine units: the CLI applies market
    // templates and human units before a message is signed.
    e.push_back(action("ListMarket",
                       {{"symbol", "string"}, {"asset", "string"}, {"collateralFactor", "uint256"},
                        {"reserveFactor", "uint256"}, {"protocolSeizeShare", "uint256"},
                        {"initialExchangeRate", "uint256"}, {"kind", "string"}, {"basePerYear", "uint256"},
                        {"multiplierPerYear", "uint256"}, {"jumpMultiplierPerYear", "uint256"}, {"kink", "uint256"},
                        {"access", "string"}, {"kycGroup", "uint32"}, {"borrowCap", "uint256"},
                        {"supplyCap", "uint256"}, {"price", "uint256"}, {"priceCap", "uint256"},
                        {"mintPaused", "bool"}, {"borrowPaused", "bool"}, {"seedAmount", "uint256"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         MarketConfig c;
                         c.symbol = text(m, "symbol");
                         c.asset = r.asset(m, "asset");
                         c.collateral_factor = number(m, "collateralFactor");
                         c.reserve_factor = number(m, "reserveFactor");
                         c.protocol_seize_share = number(m, "protocolSeizeShare");
                         c.initial_exchange_rate = number(m, "initialExchangeRate");
                         c.access = *access_of(text(m, "access"));
                         c.kyc_group = small(number(m, "kycGroup"));
                         c.borrow_cap = number(m, "borrowCap");
                         c.supply_cap = number(m, "supplyCap");
                         c.price = number(m, "price");
                         c.price_cap = number(m, "priceCap");
                         c.mint_paused = flag(m, "mintPaused");
                         c.borrow_paused = flag(m, "borrowPaused");
                         return ListMarket{s, std::move(c), rate_model_of(m), number(m, "seedAmount")};
                       }));
    e.push_back(action("SetPauseGuardian", {{"account", "address"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetPauseGuardian{s, r.account(m, "account")};
                       }));
    e.push_back(action("SetMarketAccess", {market, {"access", "string"}, {"kycGroup", "uint32"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetMarketAccess{s, r.market(m, "market"), *access_of(text(m, "access")),
                                                small(number(m, "kycGroup"))};
                       }));
    e.push_back(action("ReduceReservesTo", {market, amount, {"to", "address"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return ReduceReservesTo{s, r.market(m, "market"), number(m, "amount"), r.account(m, "to")};
                       }));
    // granted false revokes: `account` must then be the group's KYC admin.
    e.push_back(action("SetKycGroupAdmin", {{"group", "uint32"}, {"account", "address"}, {"granted", "bool"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetKycGroupAdmin{s, small(number(m, "group")), r.account(m, "account"),
                                                 flag(m, "granted")};
                       }));
    e.push_back(action("SetSanctionsAdmin", {{"account", "address"}, {"granted", "bool"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetSanctionsAdmin{s, r.account(m, "account"), flag(m, "granted")};
                       }));
    e.push_back(action("SetGovernanceParameter", {{"parameter", "string"}, value},
                       [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                         return SetGovernanceParameter{s, *governance_parameter_of(text(m, "parameter")),
                                                       number(m, "value")};
                       }));
    e.push_back(role("TransferAdminToTimelock", {}, [](const TypedStruct&, const Resolver&, AccountId s) -> Request {
      return TransferAdminToTimelock{s};
    }));
    add_rewards_entries(e);
    // Protocol rule upgrades (engine/upgrade.hpp): admin, so on a governed chain only a
    // proposal's action. Appended: the list's order is the types' order everywhere.
    e.push_back(action("ScheduleUpgrade", {{"version", "uint32"}, {"activationBlock", "uint64"}},
                       [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
                         return ScheduleUpgrade{s, small(number(m, "version")),
                                                static_cast<std::uint64_t>(number(m, "activationBlock"))};
                       }));
    // The price source (the oracle role): admin, so on a governed chain a proposal's action.
    e.push_back(action("SetOracle", {{"account", "address"}},
                       [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                         return SetOracle{s, r.account(m, "account")};
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

std::string action_type_list() {
  std::string out;
  for (const Entry& e : entries())
    if (e.action) out += (out.empty() ? "" : ", ") + e.type.name;
  return out;
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

// Values a wallet could sign but the engine could not mean. Empty when all are fine.
std::string check_values(const TypedStruct& m) {
  const std::string& type_name = m.primary_type;
  if (type_name == "Pause" || type_name == "Unpause") {
    const std::string& action = text(m, "action");
    if (action != "mint" && action != "borrow" && action != "transfer" && action != "seize")
      return "action must be mint, borrow, transfer or seize";
  }
  if ((type_name == "SetRateModel" || type_name == "ListMarket") && text(m, "kind") != "linear" &&
      text(m, "kind") != "jump")
    return "kind must be linear or jump";
  if ((type_name == "ListMarket" || type_name == "SetMarketAccess") && !access_of(text(m, "access")))
    return "access must be open, permissionless or permissioned";
  if (type_name == "SetGovernanceParameter" && !governance_parameter_of(text(m, "parameter")))
    return "parameter must be proposal_threshold, voting_delay, voting_period, quorum_votes or timelock_delay";
  if (type_name == "CastVote" && number(m, "support") > 2) return "support must be 0 (against), 1 (for) or 2 (abstain)";
  return {};
}

// One action of a Propose: the JSON text of an action type's fields, without sender and
// nonce, and its "type". Empty on success, else what is wrong.
std::string parse_action(const std::string& action_text, const Entry*& entry, TypedStruct& out) {
  if (action_text.size() > max_action_bytes)
    return "is longer than " + std::to_string(max_action_bytes) + " bytes";
  const json object = json::parse(action_text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) return "is not the text of a JSON object";
  if (!object.contains("type") || !object["type"].is_string()) return "needs a \"type\" string";
  const std::string type_name = object["type"].get<std::string>();
  entry = find_entry(type_name);
  if (entry == nullptr) return "names no transaction type \"" + type_name + "\"";
  if (!entry->action) return type_name + " is not a governance action (a proposal may carry " + action_type_list() + ")";
  if (std::string problem = read_fields(object, *entry, false, out, {"type"}); !problem.empty()) return problem;
  return check_values(out);
}

std::optional<Request> parse_action_request(const std::string& action_text, const Resolver& r, AccountId timelock) {
  const Entry* entry = nullptr;
  TypedStruct fields;
  if (!parse_action(action_text, entry, fields).empty()) return std::nullopt;
  return entry->convert(fields, r, timelock);
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
    case Rejection::would_fail: return "would_fail";
  }
  return "unknown";
}

std::size_t max_string_bytes(std::string_view field) {
  if (field == "description") return max_description_bytes;
  if (field == "reason") return max_reason_bytes;
  if (field == "actions") return max_action_bytes;
  return max_symbol_bytes;  // symbols, and the words of closed lists (kind, access, ...)
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
      if (std::string problem = parse_action(actions[i], action_entry, fields); !problem.empty())
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

json to_json(const Transaction& tx) {
  json message = json::object();
  for (const Field& f : tx.message.fields) {
    if (const auto* a = std::get_if<Address20>(&f.value)) message[f.name] = crypto::to_checksum_address(*a);
    else if (const auto* b = std::get_if<bool>(&f.value)) message[f.name] = *b;
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

namespace {
Request convert(const Transaction& tx, const Resolver& resolver) {
  const Entry* entry = find_entry(tx.message.primary_type);
  if (entry == nullptr) throw std::logic_error("to_request: unknown transaction type");
  const AccountId sender = resolver.account(tx.sender());
  return entry->convert(tx.message, resolver, sender);
}
}  // namespace

Request to_request(const Transaction& tx, State& state) { return convert(tx, Resolver(state, &state)); }

Request admission_request(const Transaction& tx, const State& state) { return convert(tx, Resolver(state)); }

std::string account_name(const crypto::Address20& address) { return address.hex(true); }

const char* governance_parameter_name(GovernanceParameter parameter) {
  switch (parameter) {
    case GovernanceParameter::proposal_threshold: return "proposal_threshold";
    case GovernanceParameter::voting_delay: return "voting_delay";
    case GovernanceParameter::voting_period: return "voting_period";
    case GovernanceParameter::quorum_votes: return "quorum_votes";
    case GovernanceParameter::timelock_delay: return "timelock_delay";
  }
  return "unknown";
}

std::optional<GovernanceParameter> governance_parameter_from_name(std::string_view name) {
  for (GovernanceParameter p : governance_parameters)
    if (name == governance_parameter_name(p)) return p;
  return std::nullopt;
}

namespace {

const char* access_text(Access a) {
  switch (a) {
    case Access::open: return "open";
    case Access::permissionless: return "permissionless";
    case Access::permissioned: return "permissioned";
  }
  return "open";
}

const char* pause_text(PauseAction a) {
  switch (a) {
    case PauseAction::mint: return "mint";
    case PauseAction::borrow: return "borrow";
    case PauseAction::transfer: return "transfer";
    case PauseAction::seize: return "seize";
  }
  return "mint";
}

// Names for action_json: the inverse of the Resolver.
struct Names {
  const State& state;
  json market(MarketId id) const {
    return id < state.markets.size() ? json(state.markets[id].config.symbol) : json(nullptr);
  }
  json asset(AssetId id) const { return id < state.assets.size() ? json(state.assets[id].symbol) : json(nullptr); }
  json account(AccountId id) const {
    if (id == no_account || id >= state.account_names.size()) return "0x0000000000000000000000000000000000000000";
    const auto parsed = crypto::parse_address(state.account_names[id]);
    return parsed ? json(crypto::to_checksum_address(*parsed)) : json(state.account_names[id]);
  }
};

void put_rate_model(json& j, const RateModelParams& p) {
  j["kind"] = p.kind == RateModelKind::jump ? "jump" : "linear";
  j["basePerYear"] = p.base_per_year.str();
  j["multiplierPerYear"] = p.multiplier_per_year.str();
  j["jumpMultiplierPerYear"] = p.jump_multiplier_per_year.str();
  j["kink"] = p.kink.str();
}

}  // namespace

std::string action_parameter_name(const GovernanceAction& action) {
  return std::visit(
      [&action](const auto& a) -> std::string {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SetPaused>) {
          return std::string(pause_text(a.action)) + "_paused";
        } else if constexpr (std::is_same_v<T, SetGovernanceParameter>) {
          return governance_parameter_name(a.parameter);
        } else if constexpr (std::is_same_v<T, ListMarket> || std::is_same_v<T, SetPauseGuardian> ||
                             std::is_same_v<T, SetOracle> ||
                             std::is_same_v<T, ReduceReservesTo> || std::is_same_v<T, SetKycGroupAdmin> ||
                             std::is_same_v<T, SetSanctionsAdmin>) {
          return {};
        } else {
          const std::string name = action_name(action);  // "set_collateral_factor"
          return name.rfind("set_", 0) == 0 ? name.substr(4) : name;
        }
      },
      action);
}

json action_json(const GovernanceAction& action, const State& state) {
  const Names n{state};
  return std::visit(
      [&n](const auto& a) -> json {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, ListMarket>) {
          const MarketConfig& c = a.config;
          json j = {{"type", "ListMarket"},
                    {"symbol", c.symbol},
                    {"asset", n.asset(c.asset)},
                    {"collateralFactor", c.collateral_factor.str()},
                    {"reserveFactor", c.reserve_factor.str()},
                    {"protocolSeizeShare", c.protocol_seize_share.str()},
                    {"initialExchangeRate", c.initial_exchange_rate.str()}};
          put_rate_model(j, a.rate_model);
          j["access"] = access_text(c.access);
          j["kycGroup"] = std::to_string(c.kyc_group);
          j["borrowCap"] = c.borrow_cap.str();
          j["supplyCap"] = c.supply_cap.str();
          j["price"] = c.price.str();
          j["priceCap"] = c.price_cap.str();
          j["mintPaused"] = c.mint_paused;
          j["borrowPaused"] = c.borrow_paused;
          j["seedAmount"] = a.seed_amount.str();
          return j;
        } else if constexpr (std::is_same_v<T, SetCollateralFactor>) {
          return {{"type", "SetCollateralFactor"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetReserveFactor>) {
          return {{"type", "SetReserveFactor"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetProtocolSeizeShare>) {
          return {{"type", "SetProtocolSeizeShare"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetRateModel>) {
          json j = {{"type", "SetRateModel"}, {"market", n.market(a.market)}};
          put_rate_model(j, a.params);
          return j;
        } else if constexpr (std::is_same_v<T, SetCloseFactor>) {
          return {{"type", "SetCloseFactor"}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetLiquidationIncentive>) {
          return {{"type", "SetLiquidationIncentive"}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetBorrowCap>) {
          return {{"type", "SetBorrowCap"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetSupplyCap>) {
          return {{"type", "SetSupplyCap"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetPriceCap>) {
          return {{"type", "SetPriceCap"}, {"market", n.market(a.market)}, {"cap", a.cap.str()}};
        } else if constexpr (std::is_same_v<T, SetPaused>) {
          const bool global = a.action == PauseAction::transfer || a.action == PauseAction::seize;
          return {{"type", a.paused ? "Pause" : "Unpause"},
                  {"market", global ? json("") : n.market(a.market)},
                  {"action", pause_text(a.action)}};
        } else if constexpr (std::is_same_v<T, SetPauseGuardian>) {
          return {{"type", "SetPauseGuardian"}, {"account", n.account(a.account)}};
        } else if constexpr (std::is_same_v<T, SetOracle>) {
          return {{"type", "SetOracle"}, {"account", n.account(a.account)}};
        } else if constexpr (std::is_same_v<T, SetMarketAccess>) {
          return {{"type", "SetMarketAccess"},
                  {"market", n.market(a.market)},
                  {"access", access_text(a.access)},
                  {"kycGroup", std::to_string(a.kyc_group)}};
        } else if constexpr (std::is_same_v<T, ReduceReservesTo>) {
          return {{"type", "ReduceReservesTo"},
                  {"market", n.market(a.market)},
                  {"amount", a.amount.str()},
                  {"to", n.account(a.to)}};
        } else if constexpr (std::is_same_v<T, SetKycGroupAdmin>) {
          return {{"type", "SetKycGroupAdmin"},
                  {"group", std::to_string(a.group)},
                  {"account", n.account(a.account)},
                  {"granted", a.granted}};
        } else if constexpr (std::is_same_v<T, SetSanctionsAdmin>) {
          return {{"type", "SetSanctionsAdmin"}, {"account", n.account(a.account)}, {"granted", a.granted}};
        } else if constexpr (std::is_same_v<T, SetGovernanceParameter>) {
          return {{"type", "SetGovernanceParameter"},
                  {"parameter", governance_parameter_name(a.parameter)},
                  {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetRewardSpeeds>) {
          return {{"type", "SetRewardSpeeds"},
                  {"market", n.market(a.market)},
                  {"supplySpeed", a.supply_speed.str()},
                  {"borrowSpeed", a.borrow_speed.str()}};
        } else if constexpr (std::is_same_v<T, FundRewards>) {
          return {{"type", "FundRewards"}, {"amount", a.amount.str()}};
        } else {
          static_assert(std::is_same_v<T, ScheduleUpgrade>);
          return {{"type", "ScheduleUpgrade"},
                  {"version", std::to_string(a.version)},
                  {"activationBlock", std::to_string(a.activation_block)}};
        }
      },
      action);
}

Transaction sign_transaction(crypto::TypedStruct message, std::uint64_t chain_id, const crypto::PrivateKey& key) {
  Transaction tx;
  tx.message = std::move(message);
  tx.signature = crypto::sign_digest(crypto::typed_data_digest(flux_domain(chain_id), tx.message).value(), key);
  return tx;
}

}  // namespace flux::node
