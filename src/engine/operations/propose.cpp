// propose: put typed actions to a vote (GovernorBravo's propose).
// governance installed -> votes at block - 1 > the proposal threshold, at most 10% of
// the voting supply now (governor.hpp) -> 1 to 10 actions -> description within its
// limit -> the proposer has no pending or active proposal -> room for another
// proposal -> no action that can only fail (proposal_checks.hpp: action_failed, with
// the action's index and error, as an execute would report it) -> start = block +
// voting delay, end = start + voting period (the delay and period in seconds, as
// blocks: Governance::blocks) -> recorded, with the quorum of now (at most 40% of the
// voting supply now) and the actions' sender set to the timelock.
#include "engine/operations/context.hpp"
#include "engine/proposal_checks.hpp"

namespace flux {

void run(Context& ctx, const Propose& r) {
  const Governance& g = ctx.governance();
  const U256 votes = ctx.block == 0 ? U256(0) : votes_at(g, r.sender, ctx.block - 1);
  require(votes > effective_proposal_threshold(ctx.state), Error::below_proposal_threshold);
  require(!r.actions.empty() && r.actions.size() <= max_proposal_actions, Error::invalid_actions);
  require(r.description.size() <= max_description_bytes, Error::invalid_parameter);
  if (const auto latest = g.latest_proposal.find(r.sender); latest != g.latest_proposal.end()) {
    const ProposalState state = proposal_state(*g.find_proposal(latest->second), ctx.block, g.grace_period_blocks());
    require(state != ProposalState::active && state != ProposalState::pending, Error::live_proposal_exists);
  }
  require(g.proposals.size() < max_proposals, Error::limit_reached);
  if (const ActionCheck check = check_proposal_actions(ctx.state, r.actions); !check.ok()) {
    ActionFailed failed;
    failed.error = Error::action_failed;
    failed.index = static_cast<std::uint32_t>(check.index);
    failed.action_error = check.error;
    throw failed;
  }

  Proposal p;
  p.id = g.proposals.size() + 1;
  p.proposer = r.sender;
  p.start_block = add_blocks(ctx.block, g.voting_delay_blocks());
  p.end_block = add_blocks(p.start_block, g.voting_period_blocks());
  p.quorum_votes = effective_quorum_votes(ctx.state);
  p.description = r.description;
  p.actions = r.actions;
  for (GovernanceAction& action : p.actions) {
    std::visit([&g](auto& a) { a.sender = g.timelock; }, action);
    // list_market converts `rate_model`; the config's own converted model is unused,
    // so it is cleared to keep the stored action canonical.
    if (auto* listing = std::get_if<ListMarket>(&action)) listing->config.rate_model = RateModel{};
  }

  const std::uint64_t id = p.id;
  const std::uint64_t start = p.start_block;
  const std::uint64_t end = p.end_block;
  ctx.append_proposal() = std::move(p);
  ctx.write_latest_proposals()[r.sender] = id;
  ctx.emit(ProposalCreated{
      .proposal = id, .proposer = r.sender, .start_block = start, .end_block = end, .description = r.description});
}

}  // namespace flux
