// Whole-position liquidation (the reference's Guard.liquidate): anyone but the
// borrower repays every debt of the borrower and receives all of its collateral, less
// the fee. Not the Guard's own position -> not oneself -> liquidation switched on ->
// not a credit borrower -> below the 110% line (on the markets as last accrued under
// the reference's rules, accrued to now under Flux's). Then each market the borrower
// is in, in its join order: accrue; the liquidator pays the debt; total borrows less
// the debt (checked); the borrower's fTokens are burnt and their underlying, less the
// fee, paid to the liquidator out of the market's cash; the fee goes half to the team
// account (the odd unit too) and half to the Guard, or all to the Guard without a
// team account. A market without the cash: the reference fails (insufficient_cash);
// Flux moves the fTokens themselves, split the same way.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux {
namespace {

using namespace flux_protocol;

const U256& max_liquidation_fee() {
  static const U256 v{100'000'000'000'000'000ULL};  // 10%
  return v;
}

// Splits `fee` between the team account and the Guard as the reference does, through
// `give` (underlying or fTokens).
template <class Give>
void split_fee(const Settings& settings, const U256& fee, Give give) {
  if (fee.is_zero()) return;
  if (settings.team == no_account) {
    give(settings.guard, fee);
    return;
  }
  give(settings.team, fee - fee / 2);
  give(settings.guard, fee / 2);
}

// The borrower's fTokens in the market go to the liquidator, less the fee.
void seize(WorkingSet& ws, const Settings& settings, MarketId id, AccountId liquidator, AccountId borrower,
           const U256& ftokens) {
  require(settings.liquidation_fee_rate <= max_liquidation_fee(), Error::invalid_parameter);
  const U256 supplies = mul_scalar_truncate(exchange_rate_of(ws.market(id)), ftokens);
  if (ws.market(id).book.cash >= supplies) {
    ws.write_account(borrower).positions.at_or_insert(id).tokens = 0;
    ws.write_market(id).book.total_supply -= ftokens;
    update_membership(ws, borrower, id);
    const U256 fee = mul_scalar_truncate(settings.liquidation_fee_rate, supplies);
    pay_out(ws, id, liquidator, supplies - fee);
    split_fee(settings, fee, [&](AccountId to, const U256& amount) { pay_out(ws, id, to, amount); });
    return;
  }
  require(settings.fixes.illiquid_collateral_moves, Error::insufficient_cash);
  const U256 fee = mul_scalar_truncate(settings.liquidation_fee_rate, ftokens);
  move_ftokens(ws, id, borrower, liquidator, ftokens - fee);
  split_fee(settings, fee, [&](AccountId to, const U256& tokens) { move_ftokens(ws, id, borrower, to, tokens); });
  for (const AccountId a : {borrower, liquidator, settings.team, settings.guard})
    if (a != no_account) update_membership(ws, a, id);
}

}  // namespace

void run(Context& ctx, const LiquidatePosition& r) {
  const Settings& settings = ctx.state.protocol_settings;
  WorkingSet ws(ctx);
  require(r.borrower != settings.guard, Error::guard_position);
  require(r.borrower != r.sender, Error::liquidate_self);
  if (settings.fixes.fresh_eligibility) accrue_account(ws, r.borrower);
  require(liquidation_allowed(ws, r.borrower), Error::insufficient_shortfall);

  const std::vector<MarketId> joined = ws.protocol_account(r.borrower).joined;
  for (const MarketId id : joined) {
    accrue(ws, id);
    const U256 ftokens = ftokens_of(ws.account(r.borrower), id);
    const U256 debt = debt_of(ws.account(r.borrower), id, ws.market(id));
    if (ftokens.is_zero() && debt.is_zero()) continue;
    if (!debt.is_zero()) {
      pay_in(ws, id, r.sender, debt);
      Market& market = ws.write_market(id);
      market.book.total_borrows = sub(market.book.total_borrows, debt);
      Position& held = ws.write_account(r.borrower).positions.at_or_insert(id);
      held.principal = 0;
      held.interest_index = 0;
    }
    if (!ftokens.is_zero()) seize(ws, settings, id, r.sender, r.borrower, ftokens);
    if (settings.fixes.membership_updates) leave_if_empty(ws, r.borrower, id);
    ctx.emit(Liquidated{
        .market = id, .liquidator = r.sender, .borrower = r.borrower, .repaid = debt, .tokens_seized = ftokens});
  }
  ws.commit();
}

}  // namespace flux
