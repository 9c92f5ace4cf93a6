#include "scenario/scenario.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"

#include <fstream>
#include <set>
#include <sstream>

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
    return s;
  }

 private:
  void setup(State& state) {
    const Node config = root_.at("config");
    state.blocks_per_year = config.at("blocks_per_year").u256();
    if (state.blocks_per_year.is_zero()) config.at("blocks_per_year").fail("must be positive");
    state.risk.close_factor = config.at("close_factor").u256();
    state.risk.liquidation_incentive = config.at("liquidation_incentive").u256();
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
      MarketConfig c;
      c.symbol = m.at("symbol").string();
      if (state.market_by_symbol(c.symbol)) m.at("symbol").fail("duplicate market \"" + c.symbol + "\"");
      const auto asset = state.asset_by_symbol(m.at("underlying").string());
      if (!asset) m.at("underlying").fail("no such asset");
      c.asset = *asset;
      c.initial_exchange_rate = m.at("initial_exchange_rate").u256();
      if (c.initial_exchange_rate.is_zero()) m.at("initial_exchange_rate").fail("must be positive");
      c.reserve_factor = m.at("reserve_factor").u256();
      c.protocol_seize_share = m.at("protocol_seize_share").u256();
      c.collateral_factor = m.at("collateral_factor").u256();
      try {
        c.rate_model = make_rate_model(parse_rate_model(m.at("rate_model")), state.blocks_per_year);
      } catch (const Failure&) {
        m.at("rate_model").fail("invalid rate model parameters (a jump model needs a non-zero kink)");
      }
      std::string access = "open";
      if (auto a = m.find("access")) access = a->string();
      if (access == "open") c.access = Access::open;
      else if (access == "permissionless") c.access = Access::permissionless;
      else if (access == "permissioned") c.access = Access::permissioned;
      else m.at("access").fail("unknown access mode \"" + access + "\"");
      const auto group = m.find("kyc_group");
      if (group && !group->value.is_null()) c.kyc_group = group->u32();
      else if (c.access != Access::open) m.fail("a \"" + access + "\" market needs a kyc_group");
      if (state.markets.size() >= max_markets) m.fail("too many markets");
      state.add_market(std::move(c), start_block_);
    }
  }

  MarketId market(const State& state, const Node& n) {
    // An unknown market is not a format error: the engine answers market_not_listed.
    const std::string symbol = n.string();
    if (auto id = state.market_by_symbol(symbol)) return *id;
    return static_cast<MarketId>(max_markets);
  }
  AccountId account(State& state, const Node& n) {
    const std::string name = n.string();
    if (name.empty()) n.fail("an account name cannot be empty");
    if (name.front() == '@') n.fail("account names starting with '@' are reserved for roles");
    return state.account_id(name);
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
    if (auto e = n.find("expect")) {
      validate_expect(state, *e);
      s.expect = e->value;
    }
    s.request = request(state, n, s.op);
    return s;
  }

  std::optional<Request> request(State& st, const Node& n, const std::string& op) {
    const AccountId admin = st.roles.admin;
    auto fields = [&](std::initializer_list<const char*> keys) {
      std::vector<const char*> all{"op", "block", "expect", "note"};
      all.insert(all.end(), keys.begin(), keys.end());
      if (!n.value.is_object()) n.fail("a step is a JSON object");
      for (const auto& item : n.value.items()) {
        const std::string& key = item.key();
        if (std::find_if(all.begin(), all.end(), [&](const char* k) { return key == k; }) == all.end())
          throw FormatError(n.path + "/" + pointer_segment(key), "unknown field for op \"" + op + "\"");
      }
    };
    if (op == "check") return fields({}), std::nullopt;
    if (op == "faucet")
      return fields({"account", "asset", "amount"}),
             Faucet{admin, account(st, n.at("account")), asset(st, n.at("asset")), n.at("amount").u256()};
    if (op == "set_price")
      return fields({"market", "price"}), SetPrice{st.roles.oracle, market(st, n.at("market")), n.at("price").u256()};
    if (op == "set_price_cap")
      return fields({"market", "value"}), SetPriceCap{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_collateral_factor")
      return fields({"market", "value"}),
             SetCollateralFactor{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_reserve_factor")
      return fields({"market", "value"}), SetReserveFactor{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_protocol_seize_share")
      return fields({"market", "value"}),
             SetProtocolSeizeShare{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_rate_model")
      return fields({"market", "rate_model"}),
             SetRateModel{admin, market(st, n.at("market")), parse_rate_model(n.at("rate_model"))};
    if (op == "set_close_factor") return fields({"value"}), SetCloseFactor{admin, n.at("value").u256()};
    if (op == "set_liquidation_incentive")
      return fields({"value"}), SetLiquidationIncentive{admin, n.at("value").u256()};
    if (op == "set_borrow_cap")
      return fields({"market", "value"}), SetBorrowCap{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "set_supply_cap")
      return fields({"market", "value"}), SetSupplyCap{admin, market(st, n.at("market")), n.at("value").u256()};
    if (op == "pause" || op == "unpause") {
      fields({"market", "action"});
      const PauseAction action = pause_action(n.at("action"));
      // transfer and seize are protocol-wide: their market is ignored (and may be absent).
      const bool global = action == PauseAction::transfer || action == PauseAction::seize;
      const MarketId m = global && !n.find("market") ? MarketId{0} : market(st, n.at("market"));
      const bool pausing = op == "pause";
      return SetPaused{pausing ? st.roles.pause_guardian : admin, global ? MarketId{0} : m, action, pausing};
    }
    if (op == "kyc_grant" || op == "kyc_revoke")
      return fields({"account", "group"}),
             SetKyc{st.roles.compliance, account(st, n.at("account")), n.at("group").u32(), op == "kyc_grant"};
    if (op == "sanction" || op == "unsanction")
      return fields({"account"}), SetSanctioned{st.roles.compliance, account(st, n.at("account")), op == "sanction"};
    if (op == "enter_markets") {
      fields({"account", "markets"});
      EnterMarkets r{account(st, n.at("account")), {}};
      const Node list = n.at("markets");
      for (std::size_t i = 0; i < list.array().size(); ++i) r.markets.push_back(market(st, list.item(i)));
      return r;
    }
    if (op == "exit_market")
      return fields({"account", "market"}), ExitMarket{account(st, n.at("account")), market(st, n.at("market"))};
    if (op == "mint")
      return fields({"account", "market", "amount"}),
             Mint{account(st, n.at("account")), market(st, n.at("market")), n.at("amount").u256()};
    if (op == "redeem")
      return fields({"account", "market", "tokens"}),
             Redeem{account(st, n.at("account")), market(st, n.at("market")), n.at("tokens").u256()};
    if (op == "redeem_underlying")
      return fields({"account", "market", "amount"}),
             RedeemUnderlying{account(st, n.at("account")), market(st, n.at("market")), n.at("amount").u256()};
    if (op == "borrow")
      return fields({"account", "market", "amount"}),
             Borrow{account(st, n.at("account")), market(st, n.at("market")), n.at("amount").u256()};
    if (op == "repay") {
      fields({"account", "market", "amount", "borrower"});
      const AccountId payer = account(st, n.at("account"));
      const auto borrower = n.find("borrower");
      return Repay{payer, borrower ? account(st, *borrower) : payer, market(st, n.at("market")),
                   n.at("amount").amount_or_max()};
    }
    if (op == "transfer")
      return fields({"account", "to", "market", "tokens"}),
             Transfer{account(st, n.at("account")), account(st, n.at("to")), market(st, n.at("market")),
                      n.at("tokens").u256()};
    if (op == "liquidate")
      return fields({"account", "borrower", "market", "amount", "collateral_market"}),
             Liquidate{account(st, n.at("account")), account(st, n.at("borrower")), market(st, n.at("market")),
                       n.at("amount").amount_or_max(), market(st, n.at("collateral_market"))};
    if (op == "accrue") return fields({"market"}), Accrue{admin, market(st, n.at("market"))};
    if (op == "add_reserves")
      return fields({"market", "amount"}), AddReserves{admin, market(st, n.at("market")), n.at("amount").u256()};
    if (op == "reduce_reserves")
      return fields({"market", "amount"}), ReduceReserves{admin, market(st, n.at("market")), n.at("amount").u256()};
    n.at("op").fail("unknown op \"" + op + "\"");
  }

  void validate_expect(State& state, const Node& e) {
    e.only_keys({"ok", "error", "markets", "accounts"});
    if (auto ok = e.find("ok"); ok && !ok->value.is_boolean()) ok->fail("expected true or false");
    if (auto err = e.find("error")) {
      const auto named = error_from_name(err->string());
      if (!named || *named == Error::ok) err->fail("unknown error name \"" + err->string() + "\"");
    }
    if (auto markets = e.find("markets")) {
      if (!markets->value.is_object()) markets->fail("expected an object");
      for (const auto& [symbol, fields] : markets->value.items()) {
        const Node m{fields, markets->path + "/" + pointer_segment(symbol)};
        if (!state.market_by_symbol(symbol)) m.fail("no such market");
        m.only_keys({"cash", "total_borrows", "total_reserves", "total_supply", "borrow_index",
                     "exchange_rate_stored", "accrual_block", "borrow_rate_per_block", "supply_rate_per_block"});
        for (const auto& [key, v] : fields.items()) Node{v, m.path + "/" + pointer_segment(key)}.u256();
      }
    }
    if (auto accounts = e.find("accounts")) {
      if (!accounts->value.is_object()) accounts->fail("expected an object");
      for (const auto& [name, fields] : accounts->value.items()) {
        const Node a{fields, accounts->path + "/" + pointer_segment(name)};
        a.only_keys({"liquidity", "shortfall", "wallet", "markets"});
        if (name.empty()) a.fail("an account name cannot be empty");
        if (name.front() == '@' && !state.find_account(name)) a.fail("account names starting with '@' are reserved for roles");
        state.account_id(name);
        for (const char* key : {"liquidity", "shortfall"})
          if (auto v = a.find(key)) v->u256();
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
            if (!state.market_by_symbol(symbol)) p.fail("no such market");
            p.only_keys({"tokens", "borrow_balance_stored"});
            for (const auto& [key, x] : v.items()) Node{x, p.path + "/" + pointer_segment(key)}.u256();
          }
        }
      }
    }
  }

  Node root_;
  std::uint64_t start_block_ = 0;
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
