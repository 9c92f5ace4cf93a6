#include "scenario/scenario.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operation_registry.hpp"

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>

namespace flux::scenario {
namespace {

using json = nlohmann::json;

// A key as a JSON pointer segment (RFC 6901): '~' is written "~0" and '/' "~1".
std::string pointer_segment(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// A JSON value with the pointer that leads to it, so every complaint names its place.
struct Node {
  const json& value;
  std::string path;

  [[noreturn]] void fail(const std::string& what) const { throw FormatError(path.empty() ? "/" : path, what); }

  Node at(const std::string& key) const {
    if (!value.is_object()) fail("expected an object");
    auto it = value.find(key);
    if (it == value.end()) throw FormatError(path + "/" + pointer_segment(key), "missing field");
    return Node{*it, path + "/" + pointer_segment(key)};
  }
  std::optional<Node> find(const std::string& key) const {
    if (!value.is_object()) fail("expected an object");
    auto it = value.find(key);
    if (it == value.end()) return std::nullopt;
    return Node{*it, path + "/" + pointer_segment(key)};
  }
  Node item(std::size_t i) const { return Node{value[i], path + "/" + std::to_string(i)}; }

  std::string string() const {
    if (!value.is_string()) fail("expected a string");
    return value.get<std::string>();
  }
  // A raw integer: a decimal string, or a non-negative JSON integer.
  U256 u256() const {
    if (value.is_number_unsigned()) return U256(value.get<std::uint64_t>());
    if (value.is_string()) {
      if (auto v = parse_u256(value.get<std::string>())) return *v;
      fail("expected a decimal integer string below 2^256, got \"" + value.get<std::string>() + "\"");
    }
    fail("expected a decimal integer string");
  }
  // An amount that may also be "max" (2^256 - 1).
  U256 amount_or_max() const {
    if (value.is_string() && value.get<std::string>() == "max") return u256_max();
    return u256();
  }
  std::uint64_t u64() const {
    const U256 v = u256();
    if (v > U256(std::numeric_limits<std::uint64_t>::max())) fail("value does not fit in 64 bits");
    return static_cast<std::uint64_t>(v);
  }
  std::uint32_t u32() const {
    const std::uint64_t v = u64();
    if (v > std::numeric_limits<std::uint32_t>::max()) fail("value does not fit in 32 bits");
    return static_cast<std::uint32_t>(v);
  }
  bool boolean() const {
    if (!value.is_boolean()) fail("expected true or false");
    return value.get<bool>();
  }
  const json::array_t& array() const {
    if (!value.is_array()) fail("expected an array");
    return value.get_ref<const json::array_t&>();
  }
  void only_keys(std::initializer_list<const char*> allowed) const {
    if (!value.is_object()) fail("expected an object");
    for (const auto& [key, v] : value.items()) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || key == a;
      if (!ok) throw FormatError(path + "/" + pointer_segment(key), "unknown field");
    }
  }
};

RateModelParams parse_rate_model(const Node& n) {
  RateModelParams p;
  const std::string kind = n.at("kind").string();
  if (kind == "linear") {
    p.kind = RateModelKind::linear;
    n.only_keys({"kind", "base_per_year", "multiplier_per_year"});
  } else if (kind == "jump") {
    p.kind = RateModelKind::jump;
    n.only_keys({"kind", "base_per_year", "multiplier_per_year", "jump_multiplier_per_year", "kink"});
    p.jump_multiplier_per_year = n.at("jump_multiplier_per_year").u256();
    p.kink = n.at("kink").u256();
  } else {
    n.at("kind").fail("unknown rate model kind \"" + kind + "\" (expected \"linear\" or \"jump\")");
  }
  p.base_per_year = n.at("base_per_year").u256();
  p.multiplier_per_year = n.at("multiplier_per_year").u256();
  return p;
}

class Parser {
 public:
  explicit Parser(const json& doc) : root_{doc, ""} {}

