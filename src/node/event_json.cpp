#include "node/event_json.hpp"

#include <concepts>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace flux::node {
namespace {

using json = nlohmann::json;

// The setting a parameter_changed event changed, named after its transaction:
// "SetCollateralFactor" -> "collateral_factor", Pause of "borrow" -> "borrow_paused".
// An executed proposal's events come from its actions, not from the Execute
// transaction: those are left unnamed ("") rather than named "execute".
std::string parameter_name(const Transaction& tx) {
  const std::string& type = tx.message.primary_type;
  if (type == "Execute") return {};
  if (type == "SetGovernanceParameter")
    for (const auto& f : tx.message.fields)
      if (f.name == "parameter")
        if (const auto* parameter = std::get_if<std::string>(&f.value)) return *parameter;
  if (type == "Pause" || type == "Unpause") {
    for (const auto& f : tx.message.fields)
      if (f.name == "action")
        if (const auto* action = std::get_if<std::string>(&f.value)) return *action + "_paused";
    return "paused";
  }
  std::string name;
  for (std::size_t i = type.rfind("Set", 0) == 0 ? 3 : 0; i < type.size(); ++i) {
    const char c = type[i];
    if (c >= 'A' && c <= 'Z') {
      if (!name.empty()) name += '_';
      name += static_cast<char>(c - 'A' + 'a');
    } else {
      name += c;
    }
  }
  return name;
}

// --- Each kind's JSON ---------------------------------------------------------------
// Which JSON key holds which of a kind's fields (event.hpp says the same in words),
// written once for both directions: `f` is an EventWriter (the event is const) or an
// EventFields reader (the event is being filled in). A kind added to Event without
// its describe does not compile (event_json's std::visit finds no overload).
//
// The keys: market, asset (symbols), account, other (account names; "" for none),
// amount, amount2 (decimal strings; "amount" is "0" for a kind that has none),
// proposal (an integer) and text.

template <class Actual, class Kind>
concept event_of = std::same_as<std::remove_const_t<Actual>, Kind>;

// Each event's fields in a line or two read as a table: not reflowed.
// clang-format off
void describe(auto& f, event_of<InterestAccrued> auto& e) {
  f.market(e.market); f.amount(e.interest); f.amount2(e.borrow_index);
}
void describe(auto& f, event_of<Minted> auto& e) {
  f.market(e.market); f.account(e.account); f.amount(e.underlying); f.amount2(e.tokens);
}
void describe(auto& f, event_of<Redeemed> auto& e) {
  f.market(e.market); f.account(e.account); f.amount(e.underlying); f.amount2(e.tokens);
}
void describe(auto& f, event_of<Borrowed> auto& e) {
  f.market(e.market); f.account(e.account); f.amount(e.amount); f.amount2(e.borrow_balance);
}
void describe(auto& f, event_of<Repaid> auto& e) {
  f.market(e.market); f.account(e.payer); f.other(e.borrower); f.amount(e.amount); f.amount2(e.borrow_balance);
}
void describe(auto& f, event_of<Transferred> auto& e) {
  f.market(e.market); f.account(e.from); f.other(e.to); f.amount(e.tokens);
}
void describe(auto& f, event_of<Liquidated> auto& e) {
  f.market(e.market); f.account(e.liquidator); f.other(e.borrower); f.amount(e.repaid); f.amount2(e.tokens_seized);
}
void describe(auto& f, event_of<Seized> auto& e) {
  f.market(e.market); f.account(e.liquidator); f.other(e.borrower); f.amount(e.liquidator_tokens);
  f.amount2(e.protocol_tokens);
}
void describe(auto& f, event_of<ReservesAdded> auto& e) { f.market(e.market); f.account(e.account); f.amount(e.amount); }
void describe(auto& f, event_of<ReservesReduced> auto& e) {
  f.market(e.market); f.account(e.account); f.amount(e.amount);
}
void describe(auto& f, event_of<MarketEntered> auto& e) { f.market(e.market); f.account(e.account); }
void describe(auto& f, event_of<MarketExited> auto& e) { f.market(e.market); f.account(e.account); }
void describe(auto& f, event_of<ParameterChanged> auto& e) { f.market(e.market); f.amount(e.value); }
void describe(auto& f, event_of<FaucetPaid> auto& e) { f.asset(e.asset); f.account(e.account); f.amount(e.amount); }
void describe(auto& f, event_of<ComplianceChanged> auto& e) {
  f.account(e.account); f.amount(e.kyc_group); f.amount2(e.added);
}
void describe(auto& f, event_of<MarketListed> auto& e) {
  f.market(e.market); f.account(e.seed_holder); f.amount(e.seed_underlying); f.amount2(e.seed_tokens);
}
void describe(auto& f, event_of<AssetIssued> auto& e) { f.asset(e.asset); f.account(e.recipient); f.amount(e.amount); }
void describe(auto& f, event_of<AssetBurnt> auto& e) { f.asset(e.asset); f.account(e.issuer); f.amount(e.amount); }
void describe(auto& f, event_of<AssetTransferred> auto& e) {
  f.asset(e.asset); f.account(e.from); f.other(e.to); f.amount(e.amount);
}
void describe(auto& f, event_of<RoleChanged> auto& e) {
  f.account(e.account); f.amount(e.kyc_group); f.amount2(e.granted);
}
void describe(auto& f, event_of<DelegateChanged> auto& e) { f.account(e.delegator); f.other(e.delegate); }
void describe(auto& f, event_of<VotesChanged> auto& e) {
  f.account(e.delegate); f.amount(e.before); f.amount2(e.after);
}
void describe(auto& f, event_of<ProposalCreated> auto& e) {
  f.proposal(e.proposal); f.account(e.proposer); f.amount(e.start_block); f.amount2(e.end_block);
  f.text(e.description);
}
void describe(auto& f, event_of<VoteCast> auto& e) {
  f.proposal(e.proposal); f.account(e.voter); f.amount(e.votes); f.amount2(e.support); f.text(e.reason);
}
void describe(auto& f, event_of<ProposalCanceled> auto& e) { f.proposal(e.proposal); f.account(e.canceled_by); }
void describe(auto& f, event_of<ProposalQueued> auto& e) {
  f.proposal(e.proposal); f.account(e.queued_by); f.amount(e.eta);
}
void describe(auto& f, event_of<ProposalExecuted> auto& e) { f.proposal(e.proposal); f.account(e.executed_by); }
void describe(auto& f, event_of<RewardSpeedsSet> auto& e) {
  f.market(e.market); f.amount(e.supply_speed); f.amount2(e.borrow_speed);
}
void describe(auto& f, event_of<RewardsFunded> auto& e) {
  f.account(e.funder); f.amount(e.amount); f.amount2(e.reserve_after);
}
void describe(auto& f, event_of<RewardsClaimed> auto& e) {
  f.account(e.claimer); f.amount(e.amount); f.amount2(e.reserve_after);
}
void describe(auto& f, event_of<SupplierRewardsDistributed> auto& e) {
  f.market(e.market); f.account(e.supplier); f.amount(e.credited); f.amount2(e.supply_index);
}
void describe(auto& f, event_of<BorrowerRewardsDistributed> auto& e) {
  f.market(e.market); f.account(e.borrower); f.amount(e.credited); f.amount2(e.borrow_index);
}
void describe(auto& f, event_of<UpgradeScheduled> auto& e) {
  f.account(e.scheduled_by); f.amount(e.version); f.amount2(e.activation_block);
}
void describe(auto& f, event_of<UpgradeCanceled> auto& e) {
  f.account(e.canceled_by); f.amount(e.version); f.amount2(e.activation_block);
}
void describe(auto& f, event_of<RuleVersionActivated> auto& e) { f.amount(e.version); f.amount2(e.activation_block); }
// clang-format on

// --- Writing ------------------------------------------------------------------------

std::string decimal(const U256& v) { return v.str(); }
std::string decimal(bool v) { return v ? "1" : "0"; }
std::string decimal(std::unsigned_integral auto v) { return std::to_string(v); }

class EventWriter {
 public:
  EventWriter(const State& names, const Event& e) : names_(names) { j_ = {{"event", event_name(e)}, {"amount", "0"}}; }
  json take() { return std::move(j_); }

