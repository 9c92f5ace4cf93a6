// The Guard, Flux Protocol's backstop: it takes over the positions nobody liquidates
// (margin call), repays its debts from what it holds, and the admin takes seized
// collateral out to sell it.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux {

// Not the Guard's own position -> liquidation switched on -> not a credit borrower ->
// below the 110% line. Then each market the borrower is in, in its join order: accrue;
// working check; the borrower's fTokens become underlying in the Guard's wallet when
// the market's cash covers them, or otherwise move to the Guard as fTokens: under the
// reference's rules through an ordinary transfer, whose check on the borrower fails
// while it still owes anything (so an illiquid market blocks the margin call), under
// Flux's without that check; its debt becomes the Guard's. No fee, no payment: bad
// debt stays in total borrows, under the Guard's name.
void run(Context& ctx, const MarginCall& r) {
  using namespace flux_protocol;
  const Settings& settings = ctx.state.protocol_settings;
  const AccountId guard = settings.guard;
  WorkingSet ws(ctx);
  require(r.borrower != guard, Error::guard_position);
  if (settings.fixes.fresh_eligibility) accrue_account(ws, r.borrower);
  require(liquidation_allowed(ws, r.borrower), Error::insufficient_shortfall);

  const std::vector<MarketId> joined = ws.protocol_account(r.borrower).joined;
  for (const MarketId id : joined) {
    accrue(ws, id);
    working_check(ctx.state, ws.market(id));
    const U256 ftokens = ftokens_of(ws.account(r.borrower), id);
    U256 supplies;
    if (!ftokens.is_zero()) {
      supplies = mul_scalar_truncate(exchange_rate_of(ws.market(id)), ftokens);
      if (ws.market(id).book.cash >= supplies) {
        ws.write_account(r.borrower).positions.at_or_insert(id).tokens = 0;
        ws.write_market(id).book.total_supply -= ftokens;
        update_membership(ws, r.borrower, id);
        pay_out(ws, id, guard, supplies);
      } else {
        if (!settings.fixes.illiquid_collateral_moves) check_redeem_allowed(ws, r.borrower, id, ftokens);
        move_ftokens(ws, id, r.borrower, guard, ftokens);
        update_membership(ws, r.borrower, id);
        update_membership(ws, guard, id);
      }
    }
    const Market& market = ws.market(id);
    const U256 debt = debt_of(ws.account(r.borrower), id, market);
    if (!debt.is_zero()) {
      const U256 guard_debt = add(debt_of(ws.account(guard), id, market), debt);
      const U256 index = market.book.borrow_index;
      Position& owed = ws.write_account(r.borrower).positions.at_or_insert(id);
      owed.principal = 0;
      owed.interest_index = 0;
      Position& taken = ws.write_account(guard).positions.at_or_insert(id);
      taken.principal = guard_debt;
      taken.interest_index = index;
      update_membership(ws, guard, id);
    }
    if (settings.fixes.membership_updates) leave_if_empty(ws, r.borrower, id);
    if (!ftokens.is_zero() || !debt.is_zero())
      ctx.emit(Liquidated{
          .market = id, .liquidator = guard, .borrower = r.borrower, .repaid = debt, .tokens_seized = ftokens});
  }
  ws.commit();
}

// The market open -> the Guard's debt at the last accrual, paid as far as its wallet
// goes, through an ordinary repay (which accrues first, so that accrual's interest
// stays owed).
void run(Context& ctx, const GuardRepay& r) {
  using namespace flux_protocol;
  const AccountId guard = ctx.state.protocol_settings.guard;
  const Market& market = ctx.market(r.market);
  require(market.pool.status == MarketStatus::opened, Error::market_closed);
  const Account& account = ctx.account(guard);
  const U256 debt = debt_of(account, r.market, market);
  const U256 held = account.wallet_balance(market.config.asset);
  const U256 pay = debt < held ? debt : held;
  if (pay.is_zero()) return;
  repay(ctx, guard, guard, r.market, pay);
}

// The admin takes the Guard's seized collateral (or fee income) out to sell it.
void run(Context& ctx, const GuardWithdraw& r) {
  const AccountId guard = ctx.state.protocol_settings.guard;
  require(r.asset < ctx.state.assets.size(), Error::unknown_asset);
  require(ctx.account(guard).wallet_balance(r.asset) >= r.amount, Error::insufficient_balance);
  U256& from = ctx.write_account(guard).wallet.at_or_insert(r.asset);
  from -= r.amount;
  U256& to = ctx.write_account(r.sender).wallet.at_or_insert(r.asset);
  to = add(to, r.amount);
  ctx.emit(AssetTransferred{.asset = r.asset, .from = guard, .to = r.sender, .amount = r.amount});
}

}  // namespace flux
