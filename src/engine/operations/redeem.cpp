// redeem (by fTokens) and redeem_underlying (by underlying amount).
// accrue -> access (redeemer) -> convert with the accrued exchange rate -> listed ->
// if the market is entered: liquidity with the tokens redeemed -> cash -> fToken
// balance -> tokens > 0 paying 0 fails (Flux fix 3) -> FLUX rewards: supply index,
// then the redeemer (redeemAllowed's hook) -> effects.
#include "engine/access.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/risk.hpp"

namespace flux {
namespace {

enum class RedeemBy { tokens, underlying };

void redeem(Context& ctx, AccountId redeemer, MarketId market_id, const U256& input, RedeemBy by) {
  const Market& market = ctx.market(market_id);
  MarketBook book = ctx.accrue(market_id);
  check_access(ctx.state, market.config, AccessPoint::redeem, redeemer);

  const U256 exchange_rate = exchange_rate_stored(market.config, book);
  U256 tokens;
  U256 amount;
  if (by == RedeemBy::tokens) {
    tokens = input;
    amount = mul_scalar_truncate(exchange_rate, tokens);
  } else {
    amount = input;
    tokens = div_exp_ceil(amount, exchange_rate);  // Flux fix 4: round the burn up
  }

  const Account& account = ctx.account(redeemer);
  if (account.has_entered(market_id)) {
    BookView view(ctx.state);
    view.with(market_id, book);
    const HypotheticalAction action{market_id, tokens, U256(0)};
    const Liquidity liquidity = account_liquidity(view, redeemer, account.entered_markets, &action);
    require(liquidity.shortfall.is_zero(), Error::insufficient_liquidity);
  }
  require(book.cash >= amount, Error::insufficient_cash);
  const U256 held = ctx.tokens_of(redeemer, market_id);
  require(held >= tokens, Error::insufficient_balance);
  require(tokens.is_zero() || !amount.is_zero(), Error::invalid_amount);
  check_underlying_holder(ctx.state, market.config, redeemer);
  RewardsPlan rewards(ctx.state, ctx.block);
  rewards.supply_side(market_id, book, {{redeemer, held}});

  const AssetId asset = market.config.asset;
  const U256 new_wallet = add(account.wallet_balance(asset), amount);
  book.cash -= amount;
  book.total_supply = sub(book.total_supply, tokens);

  Account& writable = ctx.write_account(redeemer);
  writable.positions.at_or_insert(market_id).tokens = held - tokens;
  writable.wallet.at_or_insert(asset) = new_wallet;
  ctx.write_book(market_id) = book;
  rewards.write(ctx);
  ctx.emit(Redeemed{.market = market_id, .account = redeemer, .underlying = amount, .tokens = tokens});
}

}  // namespace

void run(Context& ctx, const Redeem& r) {
  if (ctx.state.protocol == Protocol::flux_protocol)
    return flux_protocol::redeem(ctx, r.sender, r.sender, r.market, flux_protocol::RedeemBy::ftokens, r.tokens);
  redeem(ctx, r.sender, r.market, r.tokens, RedeemBy::tokens);
}
void run(Context& ctx, const RedeemUnderlying& r) {
  if (ctx.state.protocol == Protocol::flux_protocol) {
    require(!r.amount.is_zero(), Error::invalid_amount);
    return flux_protocol::redeem(ctx, r.sender, r.sender, r.market, flux_protocol::RedeemBy::underlying, r.amount);
  }
  redeem(ctx, r.sender, r.market, r.amount, RedeemBy::underlying);
}

}  // namespace flux
