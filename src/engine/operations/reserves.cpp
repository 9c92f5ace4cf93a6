// accrue, add_reserves, reduce_reserves, reduce_reserves_to: the market's own bookkeeping.
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/flux_protocol/operations.hpp"

namespace flux {

// Anyone may accrue a market to the current block.
void run(Context& ctx, const Accrue& r) {
  if (ctx.state.protocol == Protocol::flux_protocol) return flux_protocol::accrue_market(ctx, r.market);
  ctx.market(r.market);
  ctx.write_book(r.market) = ctx.accrue(r.market);
}

// The admin pays underlying in from outside the protocol: cash and reserves grow.
void run(Context& ctx, const AddReserves& r) {
  const Market& market = ctx.market(r.market);
  MarketBook book = ctx.accrue(r.market);
  book.cash = add(book.cash, r.amount);
  book.total_reserves = add(book.total_reserves, r.amount);
  const U256 issued = add(ctx.state.assets[market.config.asset].issued, r.amount);
  ctx.write_asset(market.config.asset).issued = issued;
  ctx.write_book(r.market) = book;
  ctx.emit(ReservesAdded{.market = r.market, .account = r.sender, .amount = r.amount});
}

// accrue -> cash >= amount -> amount <= reserves -> paid out to the admin, leaving
// the protocol.
void run(Context& ctx, const ReduceReserves& r) {
  const Market& market = ctx.market(r.market);
  MarketBook book = ctx.accrue(r.market);
  require(book.cash >= r.amount, Error::insufficient_cash);
  require(r.amount <= book.total_reserves, Error::insufficient_reserves);
  book.cash -= r.amount;
  book.total_reserves -= r.amount;
  const U256 issued = sub(ctx.state.assets[market.config.asset].issued, r.amount);
  ctx.write_asset(market.config.asset).issued = issued;
  ctx.write_book(r.market) = book;
  ctx.emit(ReservesReduced{.market = r.market, .account = r.sender, .amount = r.amount});
}

// accrue -> cash >= amount -> amount <= reserves -> the recipient may hold the
// asset (asset ledger rules) -> paid into its wallet: the units stay in the system.
void run(Context& ctx, const ReduceReservesTo& r) {
  const Market& market = ctx.market(r.market);
  MarketBook book = ctx.accrue(r.market);
  require(book.cash >= r.amount, Error::insufficient_cash);
  require(r.amount <= book.total_reserves, Error::insufficient_reserves);
  const AssetId asset = market.config.asset;
  check_asset_holder(ctx.state, ctx.state.assets[asset], r.to);
  // Never FLUX, whose votes follow wallets: no market has it as its underlying.
  const U256 wallet = add(ctx.account(r.to).wallet_balance(asset), r.amount);
  book.cash -= r.amount;
  book.total_reserves -= r.amount;
  ctx.write_book(r.market) = book;
  ctx.write_account(r.to).wallet.at_or_insert(asset) = wallet;
  ctx.emit(ReservesReduced{.market = r.market, .account = r.to, .amount = r.amount});
}

}  // namespace flux
