// cast_vote: vote on an active proposal with one's votes as of its start block
// (GovernorBravo's castVoteInternal).
// governance installed -> the proposal exists -> it is active -> support is 0, 1 or 2
// -> the reason within its limit -> not voted yet -> votes_at(voter, start block) are
// added to the support's tally, and the receipt recorded.
#include "engine/operations/context.hpp"

namespace flux {

void run(Context& ctx, const CastVote& r) {
  const Governance& g = ctx.governance();
  const Proposal* p = g.find_proposal(r.proposal);
  require(p != nullptr, Error::unknown_proposal);
  require(proposal_state(*p, ctx.block, g.grace_period_blocks()) == ProposalState::active, Error::voting_closed);
  require(r.support <= vote_abstain, Error::invalid_parameter);
  require(r.reason.size() <= max_reason_bytes, Error::invalid_parameter);
  require(!p->receipts.contains(r.sender), Error::already_voted);

  // Votes bought or delegated after the start block count nothing here.
  const U256 votes = votes_at(g, r.sender, p->start_block);
  const U256& tally = r.support == vote_for       ? p->for_votes
                      : r.support == vote_against ? p->against_votes
                                                  : p->abstain_votes;
  const U256 new_tally = add(tally, votes);

  Proposal& writable = ctx.write_proposal(r.proposal);
  (r.support == vote_for       ? writable.for_votes
   : r.support == vote_against ? writable.against_votes
                               : writable.abstain_votes) = new_tally;
  writable.receipts.emplace(r.sender, VoteReceipt{r.support, votes});
  ctx.emit(
      VoteCast{.proposal = r.proposal, .voter = r.sender, .votes = votes, .support = r.support, .reason = r.reason});
}

}  // namespace flux
