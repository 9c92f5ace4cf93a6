// repay: accrue -> working check -> something owed -> at most the debt -> the payer's
// wallet -> total borrows less the payment (checked: the reference's total can be a
// few units below the sum of the debts) -> checkpoint (a full repay leaves the
// membership as it was under the reference's rules; Flux's takes the market out of
// the set when nothing is left there).
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {

void repay(Context& ctx, AccountId payer, AccountId borrower, MarketId id, const U256& amount) {
  WorkingSet ws(ctx);
  ws.market(id);
  accrue(ws, id);
  working_check(ctx.state, ws.market(id));
  const U256 debt = debt_of(ws.account(borrower), id, ws.market(id));
  require(!debt.is_zero(), Error::nothing_owed);
  const U256 paid = amount < debt ? amount : debt;
  pay_in(ws, id, payer, paid);
  Market& market = ws.write_market(id);
  market.book.total_borrows = sub(market.book.total_borrows, paid);
  const U256 left = debt - paid;
  Position& held = ws.write_account(borrower).positions.at_or_insert(id);
  held.principal = left;
  held.interest_index = left.is_zero() ? U256(0) : market.book.borrow_index;
  if (!left.is_zero()) update_membership(ws, borrower, id);
  else if (ctx.state.protocol_settings.fixes.membership_updates) leave_if_empty(ws, borrower, id);
  ws.commit();
  ctx.emit(Repaid{.market = id, .payer = payer, .borrower = borrower, .amount = paid, .borrow_balance = left});
}

}  // namespace flux::flux_protocol
