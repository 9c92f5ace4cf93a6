// What anyone may ask of a pool: accrue it (or all of them), send its reserves to the
// team account, give it underlying; and the oracle's price.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {

void accrue_market(Context& ctx, MarketId id) {
  WorkingSet ws(ctx);
  ws.market(id);
  accrue(ws, id);
  ws.commit();
}

// A zero price is never stored: every valuation would divide by it or value a
// holding at nothing.
void set_price(Context& ctx, MarketId id, const U256& price) {
  ctx.market(id);
  require(!price.is_zero(), Error::price_error);
  ctx.write_config(id).price = price;
  ctx.emit(ParameterChanged{.market = id, .value = price});
}

}  // namespace flux::flux_protocol

namespace flux {

void run(Context& ctx, const AccrueAll&) {
  flux_protocol::WorkingSet ws(ctx);
  for (std::size_t i = 0; i < ctx.state.markets.size(); ++i) flux_protocol::accrue(ws, static_cast<MarketId>(i));
  ws.commit();
}

// The reference withdraws without accruing first: the reserves are those of the last
// accrual; Flux accrues first (Fixes::reserves_after_accrual). team set -> reserves >
// 0 -> the market's cash pays them out.
void run(Context& ctx, const WithdrawReserves& r) {
  flux_protocol::WorkingSet ws(ctx);
  ws.market(r.market);
  if (ctx.state.protocol_settings.fixes.reserves_after_accrual) flux_protocol::accrue(ws, r.market);
  const U256 reserves = ws.market(r.market).book.total_reserves;
  const AccountId team = ctx.state.protocol_settings.team;
  require(team != no_account, Error::no_reserves_receiver);
  require(!reserves.is_zero(), Error::insufficient_reserves);
  ws.write_market(r.market).book.total_reserves = 0;
  flux_protocol::pay_out(ws, r.market, team, reserves);
  ws.commit();
  ctx.emit(ReservesReduced{.market = r.market, .account = team, .amount = reserves});
}

// Underlying given to the pool: its cash, and so its exchange rate, grows.
void run(Context& ctx, const Donate& r) {
  flux_protocol::WorkingSet ws(ctx);
  ws.market(r.market);
  flux_protocol::pay_in(ws, r.market, r.sender, r.amount);
  ws.commit();
}

}  // namespace flux
