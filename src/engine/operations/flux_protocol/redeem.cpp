// redeem (redeem, withdraw): accrue -> the amounts at the exchange rate -> working
// check -> may redeem (enough fTokens, limit, 115%) -> burn -> membership -> the
// market's cash pays out.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {

void redeem(Context& ctx, AccountId redeemer, AccountId to, MarketId id, RedeemBy by, const U256& amount) {
  WorkingSet ws(ctx);
  ws.market(id);
  accrue(ws, id);
  const U256 rate = exchange_rate_of(ws.market(id));
  U256 ftokens;
  U256 underlying;
  if (by == RedeemBy::underlying) {
    underlying = amount;
    // The reference rounds the fTokens burned down, in the redeemer's favour; Flux
    // rounds them up, so a redeem never takes out more than the fTokens are worth.
    ftokens = ctx.state.protocol_settings.fixes.redeem_rounds_up ? div_exp_ceil(amount, rate) : div_exp(amount, rate);
    if (ftokens.is_zero()) ftokens = 1;
  } else {
    ftokens = by == RedeemBy::everything ? ftokens_of(ws.account(redeemer), id) : amount;
    underlying = mul_scalar_truncate(rate, ftokens);
    if (underlying.is_zero() && !ftokens.is_zero()) underlying = 1;
  }
  working_check(ctx.state, ws.market(id));
  check_redeem_allowed(ws, redeemer, id, ftokens);

  Position& held = ws.write_account(redeemer).positions.at_or_insert(id);
  held.tokens -= ftokens;
  Market& market = ws.write_market(id);
  market.book.total_supply -= ftokens;
  update_membership(ws, redeemer, id);
  pay_out(ws, id, to, underlying);
  ws.commit();
  ctx.emit(Redeemed{.market = id, .account = redeemer, .underlying = underlying, .tokens = ftokens});
}

}  // namespace flux::flux_protocol

namespace flux {

void run(Context& ctx, const Withdraw& r) {
  using flux_protocol::RedeemBy;
  flux_protocol::redeem(ctx, r.sender, r.to, r.market, r.amount.is_zero() ? RedeemBy::everything : RedeemBy::underlying,
                        r.amount);
}

}  // namespace flux
