// fToken transfers (transfer, transferFrom) and allowances. A transfer does not
// accrue: working check -> the sender may redeem that many (enough fTokens, limit,
// 115%) -> balances -> both memberships -> the spender's allowance.
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/operations.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {

void transfer(Context& ctx, std::optional<AccountId> spender, AccountId from, AccountId to, MarketId id,
              const U256& tokens) {
  WorkingSet ws(ctx);
  working_check(ctx.state, ws.market(id));
  check_redeem_allowed(ws, from, id, tokens);
  ws.write_account(from).positions.at_or_insert(id).tokens -= tokens;
  Position& received = ws.write_account(to).positions.at_or_insert(id);
  received.tokens = add(received.tokens, tokens);
  update_membership(ws, from, id);
  update_membership(ws, to, id);
  if (spender) {
    const U256 allowed = ws.protocol_account(from).allowance(id, *spender);
    require(allowed >= tokens, Error::insufficient_allowance);
    ws.write_protocol_account(from).set_allowance(id, *spender, allowed - tokens);
  }
  ws.commit();
  ctx.emit(Transferred{.market = id, .from = from, .to = to, .tokens = tokens});
}

}  // namespace flux::flux_protocol

namespace flux {

void run(Context& ctx, const TransferFrom& r) {
  flux_protocol::transfer(ctx, r.sender, r.from, r.to, r.market, r.tokens);
}

void run(Context& ctx, const Approve& r) {
  ctx.market(r.market);
  flux_protocol::WorkingSet ws(ctx);
  ws.write_protocol_account(r.sender).set_allowance(r.market, r.spender, r.tokens);
  ws.commit();
}

}  // namespace flux
