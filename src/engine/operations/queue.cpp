// queue: put a succeeded proposal in the timelock (GovernorBravo's queue).
// governance installed -> the proposal exists -> succeeded (for > against and for >=
// its quorum, voting over) -> eta = block + timelock delay (seconds, as blocks: Governance::blocks).
#include "engine/operations/context.hpp"

namespace flux {

void run(Context& ctx, const Queue& r) {
  const Governance& g = ctx.governance();
  const Proposal* p = g.find_proposal(r.proposal);
  require(p != nullptr, Error::unknown_proposal);
  require(proposal_state(*p, ctx.block, g.grace_period_blocks()) == ProposalState::succeeded,
          Error::proposal_not_succeeded);
  const std::uint64_t eta = add_blocks(ctx.block, g.timelock_delay_blocks());
  ctx.write_proposal(r.proposal).eta = eta;
  ctx.emit(ProposalQueued{.proposal = r.proposal, .queued_by = r.sender, .eta = eta});
}

}  // namespace flux
