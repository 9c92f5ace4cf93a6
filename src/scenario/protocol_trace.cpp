#include "scenario/protocol_trace.hpp"

#include "engine/engine.hpp"
#include "engine/failure.hpp"
#include "engine/flux_protocol/rate_curve.hpp"
#include "engine/flux_protocol/views.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

namespace flux::scenario {
namespace {

using json = nlohmann::json;
namespace fp = flux::flux_protocol;

[[noreturn]] void malformed(const std::string& what) { throw std::runtime_error("malformed trace: " + what); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

U256 number(const json& v) {
  if (!v.is_string()) malformed("expected a decimal string, got " + v.dump());
  const auto parsed = parse_u256(v.get<std::string>());
  if (!parsed) malformed("not a 256-bit decimal: " + v.dump());
  return *parsed;
}

// Reasons the reference reverts with, and the engine's typed errors for them. Where
// one reason covers checks the engine tells apart, every one of them is accepted
// (the ERC20's message is the same for a short wallet and a short market).
const std::map<std::string, std::vector<Error>>& reason_table() {
  using E = Error;
  static const std::map<std::string, std::vector<Error>> table{
      {"ERC20: transfer amount exceeds balance", {E::insufficient_balance, E::insufficient_cash}},
      {"BORROW_LIMIT_OUT", {E::insufficient_liquidity}},
      {"TOKEN_INSUFFICIENT_BALANCE", {E::insufficient_balance}},
      {"LIQUIDATE_BORROWER_IS_FINAL", {E::insufficient_shortfall}},
      {"REDEEM_INSUFFICIENT_COLLATERAL", {E::insufficient_liquidity}},
      {"SUPPLY_IS_ZERO", {E::invalid_amount}},
      {"BORROWER_IS_CERDITLOAN", {E::credit_borrower}},
      {"NOT_FOUND_CERDITLOAN", {E::not_credit_borrower}},
      {"YOU_HAVE_BORROW", {E::nonzero_borrow_balance}},
      {"BORROWER_IS_FINAL", {E::insufficient_shortfall}},
      {"REPAY_IS_ZERO", {E::nothing_owed}},
      {"NOTHING_MODIFIED", {E::nothing_changed}},
      {"YOUR_HAVE_SUPPLY", {E::nonzero_supply_balance}},
      {"BORROWS_TOO_SMALL", {E::below_minimum_borrow}},
      {"Ownable: caller is not the owner", {E::unauthorized}},
      {"Math: subtraction overflow", {E::math_error}},
      {"RISK_DISABLE_MINT", {E::paused}},
      {"EXIST_CERDITLOAN", {E::nonzero_borrow_balance}},
      {"TAX_IS_ZERO", {E::insufficient_reserves}},
      {"ORACLE_INVALID_PRICE", {E::price_error}},
      {"MARKET_NOT_OPENED", {E::market_closed, E::market_not_listed}},
      {"FTOKEN: transfer amount exceeds allowance", {E::insufficient_allowance}},
      {"LIQUIDATE_DISABLE_YOURSELF", {E::liquidate_self}},
      {"INVLIAD_MARKET_STATUS", {E::invalid_parameter}},
      {"address is empty", {E::unknown_account}},
      {"RISK_BORROW_DISABLED", {E::paused}},
      {"ORACLE_INVALID_FEEDER", {E::unauthorized}},
      {"MARKET_CASH_INSUFFICIENT", {E::insufficient_cash}},
      {"INVLIAD_COLLATERAL_RATE", {E::invalid_parameter}},
      {"DISABLE_LIQUIDATE_GUARD", {E::guard_position}},
      {"RISK_LIQUIDATE_DISABLED", {E::paused}},
      {"BORROWER_IS_EMPTY", {E::unknown_account}},
      {"MARKET_NOT_FOUND", {E::market_not_listed, E::market_closed}},
      {"POOL_BORROW_EXCEEDED", {E::borrow_cap_reached}},
      {"REDEEM_INSUFFICIENT_TOO_LOW", {E::collateral_ratio_too_low}},
      {"RISK_DISABLE_ALL", {E::paused}},
      {"RECEIVER_IS_EMPTY", {E::no_reserves_receiver}},
      {"REVERT(no data)", {E::math_error}},
      {"EVM:invalid opcode", {E::math_error}},
      {"DISABLE_KILL_GUARD", {E::guard_position}},
      {"MARKET_ZERO_PRICE", {E::price_error}},
  };
  return table;
}

// A call that cannot become a request (an address the engine has no account for):
// the error the node's decoder would give it.
struct Untranslatable {
  Error error;
};

// The deployment as the trace's header describes it, and the names of its parts.
class Deployment {
 public:
  explicit Deployment(const json& header) {
    if (!header.value("header", false)) malformed("line 1 is not the header");
    const json& addresses = header.at("addresses");
    for (const auto& [name, address] : addresses.items()) by_address_[lower(address.get<std::string>())] = name;
    // Tokens and markets: the random traces list them; the others have USDT and WBTC.
    std::vector<std::pair<std::string, unsigned>> tokens{{"USDT", 18}, {"WBTC", 8}};
    std::vector<std::string> markets{"fUSDT", "fWBTC"};
    if (header.contains("markets")) {
      tokens.clear();
      markets.clear();
      for (const json& m : header.at("markets")) {
        const std::string underlying = m.at("underlying").get<std::string>();
        tokens.emplace_back(underlying, header.at("tokens").at(underlying).at("decimals").get<unsigned>());
        markets.push_back(m.at("name").get<std::string>());
      }
    }
    const json& config = header.at("config");
    state.protocol = Protocol::flux_protocol;
    state.parameter_rules = ParameterRules::reference;
    state.blocks_per_year = U256(2'102'400);
    state.time = std::stoull(header.at("deployedAt").get<std::string>());
    deployed_at_ = state.time;
    block_ = header.contains("deployedBlock") ? std::stoull(header.at("deployedBlock").get<std::string>()) : 1000;
    state.block = block_;
    for (const auto& [symbol, decimals] : tokens) {
      asset_[symbol] = state.add_asset(symbol, static_cast<std::uint8_t>(decimals));
    }
    const std::vector<std::string> contracts{"app", "oracle", "irm"};
    for (const auto& [address, name] : by_address_) {
      (void)address;
      if (std::find(contracts.begin(), contracts.end(), name) != contracts.end()) continue;
      if (asset_.count(name) != 0 || std::find(markets.begin(), markets.end(), name) != markets.end()) continue;
      account_names_.push_back(name);
    }
    std::sort(account_names_.begin(), account_names_.end());
    for (const std::string& name : account_names_) state.account_id(name);
    const AccountId admin = account("admin");
    state.roles.admin = admin;
    state.roles.oracle = admin;
    state.roles.pause_guardian = admin;
    state.roles.compliance = admin;
    fp::Settings& s = state.protocol_settings;
    s.tax_rate = number(config.at("taxRate"));
    s.liquidation_fee_rate = number(config.at("liquidationFeeRate"));
    s.team = account_at(config.at("teamIncome").get<std::string>());
    s.guard = account("guard");
    s.fixes = fp::reference_rules();
    for (const std::string& name : markets) {
      const std::string underlying = name.substr(1);
      MarketConfig c;
      c.symbol = name;
      c.asset = asset_.at(underlying);
      c.initial_exchange_rate = mantissa_one();
      const MarketId id = state.add_market(std::move(c), state.time);
      state.markets[id].pool.collateral_ratio = number(config.at("collRatio_" + name));
      market_[name] = id;
    }
  }

  State state;

  AccountId account(const std::string& name) const {
    const auto id = state.find_account(name);
    if (!id) malformed("unknown account " + name);
    return *id;
  }
  // The account at an address, created on first use for one the header does not name
  // (the reference's calls may send to any address). Untranslatable for the zero
  // address, which no account has, and for a market, which is no account here.
  AccountId account_at(const std::string& address) {
    const std::string key = lower(address);
    if (key.find_first_not_of("0x") == std::string::npos) throw Untranslatable{Error::unknown_account};
    const auto it = by_address_.find(key);
    const std::string name = it == by_address_.end() ? key : it->second;
    if (market_.count(name) != 0) throw Untranslatable{Error::unknown_account};
    return state.account_id(name);
  }
  std::optional<MarketId> market_named(const std::string& name) const {
    const auto it = market_.find(name);
    return it == market_.end() ? std::nullopt : std::optional<MarketId>(it->second);
  }
  std::optional<MarketId> market_at(const std::string& address) const {
    const auto it = by_address_.find(lower(address));
    return it == by_address_.end() ? std::nullopt : market_named(it->second);
  }
  std::optional<AssetId> asset_named(const std::string& name) const {
    const auto it = asset_.find(name);
    return it == asset_.end() ? std::nullopt : std::optional<AssetId>(it->second);
  }
  std::optional<AssetId> asset_at(const std::string& address) const {
    const auto it = by_address_.find(lower(address));
    return it == by_address_.end() ? std::nullopt : asset_named(it->second);
  }
  std::optional<MarketId> market_of_asset(AssetId asset) const {
    for (const auto& [name, id] : market_)
      if (state.markets[id].config.asset == asset) return id;
    return std::nullopt;
  }
  void set_deployment_prices(const json& prices) {
    for (const auto& [symbol, price] : prices.items()) {
      const auto asset = asset_named(symbol);
      if (!asset) malformed("price of " + symbol);
      if (const auto market = market_of_asset(*asset))
        state.markets[*market].config.price = stored_price(*asset, number(price));
    }
  }
  const std::vector<std::string>& account_names() const { return account_names_; }
  const std::map<std::string, MarketId>& markets() const { return market_; }
  const std::map<std::string, AssetId>& assets() const { return asset_; }

  // The Compound unit the market keeps a price in, from USD per whole token.
  U256 stored_price(AssetId asset, const U256& whole_token_price) const {
    const unsigned decimals = state.assets[asset].decimals;
    return decimals <= 18 ? mul(whole_token_price, pow10(18 - decimals)) : whole_token_price / pow10(decimals - 18);
  }

 private:
  std::map<std::string, std::string> by_address_;  // lower-case address -> name
  std::map<std::string, AssetId> asset_;
  std::map<std::string, MarketId> market_;
  std::vector<std::string> account_names_;
  std::uint64_t deployed_at_ = 0;
  std::uint64_t block_ = 0;
};

// The requests a call becomes (several for the reference's batch setBorrowLimit; none
// for what the engine does not model: allowances of underlying tokens).
// One call's arguments, read with the call named in errors.
struct Call {
  Deployment& d;
  const std::string& name;
  const std::string& function;
  const json& args;
  AccountId actor;

  const json& arg(std::size_t i) const {
    if (i >= args.size()) malformed(name + " needs argument " + std::to_string(i));
    return args[i];
  }
  U256 amount(std::size_t i) const { return number(arg(i)); }
  AccountId account(std::size_t i) const { return d.account_at(arg(i).get<std::string>()); }
  // A market argument; a contract that is none is what the reference reverts for.
  MarketId market(std::size_t i, Error otherwise = Error::market_not_listed) const {
    const auto m = d.market_at(arg(i).get<std::string>());
    if (!m) throw Untranslatable{otherwise};
    return *m;
  }
  [[noreturn]] void unknown() const { malformed("call " + name); }
};

// An underlying token (a TokenMock): its faucet is open to anyone; allowances toward
// the markets are not modelled (a market takes what the payer holds).
std::vector<Request> token_call(const Call& c, AssetId asset) {
  if (c.function == "mint(address,uint256)") return {Faucet{c.d.account("admin"), c.account(0), asset, c.amount(1)}};
  if (c.function == "approve") return {};
  if (c.function == "transfer") {
    if (const auto market = c.d.market_at(c.arg(0).get<std::string>())) return {Donate{c.actor, *market, c.amount(1)}};
    return {TransferAsset{c.actor, c.account(0), asset, c.amount(1)}};
  }
  c.unknown();
}

std::vector<Request> market_call(const Call& c, MarketId market) {
  const std::string& f = c.function;
  const AccountId actor = c.actor;
  if (f == "mint") return {Mint{actor, market, c.amount(0)}};
  if (f == "depositFor") return {SupplyFor{actor, c.account(0), market, c.amount(1)}};
  if (f == "redeem") return {Withdraw{actor, actor, market, c.amount(0)}};
  if (f == "withdraw") return {Withdraw{actor, c.account(0), market, c.amount(1)}};
  if (f == "borrow") return {Borrow{actor, market, c.amount(0)}};
  if (f == "repay") {  // 0: the whole debt
    const U256 amount = c.amount(0);
    return {Repay{actor, actor, market, amount.is_zero() ? u256_max() : amount}};
  }
  if (f == "transfer") return {Transfer{actor, c.account(0), market, c.amount(1)}};
  if (f == "approve") return {Approve{actor, c.account(0), market, c.amount(1)}};
  if (f == "transferFrom") return {TransferFrom{actor, c.account(0), c.account(1), market, c.amount(2)}};
  if (f == "calcCompoundInterest") return {Accrue{actor, market}};
  if (f == "withdrawTax") return {WithdrawReserves{actor, market}};
  c.unknown();
}

std::vector<Request> guard_call(const Call& c) {
  if (c.function == "liquidate") return {LiquidatePosition{c.actor, c.account(0)}};
  if (c.function == "margincall") return {MarginCall{c.actor, c.account(0)}};
  if (c.function == "tryToRepay") return {GuardRepay{c.actor, c.market(0)}};
  if (c.function == "withdraw") {
    const auto asset = c.d.asset_at(c.arg(0).get<std::string>());
    if (!asset) throw Untranslatable{Error::unknown_asset};
    return {GuardWithdraw{c.actor, *asset, c.amount(1)}};
  }
  c.unknown();
}

std::vector<Request> oracle_call(const Call& c) {
  if (c.function != "setPrice") c.unknown();
  const auto asset = c.d.asset_at(c.arg(0).get<std::string>());
  if (!asset) throw Untranslatable{Error::unknown_asset};
  const auto market = c.d.market_of_asset(*asset);
  if (!market) throw Untranslatable{Error::market_not_listed};
  return {SetPrice{c.actor, *market, c.d.stored_price(*asset, c.amount(1))}};
}

// setConfig's keys: the per-market and default tax rates, the liquidation fee, and the
// team account (an address as a number; 0: none).
std::vector<Request> config_call(const Call& c) {
  const std::string key = c.arg(0).get<std::string>();
  const U256 value = c.amount(1);
  if (key.rfind("TAX_RATE_", 0) == 0) {
    const auto market = c.d.market_named(key.substr(9));
    if (!market) malformed("config key " + key);
    return {SetTaxRate{c.actor, *market, value}};
  }
  if (key == "MKT_BORROW_INTEREST_TAX_RATE") return {SetDefaultTaxRate{c.actor, value}};
  if (key == "MKT_LIQUIDATION_FEE_RATE") return {SetLiquidationFee{c.actor, value}};
  if (key != "FLUX_TEAM_INCOME_ADDRESS") malformed("config key " + key);
  if (value.is_zero()) return {ClearTeamAccount{c.actor}};
  // address(uint): the low 160 bits.
  std::string hex;
  U256 v = value;
  for (int digit = 0; digit < 40; ++digit, v >>= 4) hex.insert(hex.begin(), "0123456789abcdef"[low_u64(v) & 15U]);
  return {SetTeamAccount{c.actor, c.d.account_at("0x" + hex)}};
}

std::vector<Request> app_call(const Call& c) {
  const std::string& f = c.function;
  if (f == "setConfig") return config_call(c);
  if (f == "resetCollRatio") return {SetCollateralRatio{c.actor, c.market(0, Error::market_closed), c.amount(1)}};
  if (f == "setMarketStatus") {
    const auto status = c.arg(1).get<int>();
    if (status != 1 && status != 2) throw Untranslatable{Error::invalid_parameter};
    return {SetMarketStatus{c.actor, c.market(0), status == 2}};
  }
  const std::map<std::string, std::uint32_t> switches{
      {"changeSupplyStatus", 0}, {"changeBorrowStatus", 1}, {"changeLiquidateStatus", 2}, {"changeAllActionStatus", 3}};
  if (const auto it = switches.find(f); it != switches.end())
    return {SetActionDisabled{c.actor, it->second, c.arg(0).get<bool>()}};
  if (f == "setBorrowLimit") {  // one cap per market, all in one transaction
    const json& markets = c.arg(0);
    const json& limits = c.arg(1);
    if (markets.size() != limits.size()) throw Untranslatable{Error::invalid_parameter};
    std::vector<Request> out;
    for (std::size_t i = 0; i < markets.size(); ++i) {
      const auto market = c.d.market_at(markets[i].get<std::string>());
      if (!market) throw Untranslatable{Error::market_not_listed};
      out.emplace_back(SetBorrowCap{c.actor, *market, number(limits[i])});
    }
    return out;
  }
  if (f == "resetCreditLoan") return {SetCreditBorrower{c.actor, c.account(0), c.arg(1).get<bool>()}};
  if (f == "resetCreditLoanLimit") return {SetCreditLimit{c.actor, c.account(1), c.market(0), c.amount(2)}};
  if (f == "refreshMarkeFluxSeed") return {AccrueAll{c.actor}};
  c.unknown();
}

// The requests a call becomes (several for the reference's batch setBorrowLimit; none
// for what the engine does not model). Untranslatable for an address the engine has
// no account for (the zero address, a contract), as the node's decoder would refuse it.
std::vector<Request> translate(Deployment& d, const std::string& name, const json& args, AccountId actor) {
  const auto dot = name.find('.');
  if (dot == std::string::npos) malformed("call " + name);
  const std::string contract = name.substr(0, dot);
  const std::string function = name.substr(dot + 1);
  const Call c{d, name, function, args, actor};
  if (const auto asset = d.asset_named(contract)) return token_call(c, *asset);
  if (const auto market = d.market_named(contract)) return market_call(c, *market);
  if (contract == "guard") return guard_call(c);
  if (contract == "oracle") return oracle_call(c);
  if (contract == "app") return app_call(c);
  c.unknown();
}

// Compares the engine's state with a step's recorded one.
class StateComparer {
 public:
  StateComparer(const Deployment& d, std::size_t step, const std::string& call, std::vector<TraceMismatch>& out,
                std::size_t& compared)
      : d_(d), step_(step), call_(call), out_(out), compared_(compared) {}

  void compare(const json& recorded, std::uint64_t time) {
    compare_prices(recorded.at("prices"));
    for (const auto& [name, fields] : recorded.at("markets").items()) compare_market(name, fields, time);
    for (const auto& [name, fields] : recorded.at("accounts").items()) compare_account(name, fields);
  }

  void compare_prices(const json& prices) {
    const State& s = d_.state;
    for (const auto& [name, value] : prices.items()) {
      const auto asset = d_.asset_named(name);
      if (!asset) malformed("price of " + name);
      const auto market = d_.market_of_asset(*asset);
      field("prices." + name, value, [&] { return fp::whole_token_price(s, s.markets[*market]); });
    }
  }

  void compare_market(const std::string& name, const json& fields, std::uint64_t time) {
    const State& s = d_.state;
    const auto found = d_.market_named(name);
    if (!found) malformed("market " + name);
    const MarketId id = *found;
    const Market& m = s.markets[id];
    const std::string at = "markets." + name + ".";
    field(at + "cash", fields.at("cash"), [&] { return m.book.cash; });
    field(at + "totalBorrows", fields.at("totalBorrows"), [&] { return m.book.total_borrows; });
    field(at + "totalSupplyFTokens", fields.at("totalSupplyFTokens"), [&] { return m.book.total_supply; });
    field(at + "taxBalance", fields.at("taxBalance"), [&] { return m.book.total_reserves; });
    field(at + "exchangeRate", fields.at("exchangeRate"), [&] { return fp::pool_exchange_rate(s, id); });
    field(at + "interestIndex", fields.at("interestIndex"), [&] { return m.book.borrow_index; });
    field(at + "lastAccrueInterest", fields.at("lastAccrueInterest"), [&] { return U256(m.book.accrual_block); });
    const U256 year(fp::seconds_per_year);
    field(at + "borrowRatePerYear", fields.at("borrowRatePerYear"),
          [&] { return mul(fp::pool_borrow_rate_per_second(s, id, time), year); });
    field(at + "supplyRatePerYear", fields.at("supplyRatePerYear"),
          [&] { return mul(fp::pool_supply_rate_per_second(s, id, time), year); });
    // getAPY returns the utilization with the two rates, so it fails when they do.
    field(at + "utilization", fields.at("utilization"), [&] {
      fp::pool_borrow_rate_per_second(s, id, time);
      return fp::pool_utilization(s, id);
    });
    field(at + "borrowRatePerSecond", fields.at("borrowRatePerSecond"),
          [&] { return fp::pool_borrow_rate_per_second(s, id, time); });
    field(at + "growth", fields.at("growth"), [&] { return fp::pool_growth(s, id, time); });
    field(at + "taxRate", fields.at("taxRate"), [&] { return fp::pool_tax_rate(s, id); });
  }

  void compare_account(const std::string& name, const json& fields) {
    const State& s = d_.state;
    const AccountId id = d_.account(name);
    const Account& a = s.accounts[id];
    const std::string at = "accounts." + name + ".";
    for (const auto& entry : d_.assets()) {
      const AssetId asset = entry.second;
      if (fields.contains(entry.first))
        field(at + entry.first, fields.at(entry.first), [&] { return a.wallet_balance(asset); });
    }
    for (const auto& entry : d_.markets()) {
      const std::string& market_name = entry.first;
      const MarketId market = entry.second;
      const std::string underlying = market_name.substr(1);
      if (fields.contains(market_name))
        field(at + market_name, fields.at(market_name), [&] { return fp::ftokens_of(a, market); });
      if (fields.contains("borrow" + underlying))
        field(at + "borrow" + underlying, fields.at("borrow" + underlying),
              [&] { return fp::debt_of(a, market, s.markets[market]); });
    }
    if (fields.contains("supplyValue")) {
      field(at + "supplyValue", fields.at("supplyValue"), [&] { return fp::account_snapshot(s, id).supply_value; });
      field(at + "borrowValue", fields.at("borrowValue"), [&] { return fp::account_snapshot(s, id).borrow_value; });
      field(at + "borrowLimit", fields.at("borrowLimit"), [&] { return fp::account_snapshot(s, id).borrow_limit; });
    }
    field(at + "joinedMarkets", fields.at("joinedMarkets"), [&] { return U256(s.protocol_account(id).joined.size()); });
    if (fields.contains("liquidateAllowed")) {
      const json& expected = fields.at("liquidateAllowed");
      ++compared_;
      std::string actual;
      try {
        actual = fp::liquidatable(s, id) ? "true" : "false";
      } catch (const Failure& f) {
        actual = "REVERT " + std::string(error_name(f.error));
      }
      const bool same = expected.is_boolean() ? actual == (expected.get<bool>() ? "true" : "false")
                                              : reverts_as(expected.get<std::string>(), actual);
      if (!same) out_.push_back({step_, call_, at + "liquidateAllowed", expected.dump(), actual});
    }
    if (fields.contains("borrowLimitUSDT"))
      if (const auto usdt = d_.market_named("fUSDT"))
        field(at + "borrowLimitUSDT", fields.at("borrowLimitUSDT"), [&] { return fp::borrow_headroom(s, id, *usdt); });
    if (fields.contains("withdrawLimitWBTC"))
      if (const auto wbtc = d_.market_named("fWBTC"))
        field(at + "withdrawLimitWBTC", fields.at("withdrawLimitWBTC"),
              [&] { return fp::withdraw_headroom(s, id, *wbtc); });
  }

 private:
  // "REVERT <reason>" recorded; `actual` is "REVERT <engine error name>".
  static bool reverts_as(const std::string& expected, const std::string& actual) {
    if (expected.rfind("REVERT ", 0) != 0 || actual.rfind("REVERT ", 0) != 0) return false;
    const auto errors = errors_for_reason(expected.substr(7));
    const auto error = error_from_name(actual.substr(7));
    return error && std::find(errors.begin(), errors.end(), *error) != errors.end();
  }

  void field(const std::string& name, const json& expected, const std::function<U256()>& read) {
    ++compared_;
    std::string actual;
    try {
      actual = to_string(read());
    } catch (const Failure& f) {
      actual = "REVERT " + std::string(error_name(f.error));
    }
    const std::string want = expected.is_string() ? expected.get<std::string>() : expected.dump();
    if (want == actual || reverts_as(want, actual)) return;
    out_.push_back({step_, call_, name, want, actual});
  }

  const Deployment& d_;
  std::size_t step_;
  const std::string& call_;
  std::vector<TraceMismatch>& out_;
  std::size_t& compared_;
};

// Calls only the owner (or, for prices, a feeder: the admin) may make.
bool owner_only(const std::string& call) {
  return (call.rfind("app.", 0) == 0 && call != "app.refreshMarkeFluxSeed") || call == "guard.withdraw" ||
         call == "oracle.setPrice";
}

}  // namespace

std::vector<Error> errors_for_reason(const std::string& reason) {
  const auto& table = reason_table();
  const auto it = table.find(reason);
  return it == table.end() ? std::vector<Error>{} : it->second;
}

TraceResult replay_protocol_trace(std::istream& in, const TraceObserver& observer) {
  TraceResult result;
  std::string line;
  if (!std::getline(in, line)) malformed("empty");
  json header;
  try {
    header = json::parse(line);
  } catch (const json::exception& e) {
    malformed(std::string("header: ") + e.what());
  }
  Deployment d(header);
  std::uint64_t block = d.state.block;
  std::uint64_t last_time = d.state.time;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json step;
    try {
      step = json::parse(line);
    } catch (const json::exception& e) {
      malformed("step " + std::to_string(result.steps) + ": " + e.what());
    }
    const std::string call = step.at("call").get<std::string>();
    const std::size_t index = step.at("step").get<std::size_t>();
    // The deployment set the prices before step 0 (not a step): step 0 records them.
    if (result.steps == 0) d.set_deployment_prices(step.at("state").at("prices"));
    const std::uint64_t time = std::stoull(step.at("t").get<std::string>());
    if (time > last_time) ++block;
    last_time = std::max(last_time, time);
    const bool ok = step.at("ok").get<bool>();
    ++result.steps;

    if (call != "time") {
      const AccountId actor = d.account(step.at("actor").get<std::string>());
      Error error = Error::ok;
      std::vector<Request> requests;
      try {
        requests = translate(d, call, step.at("args"), actor);
      } catch (const Untranslatable& u) {
        // The contracts check their owner (or feeder) before reading the arguments.
        error = owner_only(call) && actor != d.account("admin") ? Error::unauthorized : u.error;
      }
      // A batch (setBorrowLimit) is one transaction: all of it or nothing.
      const State before = requests.size() > 1 ? d.state : State{};
      for (const Request& r : requests) {
        const Outcome outcome = apply(d.state, block, time, r);
        if (observer) observer(outcome, d.state);
        if (!outcome.ok()) {
          error = outcome.error;
          if (requests.size() > 1) d.state = before;
          break;
        }
      }
      if (ok != (error == Error::ok)) {
        result.mismatches.push_back({index, call, "ok", ok ? "true" : "false " + step.value("error", std::string()),
                                     error == Error::ok ? "true" : "false " + std::string(error_name(error))});
        break;
      }
      if (!ok) {
        ++result.reverts;
        const std::string reason = step.at("error").get<std::string>();
        const auto accepted = errors_for_reason(reason);
        if (std::find(accepted.begin(), accepted.end(), error) == accepted.end()) {
          result.mismatches.push_back({index, call, "error", reason, std::string(error_name(error))});
          break;
        }
      }
    }
    StateComparer(d, index, call, result.mismatches, result.fields_compared).compare(step.at("state"), time);
    if (!result.mismatches.empty()) break;
  }
  result.final_state = d.state;
  return result;
}

}  // namespace flux::scenario