  Scenario run() {
    Scenario s;
    if (!root_.value.is_object()) root_.fail("a scenario is a JSON object");
    if (root_.at("format").u64() != 1) root_.at("format").fail("unsupported format version (expected 1)");
    s.name = root_.at("name").string();
    if (auto d = root_.find("description")) s.description = d->string();
    setup(s.initial);
    const Node steps = root_.at("steps");
    std::uint64_t block = start_block_;
    for (std::size_t i = 0; i < steps.array().size(); ++i) s.steps.push_back(step(s.initial, steps.item(i), i, block));
    for (std::size_t i = 0; i < listed_.size(); ++i)
      s.listed_markets.emplace_back(listed_[i], static_cast<MarketId>(initial_markets_ + i));
    return s;
  }

 private:
  void setup(State& state) {
    const Node config = root_.at("config");
    state.blocks_per_year = config.at("blocks_per_year").u256();
    if (state.blocks_per_year.is_zero()) config.at("blocks_per_year").fail("must be positive");
    state.risk.close_factor = config.at("close_factor").u256();
    state.risk.liquidation_incentive = config.at("liquidation_incentive").u256();
    // A Flux extension: "parameter_rules": "flux" runs Flux's guards on risk parameters;
    // without it, the reference contracts' behaviour that the conformance vectors were
    // recorded with (engine/parameter_rules.hpp).
    state.parameter_rules = ParameterRules::reference;
    if (auto rules = config.find("parameter_rules")) {
      const std::string name = rules->string();
      if (name == "flux") state.parameter_rules = ParameterRules::flux;
      else if (name != "reference") rules->fail("expected \"flux\" or \"reference\", got \"" + name + "\"");
    }
    start_block_ = config.at("start_block").u64();
    state.block = start_block_;

    state.roles.admin = state.account_id(admin_account);
    state.roles.pause_guardian = state.account_id(guardian_account);
    state.roles.oracle = state.account_id(oracle_account);
    state.roles.compliance = state.account_id(compliance_account);

    const Node assets = root_.at("assets");
    for (std::size_t i = 0; i < assets.array().size(); ++i) {
      const Node a = assets.item(i);
      const std::string symbol = a.at("symbol").string();
      if (state.asset_by_symbol(symbol)) a.at("symbol").fail("duplicate asset \"" + symbol + "\"");
      const std::uint64_t decimals = a.at("decimals").u64();
      if (decimals > 77) a.at("decimals").fail("decimals must be at most 77");
      if (state.assets.size() >= max_assets) a.fail("too many assets");
      state.add_asset(symbol, static_cast<std::uint8_t>(decimals));
    }

    const Node markets = root_.at("markets");
    for (std::size_t i = 0; i < markets.array().size(); ++i) {
      const Node m = markets.item(i);
      RateModelParams params;
      MarketConfig c = market_config(state, m, params);
      if (state.market_by_symbol(c.symbol)) m.at("symbol").fail("duplicate market \"" + c.symbol + "\"");
      try {
        c.rate_model = make_rate_model(params, state.blocks_per_year);
      } catch (const Failure&) {
        m.at("rate_model").fail("invalid rate model parameters (a jump model needs a non-zero kink)");
      }
      if (state.markets.size() >= max_markets) m.fail("too many markets");
      state.add_market(std::move(c), start_block_);
    }
    initial_markets_ = state.markets.size();

    if (auto g = config.find("governance")) governance(state, *g);
  }

  // A market object of "markets" (also the "market" of a list_market step); the rate
  // model's per-year parameters go to `params`, for the caller to convert.
  MarketConfig market_config(const State& state, const Node& m, RateModelParams& params) {
    MarketConfig c;
    c.symbol = m.at("symbol").string();
    const auto asset = state.asset_by_symbol(m.at("underlying").string());
    if (!asset) m.at("underlying").fail("no such asset");
    c.asset = *asset;
    c.initial_exchange_rate = m.at("initial_exchange_rate").u256();
    if (c.initial_exchange_rate.is_zero()) m.at("initial_exchange_rate").fail("must be positive");
    c.reserve_factor = m.at("reserve_factor").u256();
    c.protocol_seize_share = m.at("protocol_seize_share").u256();
    c.collateral_factor = m.at("collateral_factor").u256();
    params = parse_rate_model(m.at("rate_model"));
    c.access = access_mode(m.find("access"));
    const auto group = m.find("kyc_group");
    if (group && !group->value.is_null()) c.kyc_group = group->u32();
    else if (c.access != Access::open) m.fail("a non-open market needs a kyc_group");
    return c;
  }

