// mint: supply underlying, receive fTokens.
// accrue -> access (minter) -> mint paused -> listed -> supply cap -> wallet ->
// tokens = amount * 1e18 / exchangeRate -> tokens == 0 fails (Flux fix 2) -> FLUX
// rewards: supply index, then the minter (mintAllowed's hook) -> effects.
#include "engine/access.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/operations/flux_protocol/operations.hpp"

namespace flux {

void run(Context& ctx, const Mint& r) {
  if (ctx.state.protocol == Protocol::flux_protocol)
    return flux_protocol::supply(ctx, r.sender, r.sender, r.market, r.amount);
  const Market& market = ctx.market(r.market);
  MarketBook book = ctx.accrue(r.market);
  check_access(ctx.state, market.config, AccessPoint::mint, r.sender);
  require(!market.config.mint_paused, Error::paused);

  const U256 exchange_rate = exchange_rate_stored(market.config, book);
  if (!market.config.supply_cap.is_zero()) {
    // A Flux extension: underlying supplied after the mint may reach the cap exactly.
    const U256 supplied_after = add(mul_scalar_truncate(exchange_rate, book.total_supply), r.amount);
    require(supplied_after <= market.config.supply_cap, Error::supply_cap_reached);
  }
  const Account& minter = ctx.account(r.sender);
  const AssetId asset = market.config.asset;
  const U256 wallet = minter.wallet_balance(asset);
  require(wallet >= r.amount, Error::insufficient_balance);
  const U256 tokens = div_exp(r.amount, exchange_rate);
  require(!tokens.is_zero(), Error::invalid_amount);
  check_underlying_holder(ctx.state, market.config, r.sender);
  RewardsPlan rewards(ctx.state, ctx.block);
  rewards.supply_side(r.market, book, {{r.sender, ctx.tokens_of(r.sender, r.market)}});

  book.cash = add(book.cash, r.amount);
  book.total_supply = add(book.total_supply, tokens);
  const U256 new_tokens = add(ctx.tokens_of(r.sender, r.market), tokens);

  Account& account = ctx.write_account(r.sender);
  account.wallet.at_or_insert(asset) = wallet - r.amount;
  account.positions.at_or_insert(r.market).tokens = new_tokens;
  ctx.write_book(r.market) = book;
  rewards.write(ctx);
  ctx.emit(Minted{.market = r.market, .account = r.sender, .underlying = r.amount, .tokens = tokens});
}

}  // namespace flux
