// The transaction type table: each EIP-712 type the node accepts, its fields (from
// the registry of operations, engine/operation_registry.hpp) and how its message
// becomes an engine request. The registry says what a type is; this file only says
// how to convert it, one converter per type.
#include "node/transaction_table.hpp"

#include "engine/operation_registry.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace flux::node::detail {
namespace {

using crypto::Address20;
using crypto::TypedStruct;
using crypto::Uint256;

// A converter under its registry entry: the type's fields (after sender and nonce),
// whether it needs a role, and whether a proposal may carry it.
Entry entry(std::string_view name, Converter convert) {
  const OperationDescriptor* operation = descriptor_by_transaction(name);
  const TransactionDescriptor* wire = transaction_descriptor(name);
  if (operation == nullptr || wire == nullptr)
    throw std::logic_error("transaction type " + std::string(name) + " is in no operation descriptor");
  Entry e;
  e.type.name = std::string(name);
  e.type.fields = {{"sender", "address"}, {"nonce", "uint64"}};
  for (const TransactionField& f : wire->fields) e.type.fields.push_back({std::string(f.name), std::string(f.type)});
  e.type.role_operation = needs_role(*operation);
  e.type.governance_action = operation->action_tag.has_value();
  e.action = e.type.governance_action;
  e.convert = std::move(convert);
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

RateModelParams rate_model_of(const TypedStruct& m) {
  RateModelParams p;
  p.kind = text(m, "kind") == "jump" ? RateModelKind::jump : RateModelKind::linear;
  p.base_per_year = number(m, "basePerYear");
  p.multiplier_per_year = number(m, "multiplierPerYear");
  p.jump_multiplier_per_year = number(m, "jumpMultiplierPerYear");
  p.kink = number(m, "kink");
  return p;
}

// Is T one of the variant's alternatives?
template <class T, class V>
struct is_alternative;
template <class T, class... A>
struct is_alternative<T, std::variant<A...>> : std::bool_constant<(std::is_same_v<T, A> || ...)> {};

// Liquidity mining (engine/rewards.hpp), appended after every earlier type so that
// the list's order, which clients may rely on, stays as it was.
void add_rewards_entries(std::vector<Entry>& e) {
  e.push_back(entry("SetRewardSpeeds", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetRewardSpeeds{s, r.market(m, "market"), number(m, "supplySpeed"), number(m, "borrowSpeed")};
  }));
  // Anyone funds the reserve from their own FLUX; a proposal may carry it too, so the
  // timelock funds it from the FLUX it holds.
  e.push_back(entry("FundRewards", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return FundRewards{s, number(m, "amount")};
  }));
  // markets: symbols; empty claims in every market.
  e.push_back(entry("ClaimRewards", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    ClaimRewards claim{s, {}};
    for (const std::string& symbol : texts(m, "markets")) {
      const auto id = r.state.market_by_symbol(symbol);
      claim.markets.push_back(id ? *id : static_cast<MarketId>(max_markets));
    }
    return claim;
  }));
}

// The users' market operations and the asset ledger's transfers.
void add_user_entries(std::vector<Entry>& e) {
  // Users.
  e.push_back(entry("Mint", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Mint{s, r.market(m, "market"), number(m, "amount")};
  }));
  e.push_back(entry("Redeem", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Redeem{s, r.market(m, "market"), number(m, "tokens")};
  }));
  e.push_back(entry("RedeemUnderlying", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return RedeemUnderlying{s, r.market(m, "market"), number(m, "amount")};
  }));
  e.push_back(entry("Borrow", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Borrow{s, r.market(m, "market"), number(m, "amount")};
  }));
  // amount 2^256 - 1 repays the whole borrow.
  e.push_back(entry("Repay", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Repay{s, r.account(m, "borrower"), r.market(m, "market"), number(m, "amount")};
  }));
  e.push_back(entry("Transfer", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Transfer{s, r.account(m, "to"), r.market(m, "market"), number(m, "tokens")};
  }));
  e.push_back(entry("Liquidate", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Liquidate{s, r.account(m, "borrower"), r.market(m, "market"), number(m, "amount"),
                     r.market(m, "collateralMarket")};
  }));
  e.push_back(entry("EnterMarkets", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    EnterMarkets request{s, {}};
    for (const std::string& symbol : texts(m, "markets")) {
      const auto id = r.state.market_by_symbol(symbol);
      request.markets.push_back(id ? *id : static_cast<MarketId>(max_markets));
    }
    return request;
  }));
  e.push_back(entry("ExitMarket", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return ExitMarket{s, r.market(m, "market")};
  }));
  e.push_back(entry("Accrue", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Accrue{s, r.market(m, "market")};
  }));
  e.push_back(entry("TransferAsset", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return TransferAsset{s, r.account(m, "to"), r.asset(m, "asset"), number(m, "amount")};
  }));
}