  static Access access_mode(const std::optional<Node>& n) {
    if (!n) return Access::open;
    const std::string access = n->string();
    if (access == "open") return Access::open;
    if (access == "permissionless") return Access::permissionless;
    if (access == "permissioned") return Access::permissioned;
    n->fail("unknown access mode \"" + access + "\"");
  }

  // Flux extension: "governance" in "config" installs FLUX governance (governor.hpp)
  // with the timelock "@timelock" and a locked supply holder "@locked" (for
  // list_market). The admin stays "@admin" until an "admin_to_timelock" step.
  // Durations are seconds, counted in blocks of block_interval_ms (default 12,000:
  // Flux Finance's 12-second blocks, so a day is 7,200 of the scenario's blocks).
  void governance(State& state, const Node& g) {
    g.only_keys({"token", "proposal_threshold", "voting_delay", "voting_period", "quorum_votes", "timelock_delay",
                 "block_interval_ms"});
    GovernanceSetup setup;
    const auto token = state.asset_by_symbol(g.at("token").string());
    if (!token) g.at("token").fail("no such asset");
    setup.token = *token;
    if (auto v = g.find("proposal_threshold")) setup.params.proposal_threshold = v->u256();
    if (auto v = g.find("voting_delay")) setup.params.voting_delay = v->u64();
    if (auto v = g.find("voting_period")) setup.params.voting_period = v->u64();
    if (auto v = g.find("quorum_votes")) setup.params.quorum_votes = v->u256();
    if (auto v = g.find("timelock_delay")) setup.timelock_delay = v->u64();
    if (auto v = g.find("block_interval_ms")) setup.block_interval_ms = v->u64();
    setup.timelock = state.account_id(timelock_account);
    setup.timelock_is_admin = false;
    state.roles.locked_supply_holder = state.account_id(locked_account);
    try {
      install_governance(state, setup);
    } catch (const Failure& f) {
      g.fail("governance cannot be installed: " + std::string(error_message(f.error)) +
             " (the token must have 18 decimals and underlie no market; parameters within their bounds)");
    }
  }

  MarketId market(const State& state, const Node& n) {
    // An unknown market is not a format error: the engine answers market_not_listed.
    const std::string symbol = n.string();
    if (auto id = state.market_by_symbol(symbol)) return *id;
    if (auto id = listed_later(symbol)) return *id;
    return static_cast<MarketId>(max_markets);
  }
  // A market a list_market step or action (met earlier in the file) lists: its id is
  // predicted in the order of those listings; replay checks the prediction.
  std::optional<MarketId> listed_later(const std::string& symbol) const {
    for (std::size_t i = 0; i < listed_.size(); ++i)
      if (listed_[i] == symbol) return static_cast<MarketId>(initial_markets_ + i);
    return std::nullopt;
  }
  AccountId account(State& state, const Node& n) {
    const std::string name = n.string();
    if (name.empty()) n.fail("an account name cannot be empty");
    if (name.front() == '@') n.fail("account names starting with '@' are reserved for roles");
    return state.account_id(name);
  }
  // An account that may also be a role account ("@guardian", "@timelock", ...): the
  // "sender" of a role step, and where a step pays or appoints an account.
  AccountId any_account(State& state, const Node& n) {
    const std::string name = n.string();
    if (!name.empty() && name.front() == '@') {
      if (auto id = state.find_account(name)) return *id;
      n.fail("no role account \"" + name + "\"");
    }
    return account(state, n);
  }
  AssetId asset(const State& state, const Node& n) {
    if (auto id = state.asset_by_symbol(n.string())) return *id;
    n.fail("no such asset");
  }
  PauseAction pause_action(const Node& n) {
    const std::string a = n.string();
    if (a == "mint") return PauseAction::mint;
    if (a == "borrow") return PauseAction::borrow;
    if (a == "transfer") return PauseAction::transfer;
    if (a == "seize") return PauseAction::seize;
    n.fail("unknown action \"" + a + "\" (expected mint, borrow, transfer or seize)");
  }

