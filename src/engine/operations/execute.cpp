// execute: run a queued proposal's actions through the timelock (GovernorBravo's
// execute with the Timelock's executeTransaction).
// governance installed -> the proposal exists -> not expired (proposal_expired) ->
// queued (proposal_not_queued) -> block >= eta (timelock_not_ready) -> each action in
// order, as the request of its type sent by the timelock: its accounts known, the
// timelock holding the role it needs, then the operation itself -> executed.
//
// All or none. Each operation is atomic on its own, but a later action may fail after
// earlier ones have written. So before the first action, everything the actions can
// write is saved (a sandbox: markets, assets, risk settings, roles, the governor's
// parameters, the rewards' market speeds and indices and the reserve's counters, the
// scheduled upgrade, and the accounts the actions name, the timelock and the locked
// supply holder). No action touches a proposal or an account's rewards, and the only
// FLUX an action moves is the timelock's own (fund_rewards), which moves no votes: the
// timelock can never delegate, as no request comes from it. So votes, proposals and
// account rewards need no saving. If any action fails, all of it is put back and the
// execute fails with action_failed, naming the action's index and its own error
// (Outcome).
#include "engine/authorization.hpp"
#include "engine/operations/context.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace flux {
namespace {

// The accounts an action can write: its sender (the timelock) and the accounts it
// names. list_market also writes the locked supply holder.
void add_named_accounts(const GovernanceAction& action, std::vector<AccountId>& out) {
  std::visit(
      [&out](const auto& a) {
        out.push_back(a.sender);
        if constexpr (requires { a.to; }) out.push_back(a.to);
        if constexpr (requires { a.account; }) out.push_back(a.account);
      },
      action);
}

class Sandbox {
 public:
  Sandbox(const State& s, const std::vector<GovernanceAction>& actions)
      : markets_(s.markets), assets_(s.assets), risk_(s.risk), roles_(s.roles), params_(s.governance.params),
        timelock_delay_(s.governance.timelock_delay), reward_markets_(s.rewards.markets),
        reward_pool_(s.rewards.pool), scheduled_upgrade_(s.scheduled_upgrade) {
    std::vector<AccountId> ids{s.roles.locked_supply_holder};
    for (const GovernanceAction& action : actions) add_named_accounts(action, ids);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (AccountId id : ids)
      if (id < s.accounts.size()) accounts_.emplace_back(id, s.accounts[id]);
  }

  void restore(State& s) const {
    s.markets = markets_;
    s.assets = assets_;
    s.risk = risk_;
    s.roles = roles_;
    s.governance.params = params_;
    s.governance.timelock_delay = timelock_delay_;
    s.rewards.markets = reward_markets_;
    s.rewards.pool = reward_pool_;
    s.scheduled_upgrade = scheduled_upgrade_;
    for (const auto& [id, account] : accounts_) s.accounts[id] = account;
  }

 private:
  std::vector<Market> markets_;
  std::vector<Asset> assets_;
  RiskParams risk_;
  Roles roles_;
  GovernorParams params_;
  std::uint64_t timelock_delay_;
  std::map<MarketId, MarketRewards> reward_markets_;
  RewardsPool reward_pool_;
  std::optional<ScheduledUpgrade> scheduled_upgrade_;  // schedule_upgrade
  std::vector<std::pair<AccountId, Account>> accounts_;
};

// Runs one action as the timelock; Error::ok or why it failed.
Error run_action(Context& ctx, const GovernanceAction& action) {
  const Request request = action_request(action);
  if (!request_accounts_known(ctx.state, request)) return Error::unknown_account;
  if (const Error denied = authorize_role(ctx.state, request); denied != Error::ok) return denied;
  try {
    std::visit([&ctx](const auto& a) { run(ctx, a); }, action);
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

  const Sandbox sandbox(ctx.state, p->actions);
  const std::vector<GovernanceAction>& actions = p->actions;  // actions never touch proposals
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Error error = run_action(ctx, actions[i]);
    if (error != Error::ok) {
      sandbox.restore(ctx.state);
      ActionFailed failed;
      failed.error = Error::action_failed;
      failed.index = static_cast<std::uint32_t>(i);
      failed.action_error = error;
      throw failed;
    }
  }
  ctx.state.governance.proposals[r.proposal - 1].executed = true;
  ctx.emit_governance(EventKind::proposal_executed, r.proposal, r.sender, no_account, 0);
}

}  // namespace flux
