// execute: run a queued proposal's actions through the timelock (GovernorBravo's
// execute with the Timelock's executeTransaction).
// governance installed -> the proposal exists -> not expired (proposal_expired) ->
// queued (proposal_not_queued) -> block >= eta (timelock_not_ready) -> each action in
// order, as the request of its type sent by the timelock: its accounts known, the
// timelock holding the role it needs, then the operation itself -> executed.
//
// All or none. Each action checks before it writes, as every operation does; a later
// action may still fail after earlier ones have written. The execute then fails with
// action_failed, naming the action's index and its own error (Outcome), and apply()
// undoes every write of the request from its journal (journal.hpp).
#include "engine/authorization.hpp"
#include "engine/operations/context.hpp"

#include <vector>

namespace flux {
namespace {

// Runs one action as the timelock; Error::ok or why it failed.
Error run_action(Context& ctx, const GovernanceAction& action) {
  const Request request = action_request(action);
  if (!request_accounts_known(ctx.state, request)) return Error::unknown_account;
  if (const Error denied = authorize_role(ctx.state, request); denied != Error::ok) return denied;
  try {
    // The phase rule holds for each action on its own (context.hpp).
    run_in_phases(ctx, request_name(request),
                  [&ctx, &action] { std::visit([&ctx](const auto& a) { run(ctx, a); }, action); });
  } catch (const Failure& failure) {
    return failure.error;
  }
  return Error::ok;
}

}  // namespace

void run(Context& ctx, const Execute& r) {
  const Governance& g = ctx.governance();
  const Proposal* p = g.find_proposal(r.proposal);
  require(p != nullptr, Error::unknown_proposal);
  const ProposalState state = proposal_state(*p, ctx.block, g.grace_period_blocks());
  require(state != ProposalState::expired, Error::proposal_expired);
  require(state == ProposalState::queued, Error::proposal_not_queued);
  require(ctx.block >= p->eta, Error::timelock_not_ready);

  const std::vector<GovernanceAction>& actions = p->actions;  // actions never touch proposals
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Error error = run_action(ctx, actions[i]);
    if (error != Error::ok) {
      ActionFailed failed;
      failed.error = Error::action_failed;
      failed.index = static_cast<std::uint32_t>(i);
      failed.action_error = error;
      throw failed;
    }
  }
  ctx.write_proposal(r.proposal).executed = true;
  ctx.emit(ProposalExecuted{.proposal = r.proposal, .executed_by = r.sender});
}

}  // namespace flux
