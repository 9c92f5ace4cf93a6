// cancel: withdraw a proposal (GovernorBravo's cancel).
// governance installed -> the proposal exists -> not executed (proposal_executed) ->
// the proposer may always; anyone else only while the proposer's votes at block - 1
// are below the proposal threshold (cancel_not_allowed: not a role the sender lacks,
// but a rule about the proposer's votes) -> canceled.
#include "engine/operations/context.hpp"

namespace flux {

void run(Context& ctx, const Cancel& r) {
  const Governance& g = ctx.governance();
  const Proposal* p = g.find_proposal(r.proposal);
  require(p != nullptr, Error::unknown_proposal);
  require(proposal_state(*p, ctx.block, g.grace_period_blocks()) != ProposalState::executed, Error::proposal_executed);
  if (r.sender != p->proposer) {
    const U256 votes = ctx.block == 0 ? U256(0) : votes_at(g, p->proposer, ctx.block - 1);
    require(votes < g.params.proposal_threshold, Error::cancel_not_allowed);
  }
  ctx.write_proposal(r.proposal).canceled = true;
  ctx.emit(ProposalCanceled{.proposal = r.proposal, .canceled_by = r.sender});
}

}  // namespace flux
