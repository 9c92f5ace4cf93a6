#include "engine/operations/votes.hpp"

namespace flux {

void VotePlan::token_moved(AssetId asset, AccountId from, AccountId to, const U256& amount) {
  const Governance& g = state_.governance;
  if (!g.enabled() || asset != g.token) return;
  move(from == no_account ? no_account : g.delegate_of(from), to == no_account ? no_account : g.delegate_of(to),
       amount);
}

void VotePlan::move(AccountId from_delegate, AccountId to_delegate, const U256& amount) {
  if (from_delegate == to_delegate || amount.is_zero()) return;
  if (from_delegate != no_account) {
    const U256 before = planned_votes(from_delegate);
    planned(from_delegate) = sub(before, amount);
  }
  if (to_delegate != no_account) {
    const U256 before = planned_votes(to_delegate);
    planned(to_delegate) = add(before, amount);
  }
}

U256 VotePlan::planned_votes(AccountId delegate) const {
  for (const auto& [who, votes] : votes_after_)
    if (who == delegate) return votes;
  return current_votes(state_.governance, delegate);
}

U256& VotePlan::planned(AccountId delegate) {
  for (auto& entry : votes_after_)
    if (entry.first == delegate) return entry.second;
  votes_after_.emplace_back(delegate, current_votes(state_.governance, delegate));
  return votes_after_.back().second;
}

void VotePlan::write(Context& ctx) const {
  for (const auto& [delegate, votes] : votes_after_) {
    std::vector<Checkpoint>& checkpoints = ctx.write_voter(delegate).checkpoints;
    const U256 before = checkpoints.empty() ? U256(0) : checkpoints.back().votes;
    if (!checkpoints.empty() && checkpoints.back().from_block == ctx.block) checkpoints.back().votes = votes;
    else checkpoints.push_back(Checkpoint{ctx.block, votes});
    ctx.emit(VotesChanged{.delegate = delegate, .before = before, .after = votes});
  }
}

}  // namespace flux
