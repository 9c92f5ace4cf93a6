#include "engine/proposal_checks.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/risk.hpp"
#include "engine/state.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

namespace flux {
namespace {

template <class T, class Variant>
struct is_alternative_of;
template <class T, class... Ts>
struct is_alternative_of<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {};

// What the earlier actions of the proposal have set, as far as the later checks read it.
struct Preview {
  const State& state;
  std::vector<std::string> symbols;      // every market's, listed now or by an earlier action
  std::vector<U256> collateral_factors;  // by market id, the same markets
  U256 liquidation_incentive;

  explicit Preview(const State& s) : state(s), liquidation_incentive(s.risk.liquidation_incentive) {
    for (const Market& m : s.markets) {
      symbols.push_back(m.config.symbol);
      collateral_factors.push_back(m.config.collateral_factor);
    }
  }

  void listed(MarketId m) const { require(m < collateral_factors.size(), Error::market_not_listed); }
  static void at_most_one(const U256& value) { require(value <= mantissa_one(), Error::invalid_parameter); }
  // The two guards of Flux's parameter rules (parameter_rules.hpp); under the
  // reference's, only the conversion's own checks.
  bool guarded() const { return guards_parameters(state.parameter_rules); }
  void rate_model_usable(const RateModelParams& params) const {
    const RateModel model = make_rate_model(params, state.blocks_per_year);  // invalid_parameter
    require(!guarded() || borrow_rate_at_full_utilization(model) <= max_borrow_rate_per_block(), Error::rate_too_high);
  }
  void margin_left(const U256& collateral_factor, const U256& incentive) const {
    require(!guarded() || leaves_liquidation_margin(collateral_factor, incentive), Error::liquidation_margin_too_small);
  }

  // Each mirrors its operation's checks (named in the comment), in their order, less
  // those other transactions can change before the execution.
  // Nothing to check for set_close_factor, set_pause_guardian, set_oracle and the role
  // grants. (const, like the other const overloads: a non-const template would be
  // chosen over them for a non-const Preview.)
  template <class A>
  void operator()(const A&) const {}

  // listing.cpp: capacity -> symbol -> asset -> not FLUX -> parameters -> rate model
  // -> price of a collateral -> margin -> locked holder -> the seed mints fTokens.
  void operator()(const ListMarket& r) {
    const MarketConfig& c = r.config;
    require(collateral_factors.size() < max_markets, Error::limit_reached);
    require(!c.symbol.empty() && std::find(symbols.begin(), symbols.end(), c.symbol) == symbols.end(),
            Error::invalid_parameter);
    require(c.asset < state.assets.size(), Error::unknown_asset);
    require(!state.governance.enabled() || c.asset != state.governance.token, Error::invalid_parameter);
    require(c.collateral_factor <= max_collateral_factor() && c.reserve_factor <= mantissa_one() &&
                c.protocol_seize_share <= mantissa_one() && !c.initial_exchange_rate.is_zero(),
            Error::invalid_parameter);
    rate_model_usable(r.rate_model);
    require(c.collateral_factor.is_zero() || !effective_price(c).is_zero(), Error::price_error);
    margin_left(c.collateral_factor, liquidation_incentive);
    require(state.roles.locked_supply_holder < state.accounts.size(), Error::invalid_parameter);
    require(!div_exp(r.seed_amount, c.initial_exchange_rate).is_zero(), Error::invalid_amount);
    symbols.push_back(c.symbol);
    collateral_factors.push_back(c.collateral_factor);
  }
  // governance.cpp: listed -> at most 0.98 -> (a price: the oracle's) -> margin.
  void operator()(const SetCollateralFactor& r) {
    listed(r.market);
    require(r.value <= max_collateral_factor(), Error::invalid_parameter);
    margin_left(r.value, liquidation_incentive);
    collateral_factors[r.market] = r.value;
  }
  // (accrual: a frozen market may be fixed first) -> at most 1.
  void operator()(const SetReserveFactor& r) {
    listed(r.market);
    at_most_one(r.value);
  }
  void operator()(const SetProtocolSeizeShare& r) {
    listed(r.market);
    at_most_one(r.value);
  }
  // (accrual, at most at the maximum rate) -> converts -> under the maximum at 100%.
  void operator()(const SetRateModel& r) {
    listed(r.market);
    rate_model_usable(r.params);
  }
  void operator()(const SetLiquidationIncentive& r) {
    for (const U256& factor : collateral_factors) margin_left(factor, r.value);
    liquidation_incentive = r.value;
  }
  void operator()(const SetBorrowCap& r) const { listed(r.market); }
  void operator()(const SetSupplyCap& r) const { listed(r.market); }
  void operator()(const SetPriceCap& r) const { listed(r.market); }
  void operator()(const SetPaused& r) const {
    if (r.action == PauseAction::mint || r.action == PauseAction::borrow) listed(r.market);
  }
  void operator()(const SetMarketAccess& r) const {
    listed(r.market);
    require(static_cast<std::uint8_t>(r.access) <= static_cast<std::uint8_t>(Access::permissioned),
            Error::invalid_parameter);
    require(r.access != Access::open || r.kyc_group == 0, Error::invalid_parameter);
  }
  void operator()(const ReduceReservesTo& r) const { listed(r.market); }
  // rewards.cpp: governance (rewards_disabled) -> listed.
  void operator()(const SetRewardSpeeds& r) const {
    require(state.governance.enabled(), Error::rewards_disabled);
    listed(r.market);
  }
  void operator()(const FundRewards& r) const {
    require(state.governance.enabled(), Error::rewards_disabled);
    require(!r.amount.is_zero(), Error::invalid_amount);
  }
  // governance_parameter.cpp: governance -> bounds, by the supply now.
  void operator()(const SetGovernanceParameter& r) const {
    require(state.governance.enabled(), Error::governance_disabled);
    require(check_governance_parameter(state, r.parameter, r.value) == Error::ok, Error::invalid_parameter);
  }
  // schedule_upgrade.cpp: rule versions only rise and blocks only pass, so a version
  // not above the current one (other than a cancel, whose schedule may appear
  // meanwhile) or an activation not after this block can only fail.
  void operator()(const ScheduleUpgrade& r) const {
    if (r.version == state.rule_version) return;
    require(r.version > state.rule_version, Error::invalid_parameter);
    require(r.activation_block > state.block, Error::invalid_parameter);
  }
};

}  // namespace

ActionCheck check_proposal_actions(const State& state, const std::vector<GovernanceAction>& actions) {
  Preview preview(state);
  for (std::size_t i = 0; i < actions.size(); ++i) {
    try {
      std::visit(preview, actions[i]);
    } catch (const Failure& failure) {
      return ActionCheck{i, failure.error};
    }
  }
  return {};
}

ActionCheck check_request_actions(const State& state, const Request& request) {
  return std::visit(
      [&state](const auto& r) -> ActionCheck {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, Propose>) {
          return check_proposal_actions(state, r.actions);
        } else if constexpr (is_alternative_of<R, GovernanceAction>::value && !std::is_same_v<R, FundRewards>) {
          return check_proposal_actions(state, {GovernanceAction{r}});
        } else {
          return {};
        }
      },
      request);
}

}  // namespace flux