  Step step(State& state, const Node& n, std::size_t index, std::uint64_t& block) {
    Step s;
    s.index = index;
    s.op = n.at("op").string();
    if (auto note = n.find("note")) note->string();  // free text explaining the step's arithmetic
    if (auto b = n.find("block")) {
      const std::uint64_t next = b->u64();
      if (next < block) b->fail("blocks only move forward (previous block " + std::to_string(block) + ")");
      block = next;
    }
    s.block = block;
    // The request first: a list_market makes its market known to the expectations.
    s.request = request(state, n, s.op, false);
    if (auto e = n.find("expect")) {
      validate_expect(state, *e);
      s.expect = e->value;
    }
    return s;
  }

  // One step's request; for an action of a "propose" step (`as_action`), the same op
  // without block, expect or sender.
  std::optional<Request> request(State& st, const Node& n, const std::string& op, bool as_action) {
    std::optional<Request> r = base_request(st, n, op, as_action);
    if (auto who = n.find("sender"); who && r) {
      const AccountId id = any_account(st, *who);
      std::visit([id](auto& x) { x.sender = id; }, *r);
    }
    return r;
  }

  // The keys a step (or, `as_action`, a proposal's action) of `op` may have: op and
  // note; for a step block and expect, and sender unless its "account" is the sender;
  // then the op's own fields, but "account" if `without_account`.
  static void only_step_keys(const Node& n, const std::string& op, const std::vector<std::string_view>& fields,
                             bool as_action, bool account_is_sender, bool without_account) {
    std::vector<std::string_view> all{"op", "note"};
    if (!as_action) {
      all.push_back("block");
      all.push_back("expect");
      if (!account_is_sender) all.push_back("sender");
    }
    for (std::string_view f : fields)
      if (!(without_account && f == "account")) all.push_back(f);
    for (const auto& item : n.value.items()) {
      const std::string& key = item.key();
      if (std::find(all.begin(), all.end(), key) == all.end())
        throw FormatError(n.path + "/" + pointer_segment(key), "unknown field for op \"" + op + "\"");
    }
  }

