// The admin's settings of a Flux Protocol deployment (FluxApp's owner functions). Each
// refuses a value it already has (nothing_changed), as the reference does.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux {
namespace {

using flux_protocol::MarketStatus;

void changed(Context& ctx, MarketId market, const U256& value) {
  ctx.emit(ParameterChanged{.market = market, .value = value});
}

const U256& max_fee() {
  static const U256 v{100'000'000'000'000'000ULL};  // 10%: what a liquidation accepts
  return v;
}

}  // namespace

// A ratio of 1 or less would lend more than the collateral is worth.
void run(Context& ctx, const SetCollateralRatio& r) {
  const Market& market = ctx.market(r.market);
  require(market.pool.collateral_ratio != r.ratio, Error::nothing_changed);
  require(r.ratio > mantissa_one(), Error::invalid_parameter);
  ctx.write_market(r.market).pool.collateral_ratio = r.ratio;
  changed(ctx, r.market, r.ratio);
}

void run(Context& ctx, const SetMarketStatus& r) {
  const Market& market = ctx.market(r.market);
  const MarketStatus status = r.stopped ? MarketStatus::stopped : MarketStatus::opened;
  require(market.pool.status != status, Error::invalid_parameter);
  ctx.write_market(r.market).pool.status = status;
  changed(ctx, r.market, static_cast<std::uint8_t>(status));
}

void run(Context& ctx, const SetActionDisabled& r) {
  const flux_protocol::Settings& s = ctx.state.protocol_settings;
  bool flux_protocol::Settings::*field = nullptr;
  switch (r.action) {
    case 0: field = &flux_protocol::Settings::supply_disabled; break;
    case 1: field = &flux_protocol::Settings::borrow_disabled; break;
    case 2: field = &flux_protocol::Settings::liquidation_disabled; break;
    case 3: field = &flux_protocol::Settings::all_actions_locked; break;
    default: throw Failure{Error::invalid_parameter};
  }
  require(s.*field != r.disabled, Error::nothing_changed);
  ctx.write_protocol_settings().*field = r.disabled;
  changed(ctx, no_market, r.disabled ? 1 : 0);
}

// 0 returns the market to the deployment's rate; at most 100% (under Flux's parameter
// rules: the reference takes any value).
void run(Context& ctx, const SetTaxRate& r) {
  const Market& market = ctx.market(r.market);
  require(market.pool.tax_rate != r.rate, Error::nothing_changed);
  require(!guards_parameters(ctx.state.parameter_rules) || r.rate <= mantissa_one(), Error::invalid_parameter);
  ctx.write_market(r.market).pool.tax_rate = r.rate;
  changed(ctx, r.market, r.rate);
}

void run(Context& ctx, const SetDefaultTaxRate& r) {
  require(ctx.state.protocol_settings.tax_rate != r.rate, Error::nothing_changed);
  require(!guards_parameters(ctx.state.parameter_rules) || r.rate <= mantissa_one(), Error::invalid_parameter);
  ctx.write_protocol_settings().tax_rate = r.rate;
  changed(ctx, no_market, r.rate);
}

// Above 10% every liquidation with collateral would fail (the reference checks only
// then); Flux's parameter rules refuse it when it is set.
void run(Context& ctx, const SetLiquidationFee& r) {
  require(ctx.state.protocol_settings.liquidation_fee_rate != r.rate, Error::nothing_changed);
  require(!guards_parameters(ctx.state.parameter_rules) || r.rate <= max_fee(), Error::invalid_parameter);
  ctx.write_protocol_settings().liquidation_fee_rate = r.rate;
  changed(ctx, no_market, r.rate);
}

void run(Context& ctx, const SetTeamAccount& r) {
  require(ctx.state.protocol_settings.team != r.account, Error::nothing_changed);
  ctx.write_protocol_settings().team = r.account;
  changed(ctx, no_market, r.account);
}

void run(Context& ctx, const ClearTeamAccount&) {
  require(ctx.state.protocol_settings.team != no_account, Error::nothing_changed);
  ctx.write_protocol_settings().team = no_account;
  changed(ctx, no_market, 0);
}

// Adding whitelists the borrower; removing needs it to owe nothing anywhere (by its
// debts as last accrued) and clears its limits.
void run(Context& ctx, const SetCreditBorrower& r) {
  flux_protocol::WorkingSet ws(ctx);
  const flux_protocol::ProtocolAccount& record = ws.protocol_account(r.borrower);
  if (!r.enabled) {
    require(record.credit_borrower, Error::not_credit_borrower);
    require(flux_protocol::account_values(ws, r.borrower).borrow_value.is_zero(), Error::nonzero_borrow_balance);
    ws.write_protocol_account(r.borrower).credit_limits.clear();
  }
  ws.write_protocol_account(r.borrower).credit_borrower = r.enabled;
  ws.commit();
  changed(ctx, no_market, r.enabled ? 1 : 0);
}

void run(Context& ctx, const SetCreditLimit& r) {
  ctx.market(r.market);
  flux_protocol::WorkingSet ws(ctx);
  require(ws.protocol_account(r.borrower).credit_borrower, Error::not_credit_borrower);
  ws.write_protocol_account(r.borrower).set_credit_limit(r.market, r.limit);
  ws.commit();
  changed(ctx, r.market, r.limit);
}

}  // namespace flux
