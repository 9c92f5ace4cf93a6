// repay: pay back a borrow, one's own or on behalf of a borrower.
// accrue -> ("max" becomes the borrower's balance) -> access (payer, then borrower) ->
// listed -> payer's wallet -> amount <= debt -> FLUX rewards: borrow index, then the
// borrower (repayBorrowAllowed's hook) -> effects, where total borrows is
// reduced without underflow (Flux fix 1: a borrower's stored balance may exceed
// total borrows by rounding dust, and the last unit must still be repayable).
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/operations/flux_protocol/operations.hpp"

namespace flux {

RepayPlan plan_repay(Context& ctx, MarketId market_id, MarketBook& book, AccountId payer, AccountId borrower,
                     const U256& amount, RewardsPlan& rewards) {
  const MarketConfig& config = ctx.state.markets[market_id].config;
  check_access(ctx.state, config, AccessPoint::repay, payer);
  check_access(ctx.state, config, AccessPoint::repay, borrower);
  require(ctx.account(payer).wallet_balance(config.asset) >= amount, Error::insufficient_balance);
  const U256 balance = borrow_balance_stored(book, ctx.account(borrower).position(market_id));
  require(amount <= balance, Error::repay_exceeds_debt);
  check_underlying_holder(ctx.state, config, payer);
  rewards.borrow_side(market_id, book, borrower, balance);

  book.cash = add(book.cash, amount);
  book.total_borrows = book.total_borrows > amount ? book.total_borrows - amount : U256(0);
  return RepayPlan{amount, balance - amount};
}

void write_repay(Context& ctx, MarketId market_id, const MarketBook& book, AccountId payer, AccountId borrower,
                 const RepayPlan& plan) {
  const AssetId asset = ctx.state.markets[market_id].config.asset;
  Account& payer_account = ctx.write_account(payer);
  U256& wallet = payer_account.wallet.at_or_insert(asset);
  wallet -= plan.amount;  // checked in plan_repay
  Position& position = ctx.write_account(borrower).positions.at_or_insert(market_id);
  position.principal = plan.new_borrow_balance;
  position.interest_index = book.borrow_index;
  ctx.emit(Repaid{.market = market_id,
                  .payer = payer,
                  .borrower = borrower,
                  .amount = plan.amount,
                  .borrow_balance = plan.new_borrow_balance});
}

void run(Context& ctx, const Repay& r) {
  if (ctx.state.protocol == Protocol::flux_protocol)
    return flux_protocol::repay(ctx, r.sender, r.borrower, r.market, r.amount);
  ctx.market(r.market);
  MarketBook book = ctx.accrue(r.market);
  U256 amount = r.amount;
  if (amount == u256_max()) amount = borrow_balance_stored(book, ctx.account(r.borrower).position(r.market));
  RewardsPlan rewards(ctx.state, ctx.block);
  const RepayPlan plan = plan_repay(ctx, r.market, book, r.sender, r.borrower, amount, rewards);
  rewards.write(ctx);
  write_repay(ctx, r.market, book, r.sender, r.borrower, plan);
  ctx.write_book(r.market) = book;
}

}  // namespace flux
