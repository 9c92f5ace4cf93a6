// borrow: take underlying against collateral.
// accrue -> access (borrower) -> borrow paused -> listed -> enter the market if not
// in it (kept only on success) -> price != 0 -> borrow cap (strictly below) ->
// liquidity with the amount borrowed -> cash -> FLUX rewards: borrow index (with the
// accrued borrow index), then the borrower (borrowAllowed's hook) -> effects.
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/risk.hpp"

namespace flux {

void run(Context& ctx, const Borrow& r) {
  if (ctx.state.protocol == Protocol::flux_protocol) return flux_protocol::borrow(ctx, r.sender, r.market, r.amount);
  const Market& market = ctx.market(r.market);
  MarketBook book = ctx.accrue(r.market);
  check_access(ctx.state, market.config, AccessPoint::borrow, r.sender);
  require(!market.config.borrow_paused, Error::paused);

  const Account& account = ctx.account(r.sender);
  const bool newly_entered = !account.has_entered(r.market);
  const std::uint64_t entered = account.entered_markets | (std::uint64_t{1} << r.market);
  require(!effective_price(market.config).is_zero(), Error::price_error);
  if (!market.config.borrow_cap.is_zero())
    require(add(book.total_borrows, r.amount) < market.config.borrow_cap, Error::borrow_cap_reached);

  BookView view(ctx.state);
  view.with(r.market, book);
  const HypotheticalAction action{r.market, U256(0), r.amount};
  require(account_liquidity(view, r.sender, entered, &action).shortfall.is_zero(), Error::insufficient_liquidity);
  require(book.cash >= r.amount, Error::insufficient_cash);
  check_underlying_holder(ctx.state, market.config, r.sender);

  const AssetId asset = market.config.asset;
  const U256 balance = borrow_balance_stored(book, account.position(r.market));
  RewardsPlan rewards(ctx.state, ctx.block);
  rewards.borrow_side(r.market, book, r.sender, balance);
  const U256 new_balance = add(balance, r.amount);
  const U256 new_wallet = add(account.wallet_balance(asset), r.amount);
  book.total_borrows = add(book.total_borrows, r.amount);
  book.cash -= r.amount;

  Account& writable = ctx.write_account(r.sender);
  Position& position = writable.positions.at_or_insert(r.market);
  position.principal = new_balance;
  position.interest_index = book.borrow_index;
  writable.wallet.at_or_insert(asset) = new_wallet;
  writable.entered_markets = entered;
  ctx.write_book(r.market) = book;
  rewards.write(ctx);
  if (newly_entered) ctx.emit(MarketEntered{.market = r.market, .account = r.sender});
  ctx.emit(Borrowed{.market = r.market, .account = r.sender, .amount = r.amount, .borrow_balance = new_balance});
}

}  // namespace flux