// The issuers', the oracle's, the admin's and compliance's operations.
void add_role_entries(std::vector<Entry>& e) {
  // Issuers.
  e.push_back(entry("IssueAsset", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return IssueAsset{s, r.account(m, "to"), r.asset(m, "asset"), number(m, "amount")};
  }));
  e.push_back(entry("BurnAsset", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return BurnAsset{s, r.asset(m, "asset"), number(m, "amount")};
  }));
  // Oracle and admin.
  e.push_back(entry("SetPrice", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetPrice{s, r.market(m, "market"), number(m, "price")};
  }));
  e.push_back(entry("SetPriceCap", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetPriceCap{s, r.market(m, "market"), number(m, "cap")};
  }));
  e.push_back(entry("SetCollateralFactor", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetCollateralFactor{s, r.market(m, "market"), number(m, "value")};
  }));
  e.push_back(entry("SetReserveFactor", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetReserveFactor{s, r.market(m, "market"), number(m, "value")};
  }));
  e.push_back(entry("SetProtocolSeizeShare", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetProtocolSeizeShare{s, r.market(m, "market"), number(m, "value")};
  }));
  e.push_back(entry("SetRateModel", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetRateModel{s, r.market(m, "market"), rate_model_of(m)};
  }));
  e.push_back(entry("SetCloseFactor", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return SetCloseFactor{s, number(m, "value")};
  }));
  e.push_back(entry("SetLiquidationIncentive", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return SetLiquidationIncentive{s, number(m, "value")};
  }));
  e.push_back(entry("SetBorrowCap", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetBorrowCap{s, r.market(m, "market"), number(m, "value")};
  }));
  e.push_back(entry("SetSupplyCap", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetSupplyCap{s, r.market(m, "market"), number(m, "value")};
  }));
  for (const bool paused : {true, false})
    e.push_back(
        entry(paused ? "Pause" : "Unpause", [paused](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
          const PauseAction action = pause_action(text(m, "action"));
          const bool global = action == PauseAction::transfer || action == PauseAction::seize;
          return SetPaused{s, global ? MarketId{0} : r.market(m, "market"), action, paused};
        }));
  for (const bool granted : {true, false})
    e.push_back(entry(granted ? "GrantKyc" : "RevokeKyc",
                      [granted](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                        return SetKyc{s, r.account(m, "account"), small(number(m, "group")), granted};
                      }));
  for (const bool sanctioned : {true, false})
    e.push_back(entry(sanctioned ? "Sanction" : "Unsanction",
                      [sanctioned](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
                        return SetSanctioned{s, r.account(m, "account"), sanctioned};
                      }));
  e.push_back(entry("AddReserves", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return AddReserves{s, r.market(m, "market"), number(m, "amount")};
  }));
  e.push_back(entry("ReduceReserves", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return ReduceReserves{s, r.market(m, "market"), number(m, "amount")};
  }));
}

// The dev faucet, and governance (anyone may send these).
void add_faucet_and_governance_entries(std::vector<Entry>& e) {
  // Test tokens on a dev chain.
  e.push_back(entry("Faucet", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return Faucet{s, r.account(m, "account"), r.asset(m, "asset"), number(m, "amount")};
  }));
  // Governance (governor.hpp): anyone may send these; the governor's rules decide.
  // delegatee 0x00…00 delegates to no one.
  e.push_back(entry("Delegate", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    const Address20& to = address(m, "delegatee");
    return Delegate{s, to == Address20{} ? no_account : r.account(to)};
  }));
  // Each action is the JSON text of a role transaction whose request is a governance
  // action (parse_transaction checked them all), converted with the timelock as sender.
  e.push_back(entry("Propose", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    const AccountId timelock = r.state.governance.enabled() ? r.state.governance.timelock : no_account;
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
  e.push_back(entry("CastVote", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return CastVote{s, static_cast<std::uint64_t>(number(m, "proposal")),
                    static_cast<std::uint8_t>(number(m, "support")), text(m, "reason")};
  }));
  e.push_back(entry("Cancel", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return Cancel{s, static_cast<std::uint64_t>(number(m, "proposal"))};
  }));
  e.push_back(entry("Queue", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return Queue{s, static_cast<std::uint64_t>(number(m, "proposal"))};
  }));
  e.push_back(entry("Execute", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return Execute{s, static_cast<std::uint64_t>(number(m, "proposal"))};
  }));
}