  // Longer than most functions on purpose: one short case per scenario op, each naming its
  // fields as the scenario format does, reads better side by side than split apart.
  // NOLINTNEXTLINE(readability-function-size)
  std::optional<Request> base_request(State& st, const Node& n, const std::string& op, bool as_action) {
    const AccountId admin = st.roles.admin;
    if (!n.value.is_object()) n.fail("a step is a JSON object");
    if (op == "check") {
      only_step_keys(n, op, {}, as_action, true, false);
      return std::nullopt;
    }
    // The op's fields are its descriptor's (engine/descriptors/); what each means is below.
    const ScenarioOpDescriptor* described = scenario_op_descriptor(op);
    if (described == nullptr) n.at("op").fail("unknown op \"" + op + "\"");
    // As a proposal's action a user op that is an action (fund_rewards) is sent by the
    // timelock: it names no "account". Other user ops keep theirs, to be refused below
    // as no governance action.
    const bool action_without_account =
        as_action && described->account_is_sender && descriptor_by_scenario_op(op)->action_tag.has_value();
    only_step_keys(n, op, described->fields, as_action, described->account_is_sender, action_without_account);
    if (op == "faucet")
      return Faucet{admin, account(st, n.at("account")), asset(st, n.at("asset")), n.at("amount").u256()};
    if (op == "set_price") return SetPrice{st.roles.oracle, market(st, n.at("market")), n.at("price").u256()};
    if (op == "set_price_cap") return SetPriceCap{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_collateral_factor")
      return SetCollateralFactor{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_reserve_factor") return SetReserveFactor{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_protocol_seize_share")
      return SetProtocolSeizeShare{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_rate_model")
      return SetRateModel{admin, market(st, n.at("market")), parse_rate_model(n.at("rate_model"))};
    if (op == "set_close_factor") return SetCloseFactor{admin, n.at("value").u256()};
    if (op == "set_liquidation_incentive") return SetLiquidationIncentive{admin, n.at("value").u256()};
    if (op == "set_borrow_cap") return SetBorrowCap{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_supply_cap") return SetSupplyCap{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "pause" || op == "unpause") {
      const PauseAction action = pause_action(n.at("action"));
      // transfer and seize are protocol-wide: their market is ignored (and may be absent).
      const bool global = action == PauseAction::transfer || action == PauseAction::seize;
      const MarketId m = global && !n.find("market") ? MarketId{0} : market(st, n.at("market"));
      const bool pausing = op == "pause";
      return SetPaused{pausing ? st.roles.pause_guardian : admin, global ? MarketId{0} : m, action, pausing};
    }
    if (op == "kyc_grant" || op == "kyc_revoke")
      return SetKyc{st.roles.compliance, account(st, n.at("account")), n.at("group").u32(), op == "kyc_grant"};
    if (op == "sanction" || op == "unsanction")
      return SetSanctioned{st.roles.compliance, account(st, n.at("account")), op == "sanction"};
    if (op == "enter_markets") {
      EnterMarkets r{account(st, n.at("account")), {}};
      const Node list = n.at("markets");
      for (std::size_t i = 0; i < list.array().size(); ++i) r.markets.push_back(market(st, list.item(i)));
      return r;
    }
    if (op == "exit_market") return ExitMarket{account(st, n.at("account")), market(st, n.at("market"))};
    if (op == "mint") return Mint{account(st, n.at("account")), market(st, n.at("market")), n.at("amount").u256()};
    if (op == "redeem") return Redeem{account(st, n.at("account")), market(st, n.at("market")), n.at("tokens").u256()};
    if (op == "redeem_underlying")
      return RedeemUnderlying{account(st, n.at("account")), market(st, n.at("market")), n.at("amount").u256()};
    if (op == "borrow") return Borrow{account(st, n.at("account")), market(st, n.at("market")), n.at("amount").u256()};
    if (op == "repay") {
      const AccountId payer = account(st, n.at("account"));
      const auto borrower = n.find("borrower");
      return Repay{payer, borrower ? account(st, *borrower) : payer, market(st, n.at("market")),
                   n.at("amount").amount_or_max()};
    }
    if (op == "transfer")
      return Transfer{account(st, n.at("account")), account(st, n.at("to")), market(st, n.at("market")),
                      n.at("tokens").u256()};
    if (op == "liquidate")
      return Liquidate{account(st, n.at("account")), account(st, n.at("borrower")), market(st, n.at("market")),
                       n.at("amount").amount_or_max(), market(st, n.at("collateral_market"))};
    if (op == "accrue") return Accrue{admin, market(st, n.at("market"))};
    if (op == "add_reserves") return AddReserves{admin, market(st, n.at("market")), n.at("amount").u256()};
    if (op == "reduce_reserves") return ReduceReserves{admin, market(st, n.at("market")), n.at("amount").u256()};
    // --- Flux extensions: the asset ledger and governance -------------------------
    if (op == "transfer_asset")
      return TransferAsset{account(st, n.at("account")), any_account(st, n.at("to")), asset(st, n.at("asset")),
                           n.at("amount").u256()};
    if (op == "list_market") {
      RateModelParams params;
      MarketConfig config = market_config(st, n.at("market"), params);
      if (auto price = n.find("price")) config.price = price->u256();
      if (!st.market_by_symbol(config.symbol) && !listed_later(config.symbol)) listed_.push_back(config.symbol);
      return ListMarket{admin, std::move(config), params, n.at("seed_amount").u256()};
    }
    if (op == "set_pause_guardian") return SetPauseGuardian{admin, any_account(st, n.at("account"))};
    if (op == "set_market_access") {
      const auto group = n.find("kyc_group");
      return SetMarketAccess{admin, market(st, n.at("market")), access_mode(n.at("access")),
                             group && !group->value.is_null() ? group->u32() : 0};
    }
    if (op == "reduce_reserves_to")
      return ReduceReservesTo{admin, market(st, n.at("market")), n.at("amount").u256(), any_account(st, n.at("to"))};
    if (op == "set_kyc_group_admin" || op == "revoke_kyc_group_admin")
      return SetKycGroupAdmin{admin, n.at("group").u32(), any_account(st, n.at("account")),
                              op == "set_kyc_group_admin"};
    if (op == "set_sanctions_admin" || op == "revoke_sanctions_admin")
      return SetSanctionsAdmin{admin, any_account(st, n.at("account")), op == "set_sanctions_admin"};
    if (op == "set_governance_parameter")
      return SetGovernanceParameter{admin, governance_parameter(n.at("parameter")), n.at("value").u256()};
    if (op == "admin_to_timelock") return TransferAdminToTimelock{admin};
    if (op == "delegate") {
      const Node to = n.at("delegatee");
      return Delegate{account(st, n.at("account")), to.value.is_null() ? no_account : account(st, to)};
    }
    if (op == "propose") {
      Propose r{account(st, n.at("account")), {}, {}};
      if (auto d = n.find("description")) r.description = d->string();
      const Node list = n.at("actions");
      for (std::size_t i = 0; i < list.array().size(); ++i) r.actions.push_back(governance_action(st, list.item(i)));
      return r;
    }
    if (op == "cast_vote") {
      CastVote r{account(st, n.at("account")), n.at("proposal").u64(), support(n.at("support")), {}};
      if (auto reason = n.find("reason")) r.reason = reason->string();
      return r;
    }
    if (op == "cancel") return Cancel{account(st, n.at("account")), n.at("proposal").u64()};
    if (op == "queue") return Queue{account(st, n.at("account")), n.at("proposal").u64()};
    if (op == "execute") return Execute{account(st, n.at("account")), n.at("proposal").u64()};
    // --- Flux extension: liquidity mining (engine/rewards.hpp) -----------------------
    if (op == "set_reward_speeds")
      return SetRewardSpeeds{admin, market(st, n.at("market")), n.at("supply_speed").u256(),
                             n.at("borrow_speed").u256()};
    if (op == "fund_rewards") {
      // As a proposal's action the timelock pays, so the action names no account.
      if (as_action) return FundRewards{admin, n.at("amount").u256()};
      return FundRewards{account(st, n.at("account")), n.at("amount").u256()};
    }
    if (op == "claim_rewards") {
      ClaimRewards r{account(st, n.at("account")), {}};
      if (auto list = n.find("markets"))
        for (std::size_t i = 0; i < list->array().size(); ++i) r.markets.push_back(market(st, list->item(i)));
      return r;
    }
    // Described by its fields alone: read from its descriptor.
    if (is_generic(*descriptor_by_scenario_op(op))) return generic_request(st, n, op, as_action);
    // Described but not parsed here: a descriptor naming an op this parser lacks.
    n.at("op").fail("op \"" + op + "\" has no parser");
  }

  // A request described by its fields alone (operation_registry.hpp, is_generic). A user
  // op's sender is its step's "account"; another's is the holder of the role it needs
  // (as a proposal's action, the timelock: the engine puts it there).
  Request generic_request(State& st, const Node& n, const std::string& op, bool as_action) {
    const OperationDescriptor& d = *descriptor_by_scenario_op(op);
    const std::size_t index =
        static_cast<std::size_t>(std::find(operation_descriptors().begin(), operation_descriptors().end(), &d) -
                                 operation_descriptors().begin());
    const bool own_account = d.scenario_ops.front().account_is_sender && !as_action;
    Request request = make_request(index, own_account ? account(st, n.at("account")) : role_holder(st, d.role));
    for (const BoundValue& v : bound_values(request)) {
      const std::string key(v.field->scenario);
      switch (v.field->binding.kind) {
        case FieldKind::account: bound_value<FieldKind::account>(v) = any_account(st, n.at(key)); break;
        case FieldKind::market: bound_value<FieldKind::market>(v) = market(st, n.at(key)); break;
        case FieldKind::asset: bound_value<FieldKind::asset>(v) = asset(st, n.at(key)); break;
        case FieldKind::amount: bound_value<FieldKind::amount>(v) = n.at(key).u256(); break;
        case FieldKind::u32: bound_value<FieldKind::u32>(v) = n.at(key).u32(); break;
        case FieldKind::u64: bound_value<FieldKind::u64>(v) = n.at(key).u64(); break;
        case FieldKind::flag: bound_value<FieldKind::flag>(v) = n.at(key).boolean(); break;
        case FieldKind::text: bound_value<FieldKind::text>(v) = n.at(key).string(); break;
        case FieldKind::markets:  // absent: none
          if (auto list = n.find(key))
            for (std::size_t i = 0; i < list->array().size(); ++i)
              bound_value<FieldKind::markets>(v).push_back(market(st, list->item(i)));
          break;
      }
    }
    return request;
  }

  static AccountId role_holder(const State& st, Role role) {
    switch (role) {
      case Role::oracle: return st.roles.oracle;
      case Role::pauser: return st.roles.pause_guardian;
      case Role::kyc_admin:
      case Role::sanctions_admin: return st.roles.compliance;
      case Role::anyone:
      case Role::admin:
      case Role::asset_issuer: return st.roles.admin;  // an issuer is named by its step's "sender"
    }
    return st.roles.admin;
  }

  // An action of a "propose" step: {"op": ...} with the fields of that op's step.
  GovernanceAction governance_action(State& st, const Node& n) {
    if (!n.value.is_object()) n.fail("an action is a JSON object");
    const std::string op = n.at("op").string();
    if (op == "check" || op == "propose") n.at("op").fail("\"" + op + "\" is not a governance action");
    const std::optional<Request> r = request(st, n, op, true);
    std::optional<GovernanceAction> action;
    std::visit(
        [&action](const auto& x) {
          if constexpr (std::is_constructible_v<GovernanceAction, decltype(x)>) action = x;
        },
        *r);
    if (!action) n.at("op").fail("\"" + op + "\" is not a governance action");
    return *action;
  }

  static GovernanceParameter governance_parameter(const Node& n) {
    const std::string p = n.string();
    if (p == "proposal_threshold") return GovernanceParameter::proposal_threshold;
    if (p == "voting_delay") return GovernanceParameter::voting_delay;
    if (p == "voting_period") return GovernanceParameter::voting_period;
    if (p == "quorum_votes") return GovernanceParameter::quorum_votes;
    if (p == "timelock_delay") return GovernanceParameter::timelock_delay;
    n.fail("unknown governance parameter \"" + p +
           "\" (proposal_threshold, voting_delay, voting_period, quorum_votes or timelock_delay)");
  }

  static std::uint8_t support(const Node& n) {
    const std::string v = n.string();
    if (v == "against") return vote_against;
    if (v == "for") return vote_for;
    if (v == "abstain") return vote_abstain;
    n.fail("expected \"for\", \"against\" or \"abstain\"");
  }

  // Longer than most functions on purpose: each key an expectation may hold, checked in
  // the order the scenario format documents them.
  // NOLINTNEXTLINE(readability-function-size)
  void validate_expect(State& state, const Node& e) {
    e.only_keys(
        {"ok", "error", "markets", "accounts", "failed_action", "action_error", "proposals", "governance", "rewards"});
    // Liquidity mining's figures exist only with governance (rewards are FLUX).
    const auto rewards_need_governance = [&state](const Node& n) {
      if (!state.governance.enabled()) n.fail("rewards need \"governance\" in \"config\"");
    };
    if (auto rw = e.find("rewards")) {
      rewards_need_governance(*rw);
      rw->only_keys({"reserve", "funded", "allocated", "distributed", "paid"});
      for (const auto& [key, v] : rw->value.items()) Node{v, rw->path + "/" + pointer_segment(key)}.u256();
    }
    if (auto ok = e.find("ok"); ok && !ok->value.is_boolean()) ok->fail("expected true or false");
    for (const char* key : {"error", "action_error"})
      if (auto err = e.find(key)) {
        const auto named = error_from_name(err->string());
        if (!named || *named == Error::ok) err->fail("unknown error name \"" + err->string() + "\"");
      }
    if (auto index = e.find("failed_action")) index->u64();
    if (auto markets = e.find("markets")) {
      if (!markets->value.is_object()) markets->fail("expected an object");
      for (const auto& [symbol, fields] : markets->value.items()) {
        const Node m{fields, markets->path + "/" + pointer_segment(symbol)};
        if (!state.market_by_symbol(symbol) && !listed_later(symbol)) m.fail("no such market");
        m.only_keys({"cash", "total_borrows", "total_reserves", "total_supply", "borrow_index", "exchange_rate_stored",
                     "accrual_block", "borrow_rate_per_block", "supply_rate_per_block", "collateral_factor",
                     "reserve_factor", "borrow_cap", "supply_cap", "price", "price_cap", "supply_speed", "borrow_speed",
                     "reward_supply_index", "reward_borrow_index"});
        for (const auto& [key, v] : fields.items()) {
          const Node f{v, m.path + "/" + pointer_segment(key)};
          if (key == "supply_speed" || key == "borrow_speed" || key.starts_with("reward_")) rewards_need_governance(f);
          f.u256();
        }
      }
    }
    if (auto proposals = e.find("proposals")) {
      if (!proposals->value.is_object()) proposals->fail("expected an object");
      for (const auto& [id, fields] : proposals->value.items()) {
        const Node p{fields, proposals->path + "/" + pointer_segment(id)};
        const auto number = parse_u256(id);
        if (!number || number->is_zero() || *number > U256(std::numeric_limits<std::uint64_t>::max()))
          p.fail("a proposal is named by its id, a positive decimal integer below 2^64");
        p.only_keys({"state", "for_votes", "against_votes", "abstain_votes", "start_block", "end_block", "eta"});
        for (const auto& [key, v] : fields.items()) {
          const Node f{v, p.path + "/" + pointer_segment(key)};
          if (key != "state") {
            f.u256();
            continue;
          }
          bool known = false;
          for (int k = 0; k <= static_cast<int>(ProposalState::executed); ++k)
            known = known || f.string() == proposal_state_name(static_cast<ProposalState>(k));
          if (!known)
            f.fail(
                "unknown proposal state (pending, active, canceled, defeated, succeeded, queued, "
                "expired or executed)");
        }
      }
    }
    if (auto g = e.find("governance")) {
      g->only_keys({"admin", "pause_guardian", "sanctions_admin", "proposal_threshold", "voting_delay", "voting_period",
                    "quorum_votes", "timelock_delay"});
      for (const auto& [key, v] : g->value.items()) {
        const Node f{v, g->path + "/" + pointer_segment(key)};
        if (key == "admin" || key == "pause_guardian" || key == "sanctions_admin") f.string();
        else f.u256();
      }
    }
    if (auto accounts = e.find("accounts")) {
      if (!accounts->value.is_object()) accounts->fail("expected an object");
      for (const auto& [name, fields] : accounts->value.items()) {
        const Node a{fields, accounts->path + "/" + pointer_segment(name)};
        a.only_keys({"liquidity", "shortfall", "wallet", "markets", "votes", "delegate", "rewards_accrued"});
        if (auto accrued = a.find("rewards_accrued")) rewards_need_governance(*accrued);
        if (name.empty()) a.fail("an account name cannot be empty");
        if (name.front() == '@' && !state.find_account(name))
          a.fail("account names starting with '@' are reserved for roles");
        state.account_id(name);
        for (const char* key : {"liquidity", "shortfall", "votes", "rewards_accrued"})
          if (auto v = a.find(key)) v->u256();
        if (auto d = a.find("delegate")) d->string();
        if (auto wallet = a.find("wallet")) {
          if (!wallet->value.is_object()) wallet->fail("expected an object");
          for (const auto& [symbol, v] : wallet->value.items()) {
            const Node w{v, wallet->path + "/" + pointer_segment(symbol)};
            if (!state.asset_by_symbol(symbol)) w.fail("no such asset");
            w.u256();
          }
        }
        if (auto ms = a.find("markets")) {
          if (!ms->value.is_object()) ms->fail("expected an object");
          for (const auto& [symbol, v] : ms->value.items()) {
            const Node p{v, ms->path + "/" + pointer_segment(symbol)};
            if (!state.market_by_symbol(symbol) && !listed_later(symbol)) p.fail("no such market");
            p.only_keys({"tokens", "borrow_balance_stored"});
            for (const auto& [key, x] : v.items()) Node{x, p.path + "/" + pointer_segment(key)}.u256();
          }
        }
      }
    }
  }

  Node root_;
  std::uint64_t start_block_ = 0;
  std::size_t initial_markets_ = 0;
  std::vector<std::string> listed_;  // symbols list_market steps and actions will list, in file order
};

}  // namespace

Scenario parse(const json& document) { return Parser(document).run(); }

Scenario load(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw FormatError("", "cannot read the file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    throw FormatError("", std::string("not valid JSON: ") + e.what());
  }
  return parse(doc);
}

}  // namespace flux::scenario
