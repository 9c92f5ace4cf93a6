// transfer: move fTokens between accounts. No accrual.
// access (spender = source, source, destination) -> transfer paused -> listed ->
// source's liquidity with the tokens redeemed, if it entered the market ->
// destination != source (even for 0 tokens) -> balance -> FLUX rewards: supply
// index, the source, the destination (transferAllowed's hook) -> effects.
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/risk.hpp"

namespace flux {

void run(Context& ctx, const Transfer& r) {
  if (ctx.state.protocol == Protocol::flux_protocol)
    return flux_protocol::transfer(ctx, std::nullopt, r.sender, r.to, r.market, r.tokens);
  // The protocol-wide pause is checked before the listing, as the reference's
  // transferAllowed does: an unlisted market has no access mode to check, but a
  // transfer in it while transfers are paused answers `paused`.
  const Market* market = ctx.state.find_market(r.market);
  if (market != nullptr) {
    check_access(ctx.state, market->config, AccessPoint::transfer, r.sender);  // as spender
    check_access(ctx.state, market->config, AccessPoint::transfer, r.sender);  // as source
    check_access(ctx.state, market->config, AccessPoint::transfer, r.to);
  }
  require(!ctx.state.risk.transfer_paused, Error::paused);
  require(market != nullptr, Error::market_not_listed);

  const Account& source = ctx.account(r.sender);
  if (source.has_entered(r.market)) {
    const HypotheticalAction action{r.market, r.tokens, U256(0)};
    const Liquidity liquidity = account_liquidity(BookView(ctx.state), r.sender, source.entered_markets, &action);
    require(liquidity.shortfall.is_zero(), Error::insufficient_liquidity);
  }
  require(r.to != r.sender, Error::self_transfer);
  const U256 held = ctx.tokens_of(r.sender, r.market);
  require(held >= r.tokens, Error::insufficient_balance);
  const U256 to_before = ctx.tokens_of(r.to, r.market);
  const U256 to_after = add(to_before, r.tokens);
  RewardsPlan rewards(ctx.state, ctx.block);
  rewards.supply_side(r.market, market->book, {{r.sender, held}, {r.to, to_before}});

  ctx.write_account(r.sender).positions.at_or_insert(r.market).tokens = held - r.tokens;
  ctx.write_account(r.to).positions.at_or_insert(r.market).tokens = to_after;
  rewards.write(ctx);
  ctx.emit(Transferred{.market = r.market, .from = r.sender, .to = r.to, .tokens = r.tokens});
}

}  // namespace flux
