// delegate: choose whom one's FLUX votes for (Comp's delegate). Delegating to oneself
// makes one's own FLUX count; delegating to no_account makes it count for no one.
#include "engine/operations/context.hpp"
#include "engine/operations/votes.hpp"

namespace flux {

// governance installed -> the whole FLUX balance's votes move from the current
// delegate to the new one -> the delegate is recorded.
void run(Context& ctx, const Delegate& r) {
  const Governance& g = ctx.governance();
  const AccountId current = g.delegate_of(r.sender);
  VotePlan votes(ctx.state);
  votes.move(current, r.delegatee, ctx.account(r.sender).wallet_balance(g.token));

  if (r.delegatee != no_account) {
    ctx.write_voter(r.sender).delegate = r.delegatee;
  } else if (g.voters.count(r.sender) != 0) {
    Voter& voter = ctx.write_voter(r.sender);
    voter.delegate = no_account;
    if (voter.empty()) ctx.erase_voter(r.sender);  // no empty entries: the state stays canonical
  }
  ctx.emit(DelegateChanged{.delegator = r.sender, .delegate = r.delegatee});
  votes.write(ctx);
}

}  // namespace flux
