#include "fuzz/transaction_generator.hpp"
#include "engine/operation_registry.hpp"

#include "crypto/address.hpp"
#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/risk.hpp"
#include "node/transaction.hpp"

#include <algorithm>
#include <map>

namespace flux::fuzz {
namespace {

using crypto::FieldValue;
using nlohmann::json;

// How often each type is drawn, out of the sum of all weights. The user operations
// dominate, as on a real chain; governance is frequent enough that proposals run
// their course in a few thousand operations. A type not listed (added after this
// table) gets kDefaultWeight, so it is still generated.
const std::map<std::string, unsigned, std::less<>>& weights() {
  static const std::map<std::string, unsigned, std::less<>> w = {
      {"Mint", 12},          {"Redeem", 5},        {"RedeemUnderlying", 4},
      {"Borrow", 9},         {"Repay", 6},         {"Transfer", 4},
      {"Liquidate", 5},      {"EnterMarkets", 5},  {"ExitMarket", 2},
      {"Accrue", 2},         {"TransferAsset", 4}, {"IssueAsset", 2},
      {"BurnAsset", 1},      {"SetPrice", 6},      {"Pause", 1},
      {"Unpause", 1},        {"GrantKyc", 2},      {"RevokeKyc", 1},
      {"Sanction", 1},       {"Unsanction", 2},    {"AddReserves", 1},
      {"ReduceReserves", 1}, {"Faucet", 1},        {"Delegate", 2},
      {"Propose", 4},        {"CastVote", 8},      {"Cancel", 1},
      {"Queue", 4},          {"Execute", 4},       {"FundRewards", 2},
      {"ClaimRewards", 2},
  };
  return w;
}
constexpr unsigned kDefaultWeight = 1;  // the admin setters sent directly: unauthorized on a governed chain

U256 pow10(std::uint64_t n) {
  U256 p = 1;
  for (std::uint64_t i = 0; i < n && i < 76; ++i) p *= 10;
  return p;
}

U256 e16(std::uint64_t n) { return U256(n) * U256(10'000'000'000'000'000ULL); }

// A share (1% to 100%) of `reference`, or an edge: 0, 1, just above, 2^256-1, a
// power of ten. An empty reference becomes a plausible amount of `decimals`.
U256 amount_near(Random& rng, const U256& reference, unsigned decimals) {
  const U256 base = reference.is_zero() ? pow10(decimals + rng.below(5)) : reference;
  switch (rng.below(24)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return u256_max();
    case 3: return base == u256_max() ? base : base + 1;
    case 4:
    case 5: return pow10(rng.below(31));
    default: {
      const U256 pct = rng.between(1, 100);
      return base / 100 * pct + base % 100 * pct / 100;
    }
  }
}

json field_json(const crypto::Field& f) {
  if (const auto* a = std::get_if<crypto::Address20>(&f.value)) return crypto::to_checksum_address(*a);
  if (const auto* b = std::get_if<bool>(&f.value)) return *b;
  if (const auto* n = std::get_if<crypto::Uint256>(&f.value)) return n->str();
  if (const auto* s = std::get_if<std::string>(&f.value)) return *s;
  if (const auto* v = std::get_if<std::vector<std::string>>(&f.value)) return *v;
  return nullptr;
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

// Everything one draw needs: what the chain looks like, who sends, and what the
// transaction is about (chosen once, so its fields agree with each other).
struct TransactionGenerator::Draw {
  Draw(const node::Chain& c, Random& r, std::string t) : chain(c), state(c.state()), rng(r), type(std::move(t)) {}
  const node::Chain& chain;
  const State& state;
  Random& rng;
  std::string type;
  std::size_t sender = 0;  // index in accounts_
  AccountId sender_id = no_account;
  MarketId market = 0;  // the focus market (listed, when any is)
  AssetId asset = 0;    // the focus asset
  AccountId borrower = no_account;
  std::optional<MarketId> collateral;  // a Liquidate's collateral market
  std::uint64_t proposal = 0;
  GovernanceParameter parameter = GovernanceParameter::voting_period;

  const Market* focus_market() const { return market < state.markets.size() ? &state.markets[market] : nullptr; }
  const Account* sender_account() const {
    return sender_id < state.accounts.size() ? &state.accounts[sender_id] : nullptr;
  }
  // The decimals of the focus market's asset, else of the focus asset, else 18.
  unsigned decimals() const {
    const Market* m = focus_market();
    return m && m->config.asset < state.assets.size() ? state.assets[m->config.asset].decimals
           : asset < state.assets.size()              ? state.assets[asset].decimals
                                                      : 18;
  }
  // A market symbol: mostly a listed market's (any, or sometimes the focus
  // market's), else "" or one no market has.
  std::string some_symbol() {
    if (state.markets.empty() || rng.chance(60)) return rng.chance(500) ? "fNOPE" : "";
    const Market* m = focus_market();
    return rng.chance(850) || !m ? state.markets[rng.below(state.markets.size())].config.symbol : m->config.symbol;
  }
};

TransactionGenerator::TransactionGenerator(std::vector<FuzzAccount> accounts, std::uint64_t chain_id)
    : accounts_(std::move(accounts)), chain_id_(chain_id) {
  for (const node::TransactionType& t : node::transaction_types()) {
    // The fuzzed chain runs Compound's rules: Flux Protocol's own types could only be
    // refused (wrong_protocol, which the engine's tests check), so none is sent.
    const OperationDescriptor* d = descriptor_by_transaction(t.name);
    if (d != nullptr && d->protocols == Protocols::flux_protocol) continue;
    const auto it = weights().find(t.name);
    const unsigned w = it == weights().end() ? kDefaultWeight : it->second;
    type_weights_.emplace_back(t.name, w);
    total_weight_ += w;
    if (t.governance_action) action_types_.push_back(t.name);
  }
}

std::string TransactionGenerator::pick_type(Random& rng) const {
  std::uint64_t x = rng.below(total_weight_);
  for (const auto& [name, w] : type_weights_) {
    if (x < w) return name;
    x -= w;
  }
  return type_weights_.back().first;
}

std::optional<std::size_t> TransactionGenerator::account_index(const State& state, AccountId id) const {
  if (id >= state.account_names.size()) return std::nullopt;
  const std::string& name = state.account_names[id];
  for (std::size_t i = 0; i < accounts_.size(); ++i)
    if (accounts_[i].engine_name == name) return i;
  return std::nullopt;
}

// The holder of the role the type needs, most of the time (when its key is one of
// ours); otherwise anyone, which the node turns away as unauthorized.
std::size_t TransactionGenerator::pick_sender(const Draw& d, Random& rng) const {
  const Roles& roles = d.state.roles;
  std::optional<AccountId> holder;
  const std::string& t = d.type;
  if (t == "SetPrice") holder = roles.oracle;
  else if (t == "Pause") holder = roles.pause_guardian;
  else if (is_one_of(t, {"GrantKyc", "RevokeKyc", "Sanction", "Unsanction"})) {
    holder = roles.compliance;
    if (rng.chance(250) && !roles.kyc_group_admins.entries().empty())
      holder = roles.kyc_group_admins.entries()[rng.below(roles.kyc_group_admins.entries().size())].second;
    else if (rng.chance(250) && roles.sanctions_admin != no_account) holder = roles.sanctions_admin;
  } else if (is_one_of(t, {"IssueAsset", "BurnAsset"}) && d.asset < d.state.assets.size()) {
    holder = d.state.assets[d.asset].issuer;
  } else if (t == "Propose") {
    // The FLUX holder with the most votes: the one who can pass the threshold.
    AccountId best = no_account;
    U256 most = 0;
    for (const auto& [id, voter] : d.state.governance.voters) {
      const U256 v = current_votes(d.state.governance, id);
      if (v > most) most = v, best = id;
    }
    if (best != no_account && rng.chance(700)) holder = best;
  }
  if (holder && rng.chance(880))
    if (auto i = account_index(d.state, *holder)) return *i;
  // Users: mostly the dev chain's funded users (alice, bob, carol, the liquidator),
  // whose balances make their operations meaningful; otherwise anyone.
  // A liquidation mostly comes from the liquidator, who holds stablecoins to repay
  // with and may use the permissioned markets.
  if (!holder && rng.chance(750)) {
    static const std::vector<std::string> users = {"alice", "bob", "carol", "liquidator"};
    const std::string& name = t == "Liquidate" && rng.chance(600) ? users.back() : rng.pick(users);
    for (std::size_t i = 0; i < accounts_.size(); ++i)
      if (accounts_[i].name == name) return i;
  }
  return static_cast<std::size_t>(rng.below(accounts_.size()));
}

std::vector<std::string> TransactionGenerator::proposal_actions(Draw& d) const {
  std::vector<std::string> out;
  const std::uint64_t count = 1 + d.rng.below(d.rng.chance(100) ? 10 : 3);
  const AccountId saved_sender = d.sender_id;
  const std::string saved_type = d.type;
  d.sender_id = d.state.governance.enabled() ? d.state.governance.timelock : no_account;
  for (std::uint64_t i = 0; i < count; ++i) {
    d.type = d.rng.pick(action_types_);
    const node::TransactionType* type = node::find_transaction_type(d.type);
    d.market = d.state.markets.empty() ? 0 : static_cast<MarketId>(d.rng.below(d.state.markets.size()));
    d.asset = static_cast<AssetId>(d.rng.below(d.state.assets.size()));
    std::vector<node::FieldSpec> own(type->fields.begin() + 2, type->fields.end());  // without sender, nonce
    crypto::TypedStruct fields;
    fill(d, own, fields);
    json object = {{"type", d.type}};
    for (const crypto::Field& f : fields.fields) object[f.name] = field_json(f);
    if (d.rng.chance(10)) object["surplus"] = "1";  // a malformed action: the Propose is malformed
    out.push_back(object.dump());
  }
  d.sender_id = saved_sender;
  d.type = saved_type;
  return out;
}

void TransactionGenerator::fill(Draw& d, const std::vector<node::FieldSpec>& fields, crypto::TypedStruct& out) const {
  for (const node::FieldSpec& spec : fields)
    out.fields.push_back(crypto::Field{spec.name, spec.type, value_for(d, spec)});
}

// Every value is drawn from d.rng, so the order of the draws below is what a seed
// reproduces: a change in it changes every later transaction of a run.
FieldValue TransactionGenerator::value_for(Draw& d, const node::FieldSpec& field) const {
  const std::string& name = field.name;
  if (field.type == "address") return address_value(d, name);
  if (field.type == "bool") return d.rng.chance(d.type == "ListMarket" ? 100 : 500);
  if (field.type == "string[]") {
    if (name == "actions") return proposal_actions(d);
    std::vector<std::string> items;
    const std::uint64_t n = d.rng.chance(30) ? 0 : 1 + d.rng.below(3);
    for (std::uint64_t i = 0; i < n; ++i) items.push_back(d.some_symbol());
    return items;
  }
  if (field.type == "string") return string_value(d, name);
  return number_value(d, name);  // unsigned integers
}

crypto::Address20 TransactionGenerator::address_value(Draw& d, const std::string& name) const {
  Random& rng = d.rng;
  const State& s = d.state;
  if (name == "borrower" && d.borrower != no_account && rng.chance(850))
    return crypto::parse_address(s.account_names[d.borrower]).value();
  if (name == "delegatee" && rng.chance(500)) return accounts_[d.sender].address;
  const std::uint64_t r = rng.below(100);
  if (r < 3) return crypto::Address20{};  // the zero address
  if (r < 8) {                            // an address nobody holds a key to
    crypto::Address20 a;
    for (auto& byte : a.bytes) byte = static_cast<std::uint8_t>(rng.next());
    return a;
  }
  if (r < 13 && s.governance.enabled())  // the timelock (it holds no key) or the locked supply holder
    return crypto::parse_address(
               s.account_names[rng.chance(500) ? s.governance.timelock : s.roles.locked_supply_holder])
        .value();
  return accounts_[rng.below(accounts_.size())].address;
}

std::string TransactionGenerator::string_value(Draw& d, const std::string& name) const {
  Random& rng = d.rng;
  const State& s = d.state;
  const Market* market = d.focus_market();
  if (name == "collateralMarket" && d.collateral && *d.collateral < s.markets.size() && rng.chance(900))
    return s.markets[*d.collateral].config.symbol;
  if (name == "market" || name == "collateralMarket") {
    if (name == "market" && market && rng.chance(900)) return market->config.symbol;
    return d.some_symbol();
  }
  if (name == "asset") {
    if (rng.chance(40)) return std::string("NOPE");
    return d.asset < s.assets.size() ? s.assets[d.asset].symbol : std::string("NOPE");
  }
  if (name == "kind") return std::string(rng.chance(15) ? "quadratic" : rng.chance(500) ? "jump" : "linear");
  if (name == "access") {
    static const std::vector<std::string> modes = {"open", "open", "permissionless", "permissioned"};
    return rng.chance(15) ? std::string("closed") : rng.pick(modes);
  }
  if (name == "action") {
    static const std::vector<std::string> actions = {"mint", "borrow", "transfer", "seize"};
    return rng.chance(15) ? std::string("liquidate") : rng.pick(actions);
  }
  if (name == "parameter") {
    static const std::vector<GovernanceParameter> all = {
        GovernanceParameter::proposal_threshold, GovernanceParameter::voting_delay, GovernanceParameter::voting_period,
        GovernanceParameter::quorum_votes, GovernanceParameter::timelock_delay};
    d.parameter = rng.pick(all);
    return std::string(rng.chance(15) ? "grace_period" : node::governance_parameter_name(d.parameter));
  }
  if (name == "symbol") {  // a new market's
    if (!s.markets.empty() && rng.chance(150)) return s.markets[rng.below(s.markets.size())].config.symbol;
    return "fW" + std::to_string(rng.below(1000));
  }
  if (name == "description") return std::string("fuzz proposal");
  if (name == "reason") return std::string(rng.chance(500) ? "" : "fuzz vote");
  return std::string(rng.chance(500) ? "x" : "");
}

U256 TransactionGenerator::number_value(Draw& d, const std::string& name) const {
  Random& rng = d.rng;
  const Market* market = d.focus_market();
  if (name == "nonce") return U256(0);  // set by next()
  if (name == "amount" || name == "tokens" || name == "seedAmount") return amount_value(d);
  if (name == "price") {
    const unsigned decimals = d.decimals();
    U256 base = market && !market->config.price.is_zero() ? market->config.price : pow10(18 + 18 - decimals);
    if (d.type == "ListMarket") base = U256(2000) * pow10(18);
    if (rng.chance(20)) return U256(0);
    // Drops and crashes put borrowers in shortfall, which liquidations need.
    const std::uint64_t pct = rng.chance(50)    ? rng.between(1, 10)
                              : rng.chance(200) ? rng.between(30, 70)
                                                : rng.between(85, 118);
    return base / 100 * pct;
  }
  if (name == "cap") return rng.chance(600) ? U256(0) : (market ? market->config.price * 2 : pow10(20));
  if (name == "value") return setter_value(d);
  if (name == "collateralFactor") return e16(rng.between(0, rng.chance(50) ? 120 : 90));
  if (name == "reserveFactor") return e16(rng.between(0, 30));
  if (name == "protocolSeizeShare") return e16(rng.between(0, 5));
  if (name == "initialExchangeRate") return rng.chance(20) ? U256(0) : e16(2);
  if (name == "basePerYear") return e16(rng.between(0, 5));
  if (name == "multiplierPerYear") return e16(rng.between(0, 30));
  if (name == "jumpMultiplierPerYear") return e16(rng.between(0, rng.chance(30) ? 5'000'000 : 200));
  if (name == "kink") return e16(rng.between(50, rng.chance(30) ? 150 : 95));
  if (name == "borrowCap" || name == "supplyCap" || name == "priceCap") return U256(0);
  if (name == "supplySpeed" || name == "borrowSpeed") return rng.chance(300) ? U256(0) : pow10(12 + rng.below(6));
  if (name == "group" || name == "kycGroup") return U256(rng.below(3));
  if (name == "proposal") return U256(d.proposal);
  if (name == "support") return U256(rng.chance(750) ? vote_for : rng.chance(600) ? vote_against : vote_abstain);
  if (name == "version") return U256(rng.chance(600) ? 2 : 1);
  if (name == "activationBlock") {
    // Never an unsupported version within reach (the chain would halt): far ahead,
    // or 0 (cancel), or a past block (refused).
    const std::uint64_t r = rng.below(3);
    return U256(r == 0 ? 0 : r == 1 ? d.chain.head().number + 1'000'000'000 + rng.below(1000) : rng.below(10));
  }
  // A field this table does not know (a type added later): small numbers, to fit any uintN.
  return U256(rng.below(256));
}

// An amount, tokens or seedAmount: near what the type can move (the sender's
// wallet, its fTokens, the market's cash, a borrow, the reserves), edges included.
U256 TransactionGenerator::amount_value(Draw& d) const {
  Random& rng = d.rng;
  const State& s = d.state;
  const std::string& t = d.type;
  const Market* market = d.focus_market();
  const Account* sender = d.sender_account();
  U256 reference = 0;
  const Position* mine = sender && market ? sender->position(d.market) : nullptr;
  if (t == "Mint" || t == "AddReserves") {
    if (sender && market) reference = sender->wallet_balance(market->config.asset);
  } else if (t == "Redeem" || t == "Transfer") {
    if (mine) reference = mine->tokens;
  } else if (t == "RedeemUnderlying") {
    if (market) reference = market->book.cash / 2;
  } else if (t == "Borrow") {
    // Often close to all the sender's collateral allows (liquidity / price), so that
    // a price drop puts borrowers in shortfall and liquidations happen.
    if (market && sender && !market->config.price.is_zero() && rng.chance(500)) {
      try {
        const U256 room = account_liquidity(BookView(s), d.sender_id, sender->entered_markets).liquidity;
        return room * mantissa_one() / market->config.price / 100 * rng.between(90, 100);
      } catch (const Failure&) {  // a price missing: fall through to a share of the cash
      }
    }
    if (market) reference = market->book.cash / 50;
  } else if (t == "Repay" || t == "Liquidate") {
    const AccountId who = d.borrower != no_account ? d.borrower : d.sender_id;
    if (who < s.accounts.size() && market)
      if (const Position* p = s.accounts[who].position(d.market)) reference = p->principal;
    if (t == "Liquidate") {  // within the close factor, most of the time
      if (rng.chance(700)) return reference / 100 * rng.between(10, 45);
      reference = reference / 2;
    }
    if (t == "Repay" && rng.chance(150)) return u256_max();  // repay everything
  } else if (t == "ReduceReserves" || t == "ReduceReservesTo") {
    if (market) reference = market->book.total_reserves;
  } else if (t == "TransferAsset" || t == "BurnAsset" || t == "FundRewards") {
    const AssetId a = t == "FundRewards" ? s.governance.token : d.asset;
    if (sender) reference = sender->wallet_balance(a);
    if (t != "BurnAsset") reference = reference / 10;  // FLUX keeps its holders' votes for a while
  } else if (t == "ListMarket") {
    reference = pow10(17);  // the timelock holds 10 WETH for seeds
  }
  return amount_near(rng, reference, d.decimals());
}

// The "value" of a setter: mostly within the engine's bounds for the parameter set,
// sometimes outside them.
U256 TransactionGenerator::setter_value(Draw& d) const {
  Random& rng = d.rng;
  const std::string& t = d.type;
  const bool wild = rng.chance(80);  // outside the bounds: refused (would_fail, invalid_parameter, out_of_bounds)
  if (t == "SetCollateralFactor") return wild ? e16(rng.between(95, 120)) : e16(rng.between(0, 90));
  if (t == "SetReserveFactor") return wild ? e16(rng.between(101, 150)) : e16(rng.between(0, 50));
  if (t == "SetProtocolSeizeShare") return wild ? e16(rng.between(101, 150)) : e16(rng.between(0, 10));
  if (t == "SetCloseFactor") return wild ? e16(rng.between(91, 100)) : e16(rng.between(5, 90));
  if (t == "SetLiquidationIncentive") return wild ? e16(rng.between(151, 200)) : e16(rng.between(100, 107));
  if (t == "SetBorrowCap" || t == "SetSupplyCap")
    return rng.chance(500) ? U256(0) : pow10(d.decimals() + 2 + rng.below(8));
  if (t == "SetGovernanceParameter") {
    const std::uint64_t day = 86'400;
    switch (d.parameter) {
      case GovernanceParameter::proposal_threshold:
        return pow10(18) * (wild ? 10'000'000 : rng.between(1'000, 100'000));
      case GovernanceParameter::quorum_votes: return pow10(18) * (wild ? 0 : rng.between(10'000, 400'000));
      case GovernanceParameter::voting_delay: return U256(wild ? 30 * day : rng.between(1, day));
      case GovernanceParameter::voting_period: return U256(wild ? 0 : rng.between(day, 2 * day));
      case GovernanceParameter::timelock_delay: return U256(wild ? 31 * day : rng.between(day, 2 * day));
    }
  }
  return e16(rng.below(120));
}

GeneratedTransaction TransactionGenerator::next(const node::Chain& chain, Random& rng) {
  const State& state = chain.state();
  Draw d(chain, rng, pick_type(rng));
  d.market = state.markets.empty() ? 0 : static_cast<MarketId>(rng.below(state.markets.size()));
  d.asset = state.assets.empty() ? 0 : static_cast<AssetId>(rng.below(state.assets.size()));
  if (d.type == "IssueAsset" || d.type == "BurnAsset")  // mostly an asset that has an issuer
    for (AssetId a = 0; a < state.assets.size(); ++a)
      if (state.assets[a].issuer != no_account && rng.chance(800)) d.asset = a;
  if (d.type == "Repay" || d.type == "Liquidate") {  // someone who owes, and a market they owe in
    std::vector<std::pair<AccountId, MarketId>> debts;
    for (AccountId a = 0; a < state.accounts.size(); ++a)
      for (const auto& [m, p] : state.accounts[a].positions.entries())
        if (!p.principal.is_zero()) debts.emplace_back(a, m);
    // A liquidator looks for borrowers in shortfall (stored balances, no accrual:
    // close enough to find them), and seizes a market they supplied.
    if (d.type == "Liquidate" && rng.chance(700)) {
      std::vector<std::pair<AccountId, MarketId>> short_debts;
      for (const auto& [a, m] : debts) {
        try {
          if (!account_liquidity(BookView(state), a, state.accounts[a].entered_markets).shortfall.is_zero())
            short_debts.emplace_back(a, m);
        } catch (const Failure&) {  // a price missing: not a candidate
        }
      }
      if (!short_debts.empty()) debts = std::move(short_debts);
    }
    if (!debts.empty() && rng.chance(850)) std::tie(d.borrower, d.market) = rng.pick(debts);
    if (d.borrower != no_account)
      for (const auto& [m, p] : state.accounts[d.borrower].positions.entries())
        if (!p.tokens.is_zero() && state.accounts[d.borrower].has_entered(m) && rng.chance(700)) d.collateral = m;
  }
  if (is_one_of(d.type, {"CastVote", "Queue", "Execute", "Cancel"})) {
    const Governance& g = state.governance;
    const std::uint64_t block = chain.head().number + 1;
    std::vector<std::uint64_t> fitting;
    for (const Proposal& p : g.proposals) {
      const ProposalState ps = proposal_state(p, block, g.grace_period_blocks());
      const bool fits = (d.type == "CastVote" && ps == ProposalState::active) ||
                        (d.type == "Queue" && ps == ProposalState::succeeded) ||
                        (d.type == "Execute" && ps == ProposalState::queued) ||
                        (d.type == "Cancel" && ps != ProposalState::executed);
      if (fits) fitting.push_back(p.id);
    }
    d.proposal = !fitting.empty() && rng.chance(900) ? rng.pick(fitting) : rng.below(g.proposals.size() + 2);
  }
  d.sender = pick_sender(d, rng);
  const FuzzAccount& from = accounts_[d.sender];
  d.sender_id = state.find_account(from.engine_name).value_or(no_account);

  const node::TransactionType* type = node::find_transaction_type(d.type);
  crypto::TypedStruct message;
  message.primary_type = d.type;
  fill(d, type->fields, message);
  message.fields[0].value = from.address;
  std::uint64_t nonce = chain.next_nonce(from.address);
  if (rng.chance(15)) nonce += 1;                    // skips ahead
  else if (rng.chance(15) && nonce > 0) nonce -= 1;  // already used
  message.fields[1].value = U256(nonce);

  // Signed by the sender, mostly; by someone else, or tampered with after signing.
  const std::uint64_t flaw = rng.below(1000);
  const crypto::PrivateKey& signer = flaw < 8 ? accounts_[rng.below(accounts_.size())].key : from.key;
  node::Transaction tx = node::sign_transaction(std::move(message), chain_id_, signer);
  if (flaw >= 8 && flaw < 14) tx.message.fields[1].value = U256(nonce + 1000);  // the signature no longer matches
  json wire = node::to_json(tx);
  if (flaw >= 14 && flaw < 20) {  // malformed on the wire
    switch (rng.below(4)) {
      case 0: wire["message"]["surplus"] = "1"; break;
      case 1: wire["message"].erase("sender"); break;
      case 2: wire["type"] = "Teleport"; break;
      default: wire["signature"] = "0x1234"; break;
    }
  }
  return GeneratedTransaction{d.type, std::move(wire)};
}

std::optional<std::uint64_t> TransactionGenerator::blocks_to_next_governance_step(const State& state,
                                                                                  std::uint64_t head,
                                                                                  std::uint64_t limit) {
  const Governance& g = state.governance;
  std::optional<std::uint64_t> best;
  for (const Proposal& p : g.proposals) {
    // The first block at which transactions see the proposal in its next state.
    std::uint64_t target = 0;
    switch (proposal_state(p, head + 1, g.grace_period_blocks())) {
      case ProposalState::pending: target = p.start_block + 1; break;
      case ProposalState::active:
        if (p.for_votes <= p.against_votes || p.for_votes < p.quorum_votes) continue;
        target = p.end_block + 1;
        break;
      case ProposalState::queued: target = p.eta; break;
      default: continue;
    }
    if (target <= head + 1) continue;
    const std::uint64_t blocks = target - 1 - head;  // empty blocks before the one at `target`
    if (blocks <= limit && (!best || blocks < *best)) best = blocks;
  }
  return best;
}

}  // namespace flux::fuzz
