// supply (mint, depositFor): the minter owes nothing here -> amount > 0 -> accrue ->
// supply switched on -> working check -> payer's wallet -> fTokens = amount x 1e18 /
// exchange rate before the payment (at least 1) -> membership.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {

void supply(Context& ctx, AccountId payer, AccountId minter, MarketId id, const U256& amount) {
  WorkingSet ws(ctx);
  const Market& before = ws.market(id);
  const Position* position = ws.account(minter).position(id);
  require(position == nullptr || position->principal.is_zero(), Error::nonzero_borrow_balance);
  require(!amount.is_zero(), Error::invalid_amount);
  accrue(ws, id);
  require(!ctx.state.protocol_settings.supply_disabled, Error::paused);
  working_check(ctx.state, before);

  const U256 rate = exchange_rate_of(ws.market(id));
  pay_in(ws, id, payer, amount);
  U256 ftokens = div_exp(amount, rate);
  if (ftokens.is_zero()) ftokens = 1;
  Market& market = ws.write_market(id);
  market.book.total_supply = add(market.book.total_supply, ftokens);
  Position& held = ws.write_account(minter).positions.at_or_insert(id);
  held.tokens = add(held.tokens, ftokens);
  update_membership(ws, minter, id);
  ws.commit();
  ctx.emit(Minted{.market = id, .account = minter, .underlying = amount, .tokens = ftokens});
}

}  // namespace flux::flux_protocol

namespace flux {

void run(Context& ctx, const SupplyFor& r) { flux_protocol::supply(ctx, r.sender, r.receiver, r.market, r.amount); }

}  // namespace flux
