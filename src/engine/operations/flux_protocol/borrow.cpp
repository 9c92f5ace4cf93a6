// borrow: no supply in this market -> accrue -> the market's smallest borrow ->
// borrowing switched on -> working check -> the pool's cap -> a credit line in this
// market: the whole borrow value within its limit; otherwise the borrow limit and the
// 110% line -> checkpoint -> membership -> the market's cash pays out.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {

void borrow(Context& ctx, AccountId borrower, MarketId id, const U256& amount) {
  WorkingSet ws(ctx);
  ws.market(id);
  require(ftokens_of(ws.account(borrower), id).is_zero(), Error::nonzero_supply_balance);
  accrue(ws, id);
  const Market& market = ws.market(id);
  require(amount >= minimum_borrow(ctx.state, market), Error::below_minimum_borrow);
  require(!amount.is_zero(), Error::invalid_amount);
  require(!ctx.state.protocol_settings.borrow_disabled, Error::paused);
  working_check(ctx.state, market);
  const U256& cap = market.config.borrow_cap;
  require(cap.is_zero() || add(market.book.total_borrows, amount) <= cap, Error::borrow_cap_reached);
  const AccountValues values = account_values(ws, borrower, id, amount, 0);
  const ProtocolAccount& record = ws.protocol_account(borrower);
  const U256 credit = record.credit_limit(id);
  if (!credit.is_zero()) {
    // The limit is per market but weighs the whole borrow value, as the reference does.
    require(values.borrow_value <= credit, Error::insufficient_liquidity);
    require(record.credit_borrower, Error::not_credit_borrower);
  } else {
    require(values.borrow_value <= values.borrow_limit, Error::insufficient_liquidity);
    require(may_borrow(values), Error::collateral_ratio_too_low);
  }

  const U256 new_debt = add(debt_of(ws.account(borrower), id, market), amount);
  Market& written = ws.write_market(id);
  written.book.total_borrows = add(written.book.total_borrows, amount);
  Position& held = ws.write_account(borrower).positions.at_or_insert(id);
  held.principal = new_debt;
  held.interest_index = written.book.borrow_index;
  update_membership(ws, borrower, id);
  pay_out(ws, id, borrower, amount);
  ws.commit();
  ctx.emit(Borrowed{.market = id, .account = borrower, .amount = amount, .borrow_balance = new_debt});
}

}  // namespace flux::flux_protocol