// Admin operations added with governance.
void add_governed_admin_entries(std::vector<Entry>& e) {
  // Admin operations added with governance. Raw engine units: the CLI applies market
  // templates and human units before a message is signed.
  e.push_back(entry("ListMarket", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
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
  e.push_back(entry("SetPauseGuardian", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetPauseGuardian{s, r.account(m, "account")};
  }));
  e.push_back(entry("SetMarketAccess", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetMarketAccess{s, r.market(m, "market"), *access_of(text(m, "access")), small(number(m, "kycGroup"))};
  }));
  e.push_back(entry("ReduceReservesTo", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return ReduceReservesTo{s, r.market(m, "market"), number(m, "amount"), r.account(m, "to")};
  }));
  // granted false revokes: `account` must then be the group's KYC admin.
  e.push_back(entry("SetKycGroupAdmin", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetKycGroupAdmin{s, small(number(m, "group")), r.account(m, "account"), flag(m, "granted")};
  }));
  e.push_back(entry("SetSanctionsAdmin", [](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
    return SetSanctionsAdmin{s, r.account(m, "account"), flag(m, "granted")};
  }));
  e.push_back(entry("SetGovernanceParameter", [](const TypedStruct& m, const Resolver&, AccountId s) -> Request {
    return SetGovernanceParameter{s, *governance_parameter_from_name(text(m, "parameter")), number(m, "value")};
  }));
  e.push_back(entry("TransferAdminToTimelock", [](const TypedStruct&, const Resolver&, AccountId s) -> Request {
    return TransferAdminToTimelock{s};
  }));
}

// A request described by its fields alone (operation_registry.hpp, is_generic): its
// message's fields, read by kind into the members they are bound to.
Request generic_request(std::size_t index, const TypedStruct& m, const Resolver& r, AccountId s) {
  Request request = make_request(index, s);
  for (const BoundValue& v : bound_values(request)) {
    const std::string_view name = v.field->name;
    switch (v.field->binding.kind) {
      case FieldKind::account: bound_value<FieldKind::account>(v) = r.account(m, name); break;
      case FieldKind::market: bound_value<FieldKind::market>(v) = r.market(m, name); break;
      case FieldKind::asset: bound_value<FieldKind::asset>(v) = r.asset(m, name); break;
      case FieldKind::amount: bound_value<FieldKind::amount>(v) = number(m, name); break;
      case FieldKind::u32: bound_value<FieldKind::u32>(v) = small(number(m, name)); break;
      case FieldKind::u64: bound_value<FieldKind::u64>(v) = static_cast<std::uint64_t>(number(m, name)); break;
      case FieldKind::flag: bound_value<FieldKind::flag>(v) = flag(m, name); break;
      case FieldKind::text: bound_value<FieldKind::text>(v) = text(m, name); break;
      case FieldKind::markets:
        for (const std::string& symbol : texts(m, name)) {
          const auto id = r.state.market_by_symbol(symbol);
          bound_value<FieldKind::markets>(v).push_back(id ? *id : static_cast<MarketId>(max_markets));
        }
        break;
    }
  }
  return request;
}

// Every request described by its fields alone, in the order of Request: they need no
// converter of their own. One without fields (TransferAdminToTimelock) is trivially
// described so, but keeps its converter above, where the table has always had it.
void add_generic_entries(std::vector<Entry>& e) {
  const std::vector<const OperationDescriptor*>& all = operation_descriptors();
  for (std::size_t index = 0; index < all.size(); ++index) {
    if (!is_generic(*all[index])) continue;
    const std::string_view name = all[index]->transactions.front().name;
    if (std::any_of(e.begin(), e.end(), [name](const Entry& x) { return x.type.name == name; })) continue;
    e.push_back(entry(name, [index](const TypedStruct& m, const Resolver& r, AccountId s) -> Request {
      return generic_request(index, m, r, s);
    }));
  }
}

}  // namespace

// The table, in its fixed order (clients may rely on it: new types are appended).
const std::vector<Entry>& entries() {
  static const std::vector<Entry> all = [] {
    std::vector<Entry> e;
    add_user_entries(e);
    add_role_entries(e);
    add_faucet_and_governance_entries(e);
    add_governed_admin_entries(e);
    add_rewards_entries(e);
    add_generic_entries(e);  // ScheduleUpgrade, SetOracle, ClaimRewardsFor, ...
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

std::optional<Request> parse_action_request(const std::string& action_text, const Resolver& r, AccountId timelock) {
  const Entry* entry = nullptr;
  crypto::TypedStruct fields;
  if (!parse_action(action_text, entry, fields).empty()) return std::nullopt;
  return entry->convert(fields, r, timelock);
}

}  // namespace flux::node::detail

namespace flux::node {

const std::vector<TransactionType>& transaction_types() {
  static const std::vector<TransactionType> types = [] {
    std::vector<TransactionType> out;
    for (const detail::Entry& e : detail::entries()) out.push_back(e.type);
    return out;
  }();
  return types;
}

const TransactionType* find_transaction_type(std::string_view name) {
  const detail::Entry* e = detail::find_entry(name);
  return e ? &e->type : nullptr;
}

}  // namespace flux::node