  // Left out when the event has none (no_market: a protocol-wide parameter_changed).
  void market(MarketId m) {
    if (m < names_.markets.size()) j_["market"] = names_.markets[m].config.symbol;
  }
  void asset(AssetId a) {
    if (a < names_.assets.size()) j_["asset"] = names_.assets[a].symbol;
  }
  void account(AccountId a) { j_["account"] = name_of(a); }
  void other(AccountId a) { j_["other"] = name_of(a); }
  void amount(const auto& v) { j_["amount"] = decimal(v); }
  void amount2(const auto& v) { j_["amount2"] = decimal(v); }
  void proposal(std::uint64_t p) { j_["proposal"] = p; }
  void text(const std::string& t) { j_["text"] = t; }

 private:
  std::string name_of(AccountId a) const {
    return a < names_.account_names.size() ? names_.account_names[a] : std::string();
  }
  const State& names_;
  json j_;
};

// --- Reading ------------------------------------------------------------------------

[[noreturn]] void bad(const std::string& what) { throw std::runtime_error("an event: " + what); }

// One event's JSON being read into its struct (the describe functions call these).
class EventFields {
 public:
  EventFields(const json& j, const State& names, const std::unordered_map<std::string, AccountId>& accounts)
      : j_(j), names_(names), accounts_(accounts) {}

