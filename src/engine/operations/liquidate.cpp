// liquidate: repay part of an unhealthy borrow and seize the borrower's collateral at
// a discount. The one operation whose risk checks come before its access checks.
//
// accrue debt market, then collateral market -> both listed ->
//   not deprecated: borrower in shortfall, amount <= closeFactor * debt
//   deprecated (collateral factor 0, borrow paused, reserve factor 1e18): amount <= debt
// -> liquidator != borrower -> amount != 0 and != max -> the repay (liquidator pays)
// -> seize tokens from prices and the collateral exchange rate -> borrower holds them
// -> collateral market access (liquidator, then borrower) -> seize paused -> FLUX
// rewards (the repay's borrow side for the borrower, then seizeAllowed's: the
// collateral's supply index, the borrower, the liquidator) -> effects.
#include "engine/access.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/risk.hpp"

namespace flux {
namespace {

bool is_deprecated(const MarketConfig& config) {
  return config.collateral_factor.is_zero() && config.borrow_paused && config.reserve_factor == mantissa_one();
}

}  // namespace

void run(Context& ctx, const Liquidate& r) {
  const bool same_market = r.market == r.collateral_market;
  // Both accruals run before the listing check; a missing market cannot accrue.
  const bool debt_listed = r.market < ctx.state.markets.size();
  const bool collateral_listed = r.collateral_market < ctx.state.markets.size();
  MarketBook debt_book = debt_listed ? ctx.accrue(r.market) : MarketBook{};
  MarketBook collateral_book = collateral_listed && !same_market ? ctx.accrue(r.collateral_market) : debt_book;
  require(debt_listed && collateral_listed, Error::market_not_listed);
  const MarketConfig& debt = ctx.state.markets[r.market].config;
  const MarketConfig& collateral = ctx.state.markets[r.collateral_market].config;

  const U256 debt_balance = borrow_balance_stored(debt_book, ctx.account(r.borrower).position(r.market));
  if (is_deprecated(debt)) {
    require(r.amount <= debt_balance, Error::too_much_repay);
  } else {
    BookView view(ctx.state);
    view.with(r.market, debt_book);
    if (!same_market) view.with(r.collateral_market, collateral_book);
    const Liquidity liquidity = account_liquidity(view, r.borrower, ctx.account(r.borrower).entered_markets);
    require(!liquidity.shortfall.is_zero(), Error::insufficient_shortfall);
    require(r.amount <= mul_scalar_truncate(ctx.state.risk.close_factor, debt_balance), Error::too_much_repay);
  }
  require(r.sender != r.borrower, Error::liquidate_self);
  require(!r.amount.is_zero() && r.amount != u256_max(), Error::invalid_amount);

  RewardsPlan rewards(ctx.state, ctx.block);
  const RepayPlan repay = plan_repay(ctx, r.market, debt_book, r.sender, r.borrower, r.amount, rewards);
  if (same_market) collateral_book = debt_book;  // the seize sees the rate after the repay

  const U256 price_debt = effective_price(debt);
  const U256 price_collateral = effective_price(collateral);
  require(!price_debt.is_zero() && !price_collateral.is_zero(), Error::price_error);
  const U256 exchange_rate = exchange_rate_stored(collateral, collateral_book);
  const U256 numerator = mul_exp(ctx.state.risk.liquidation_incentive, price_debt);
  const U256 denominator = mul_exp(price_collateral, exchange_rate);
  const U256 seize_tokens = mul_scalar_truncate(div_exp(numerator, denominator), r.amount);
  const U256 borrower_tokens = ctx.tokens_of(r.borrower, r.collateral_market);
  require(borrower_tokens >= seize_tokens, Error::seize_too_much);

  check_access(ctx.state, collateral, AccessPoint::seize, r.sender);
  check_access(ctx.state, collateral, AccessPoint::seize, r.borrower);
  require(!ctx.state.risk.seize_paused, Error::paused);
  rewards.supply_side(r.collateral_market, collateral_book,
                      {{r.borrower, borrower_tokens}, {r.sender, ctx.tokens_of(r.sender, r.collateral_market)}});

  // Part of the seized fTokens is burnt and its underlying becomes reserves.
  const U256 protocol_tokens = mul_scalar_truncate(seize_tokens, collateral.protocol_seize_share);
  const U256 liquidator_tokens = seize_tokens - protocol_tokens;
  const U256 protocol_amount = mul_scalar_truncate(exchange_rate, protocol_tokens);
  collateral_book.total_reserves = add(collateral_book.total_reserves, protocol_amount);
  collateral_book.total_supply = sub(collateral_book.total_supply, protocol_tokens);
  const U256 liquidator_after = add(ctx.tokens_of(r.sender, r.collateral_market), liquidator_tokens);

  rewards.write(ctx);
  write_repay(ctx, r.market, debt_book, r.sender, r.borrower, repay);
  ctx.write_account(r.borrower).positions.at_or_insert(r.collateral_market).tokens = borrower_tokens - seize_tokens;
  ctx.write_account(r.sender).positions.at_or_insert(r.collateral_market).tokens = liquidator_after;
  if (same_market) {
    ctx.write_book(r.market) = collateral_book;
  } else {
    ctx.write_book(r.market) = debt_book;
    ctx.write_book(r.collateral_market) = collateral_book;
  }
  ctx.emit(Liquidated{.market = r.market,
                      .liquidator = r.sender,
                      .borrower = r.borrower,
                      .repaid = r.amount,
                      .tokens_seized = seize_tokens});
  ctx.emit(Seized{.market = r.collateral_market,
                  .liquidator = r.sender,
                  .borrower = r.borrower,
                  .liquidator_tokens = liquidator_tokens,
                  .protocol_tokens = protocol_tokens});
}

}  // namespace flux
