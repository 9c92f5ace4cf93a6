// Admin and pause-guardian operations on markets and risk settings. The admin role is
// governance (once installed, the timelock: governor.hpp); each setter checks its role
// first (authorization.hpp), then the reference's checks.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/context.hpp"
#include "engine/risk.hpp"

namespace flux {
namespace {

MarketConfig& config_of(Context& ctx, MarketId id) {
  ctx.market(id);
  return ctx.write_config(id);
}

void changed(Context& ctx, MarketId market, const U256& value) {
  ctx.emit(ParameterChanged{.market = market, .value = value});
}

}  // namespace

// listed -> value <= 0.98e18 -> a non-zero factor needs a price -> value x the
// liquidation incentive leaves the liquidation margin (risk.hpp). No accrual.
void run(Context& ctx, const SetCollateralFactor& r) {
  const MarketConfig& config = ctx.market(r.market).config;
  require(r.value <= max_collateral_factor(), Error::invalid_parameter);
  require(r.value.is_zero() || !effective_price(config).is_zero(), Error::price_error);
  require(!guards_parameters(ctx.state.parameter_rules) ||
              leaves_liquidation_margin(r.value, ctx.state.risk.liquidation_incentive),
          Error::liquidation_margin_too_small);
  config_of(ctx, r.market).collateral_factor = r.value;
  changed(ctx, r.market, r.value);
}

// accrue (under the old factor) -> value <= 1e18.
void run(Context& ctx, const SetReserveFactor& r) {
  const MarketBook book = ctx.accrue(r.market);
  require(r.value <= mantissa_one(), Error::invalid_parameter);
  ctx.write_book(r.market) = book;
  config_of(ctx, r.market).reserve_factor = r.value;
  changed(ctx, r.market, r.value);
}

void run(Context& ctx, const SetProtocolSeizeShare& r) {
  ctx.market(r.market);
  require(r.value <= mantissa_one(), Error::invalid_parameter);
  config_of(ctx, r.market).protocol_seize_share = r.value;
  changed(ctx, r.market, r.value);
}

// accrue (under the old model, at most at the maximum rate) -> convert parameters ->
// the new model's rate at 100% utilization, and at the market's utilization now, is
// at most the maximum (rate_too_high).
//
// A frozen market (issue 9). Compound's _setInterestRateModel accrues first, so once
// a model's rate passes the maximum every accrual fails and so does the fix: the
// market is frozen for good. The new model is refused at set time when it could
// freeze the market (rate_model.hpp), but a market may still be frozen — listed with
// such a model at genesis, or pushed past 100% utilization when reserves exceed cash.
// So the accrual here charges the old model's rate but never more than the maximum:
// the blocks the market was frozen earn the maximum rate, the most the engine lets
// any model charge. That keeps the rule "interest up to now under the old model"
// (suppliers, who could not redeem, are paid for those blocks) and bounds it by what
// every borrower agreed to; skipping the blocks instead would hand their interest to
// the borrowers. The new model must then accrue at the current utilization, or the
// market would stay frozen.
//
// Under the reference's parameter rules (parameter_rules.hpp) none of this: accrue
// under the old model (a frozen market stays frozen), then install any model.
void run(Context& ctx, const SetRateModel& r) {
  const bool guarded = guards_parameters(ctx.state.parameter_rules);
  const MarketBook book = guarded ? ctx.accrue_at_most_max_rate(r.market) : ctx.accrue(r.market);
  RateModel model = make_rate_model(r.params, ctx.state.blocks_per_year);
  if (guarded) {
    require(borrow_rate_at_full_utilization(model) <= max_borrow_rate_per_block(), Error::rate_too_high);
    require(
        borrow_rate_per_block(model, book.cash, book.total_borrows, book.total_reserves) <= max_borrow_rate_per_block(),
        Error::rate_too_high);
  }
  ctx.write_book(r.market) = book;
  config_of(ctx, r.market).rate_model = std::move(model);
  changed(ctx, r.market, 0);
}

// No bounds, as in the reference; the node applies its own documented bounds.
void run(Context& ctx, const SetCloseFactor& r) {
  ctx.write_risk().close_factor = r.value;
  changed(ctx, no_market, r.value);
}

// Every market's collateral factor x value leaves the liquidation margin (risk.hpp);
// the node applies its own documented bounds besides.
void run(Context& ctx, const SetLiquidationIncentive& r) {
  if (guards_parameters(ctx.state.parameter_rules))
    for (const Market& m : ctx.state.markets)
      require(leaves_liquidation_margin(m.config.collateral_factor, r.value), Error::liquidation_margin_too_small);
  ctx.write_risk().liquidation_incentive = r.value;
  changed(ctx, no_market, r.value);
}

void run(Context& ctx, const SetBorrowCap& r) {
  config_of(ctx, r.market).borrow_cap = r.value;
  changed(ctx, r.market, r.value);
}

void run(Context& ctx, const SetSupplyCap& r) {
  config_of(ctx, r.market).supply_cap = r.value;
  changed(ctx, r.market, r.value);
}

// listed -> a known access mode -> an open market has group 0. Who already holds a
// balance keeps it; the new rules apply from the next operation on.
void run(Context& ctx, const SetMarketAccess& r) {
  ctx.market(r.market);
  require(static_cast<std::uint8_t>(r.access) <= static_cast<std::uint8_t>(Access::permissioned),
          Error::invalid_parameter);
  require(r.access != Access::open || r.kyc_group == 0, Error::invalid_parameter);
  MarketConfig& config = config_of(ctx, r.market);
  config.access = r.access;
  config.kyc_group = r.kyc_group;
  changed(ctx, r.market, U256(static_cast<std::uint8_t>(r.access)));
}

// The guardian (or the admin) pauses; only the admin unpauses. mint and borrow are
// per market; transfer and seize are protocol-wide and ignore the market.
void run(Context& ctx, const SetPaused& r) {
  switch (r.action) {
    case PauseAction::mint: config_of(ctx, r.market).mint_paused = r.paused; break;
    case PauseAction::borrow: config_of(ctx, r.market).borrow_paused = r.paused; break;
    case PauseAction::transfer: ctx.write_risk().transfer_paused = r.paused; break;
    case PauseAction::seize: ctx.write_risk().seize_paused = r.paused; break;
  }
  const bool per_market = r.action == PauseAction::mint || r.action == PauseAction::borrow;
  changed(ctx, per_market ? r.market : no_market, r.paused ? 1 : 0);
}

}  // namespace flux