  void market(MarketId& m) const {
    if (!j_.contains("market")) {
      m = no_market;
      return;
    }
    const auto id = names_.market_by_symbol(string_at("market"));
    if (!id) bad("unknown market " + string_at("market"));
    m = *id;
  }
  void asset(AssetId& a) const {
    if (!j_.contains("asset")) {
      a = no_asset;
      return;
    }
    const auto id = names_.asset_by_symbol(string_at("asset"));
    if (!id) bad("unknown asset " + string_at("asset"));
    a = *id;
  }
  void account(AccountId& a) const { a = account_at("account"); }
  void other(AccountId& a) const { a = account_at("other"); }
  template <class T>
  void amount(T& v) const {
    v = decimal_at<T>("amount");
  }
  template <class T>
  void amount2(T& v) const {
    v = decimal_at<T>("amount2");
  }
  void proposal(std::uint64_t& p) const {
    // A whole number >= 0 (CBOR keeps it unsigned; JSON text may read it as signed).
    const bool whole = j_.contains("proposal") && j_.at("proposal").is_number_integer();
    if (!whole || (!j_.at("proposal").is_number_unsigned() && j_.at("proposal").get<std::int64_t>() < 0))
      bad("no proposal number");
    p = j_.at("proposal").get<std::uint64_t>();
  }
  void text(std::string& t) const { t = string_at("text"); }

 private:
  std::string string_at(const char* key) const {
    if (!j_.contains(key) || !j_.at(key).is_string()) bad(std::string("no \"") + key + "\" string");
    return j_.at(key).get<std::string>();
  }
  AccountId account_at(const char* key) const {
    const std::string name = string_at(key);
    if (name.empty()) return no_account;
    const auto it = accounts_.find(name);
    if (it == accounts_.end()) bad("unknown account " + name);
    return it->second;
  }
  // A decimal string that fits T (bool: "0" or "1").
  template <class T>
  T decimal_at(const char* key) const {
    const auto parsed = parse_u256(string_at(key));
    if (!parsed) bad(std::string("\"") + key + "\" is not a decimal amount");
    if constexpr (std::is_same_v<T, U256>) {
      return *parsed;
    } else {
      constexpr std::uint64_t max = std::is_same_v<T, bool> ? 1 : std::numeric_limits<T>::max();
      if (*parsed > max) bad(std::string("\"") + key + "\" is too large");
      return static_cast<T>(low_u64(*parsed));
    }
  }
  const json& j_;
  const State& names_;
  const std::unordered_map<std::string, AccountId>& accounts_;
};

// A default event of the kind numbered `kind` (its index in Event).
template <std::size_t... I>
Event event_of_kind(std::size_t kind, std::index_sequence<I...>) {
  Event e;
  static_cast<void>(((kind == I ? (e.emplace<I>(), true) : false) || ...));
  return e;
}

}  // namespace

json event_json(const Event& e, const State& s, const Transaction* tx) {
  EventWriter writer(s, e);
  std::visit([&writer](const auto& event) { describe(writer, event); }, e);
  json j = writer.take();
  if (kind_of(e) == EventKind::parameter_changed && tx != nullptr)
    if (std::string name = parameter_name(*tx); !name.empty()) j["parameter"] = name;
  return j;
}

EventReader::EventReader(const State& names) : names_(names) {
  for (std::size_t i = 0; i < names.account_names.size(); ++i)
    accounts_.emplace(names.account_names[i], static_cast<AccountId>(i));
}

Event EventReader::read(const json& j) const {
  if (!j.is_object() || !j.contains("event") || !j.at("event").is_string()) bad("no \"event\" name");
  const std::string name = j.at("event").get<std::string>();
  int kind = 0;
  while (kind < event_kind_count && name != event_name(static_cast<EventKind>(kind))) ++kind;
  if (kind == event_kind_count) bad("unknown event " + name);
  Event e = event_of_kind(static_cast<std::size_t>(kind), std::make_index_sequence<std::variant_size_v<Event>>{});
  const EventFields fields(j, names_, accounts_);
  std::visit([&fields](auto& event) { describe(fields, event); }, e);
  return e;
}

}  // namespace flux::node
