// enter_markets / exit_market: choose which markets count in account liquidity.
#include "engine/operations/context.hpp"
#include "engine/risk.hpp"

namespace flux {

// Every market must be listed, else nothing is entered (a Flux choice: the reference
// enters the listed ones). Entering a market again changes nothing.
void run(Context& ctx, const EnterMarkets& r) {
  std::uint64_t entered = ctx.account(r.sender).entered_markets;
  for (MarketId m : r.markets) {
    ctx.market(m);
    entered |= std::uint64_t{1} << m;
  }
  const std::uint64_t added = entered & ~ctx.account(r.sender).entered_markets;
  ctx.write_account(r.sender).entered_markets = entered;
  for (MarketId m = 0; m < max_markets; ++m)
    if ((added >> m) & 1U) ctx.emit(MarketEntered{.market = m, .account = r.sender});
}

// listed -> not entered: success, nothing changes -> no debt in the market
// (nonzero_borrow_balance) -> liquidity with all its fTokens redeemed. No accrual.
void run(Context& ctx, const ExitMarket& r) {
  ctx.market(r.market);
  const Account& account = ctx.account(r.sender);
  if (!account.has_entered(r.market)) return;
  const Position* position = account.position(r.market);
  require(borrow_balance_stored(ctx.state.markets[r.market].book, position).is_zero(), Error::nonzero_borrow_balance);
  const HypotheticalAction action{r.market, position ? position->tokens : U256(0), U256(0)};
  const Liquidity liquidity = account_liquidity(BookView(ctx.state), r.sender, account.entered_markets, &action);
  require(liquidity.shortfall.is_zero(), Error::insufficient_liquidity);
  ctx.write_account(r.sender).entered_markets &= ~(std::uint64_t{1} << r.market);
  ctx.emit(MarketExited{.market = r.market, .account = r.sender});
}

}  // namespace flux
