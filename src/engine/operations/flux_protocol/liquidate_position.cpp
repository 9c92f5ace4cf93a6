// Whole-position liquidation (the reference's Guard.liquidate): anyone but the
// borrower repays every debt of the borrower and receives all of its collateral, less
// the fee. Not the Guard's own position -> not oneself -> liquidation switched on ->
// not a credit borrower -> below the 110% line, on the markets as last accrued. Then
// each market the borrower is in, in its join order: accrue; the liquidator pays the
// debt; total borrows less the debt (checked); the borrower's fTokens are burnt and
// their underlying, less the fee, paid to the liquidator out of the market's cash
// (insufficient_cash: an illiquid market cannot be liquidated); the fee goes half to
// the team account (the odd unit too) and half to the Guard, or all to the Guard
// without a team account.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux {
namespace {

const U256& max_liquidation_fee() {
  static const U256 v{100'000'000'000'000'000ULL};  // 10%
  return v;
}

}  // namespace

void run(Context& ctx, const LiquidatePosition& r) {
  using namespace flux_protocol;
  const Settings& settings = ctx.state.protocol_settings;
  WorkingSet ws(ctx);
  require(r.borrower != settings.guard, Error::guard_position);
  require(r.borrower != r.sender, Error::liquidate_self);
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
    if (!ftokens.is_zero()) {
      require(settings.liquidation_fee_rate <= max_liquidation_fee(), Error::invalid_parameter);
      const U256 supplies = mul_scalar_truncate(exchange_rate_of(ws.market(id)), ftokens);
      require(ws.market(id).book.cash >= supplies, Error::insufficient_cash);
      ws.write_account(r.borrower).positions.at_or_insert(id).tokens = 0;
      Market& market = ws.write_market(id);
      market.book.total_supply -= ftokens;
      update_membership(ws, r.borrower, id);
      const U256 fee = mul_scalar_truncate(settings.liquidation_fee_rate, supplies);
      pay_out(ws, id, r.sender, supplies - fee);
      if (!fee.is_zero()) {
        if (settings.team != no_account) {
          pay_out(ws, id, settings.team, fee - fee / 2);
          pay_out(ws, id, settings.guard, fee / 2);
        } else {
          pay_out(ws, id, settings.guard, fee);
        }
      }
    }
    ctx.emit(Liquidated{
        .market = id, .liquidator = r.sender, .borrower = r.borrower, .repaid = debt, .tokens_seized = ftokens});
  }
  ws.commit();
}

}  // namespace flux
