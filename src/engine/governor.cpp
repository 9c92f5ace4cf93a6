#include "engine/governor.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/state.hpp"

#include <algorithm>

namespace flux {
namespace {

U256 whole_flux(std::uint64_t n) { return U256(n) * mantissa_one(); }

}  // namespace

const U256& proposal_threshold_default() {
  static const U256 v = whole_flux(100'000'000);
  return v;
}
const U256& quorum_votes_default() {
  static const U256 v = whole_flux(1'000'000);
  return v;
}
const U256& governance_votes_min() {
  static const U256 v = whole_flux(1'000);
  return v;
}
const U256& governance_votes_max() {
  static const U256 v = whole_flux(1'000'000'000);
  return v;
}

std::uint64_t blocks_for_seconds(std::uint64_t seconds, std::uint64_t block_interval_ms) {
  // seconds * 1000 / interval = q * 1000 + r * 1000 / interval with seconds = q * interval
  // + r: r * 1000 < interval * 1000 <= 8.64e10 never overflows, and only q * 1000 can.
  const std::uint64_t q = seconds / block_interval_ms;
  const std::uint64_t r = seconds % block_interval_ms;
  constexpr std::uint64_t none = ~std::uint64_t{0};
  if (q > (none - 1'000) / 1'000) return none;
  return q * 1'000 + (r * 1'000 + block_interval_ms - 1) / block_interval_ms;
}

GovernorParams default_governor_params() {
  GovernorParams p;
  p.proposal_threshold = proposal_threshold_default();
  p.voting_delay = voting_delay_default;
  p.voting_period = voting_period_default;
  p.quorum_votes = quorum_votes_default();
  return p;
}

Error check_governance_parameter(GovernanceParameter parameter, const U256& value) {
  const auto within = [&value](std::uint64_t lo, std::uint64_t hi) { return value >= lo && value <= hi; };
  bool ok = false;
  switch (parameter) {
    case GovernanceParameter::proposal_threshold:
    case GovernanceParameter::quorum_votes:
      ok = value >= governance_votes_min() && value <= governance_votes_max();
      break;
    case GovernanceParameter::voting_delay: ok = within(voting_delay_min, voting_delay_max); break;
    case GovernanceParameter::voting_period: ok = within(voting_period_min, voting_period_max); break;
    case GovernanceParameter::timelock_delay: ok = within(timelock_delay_min, timelock_delay_max); break;
  }
  return ok ? Error::ok : Error::invalid_parameter;
}

const U256& proposal_threshold_max_share() {
  static const U256 v{100'000'000'000'000'000ULL};  // 0.1e18
  return v;
}
const U256& quorum_votes_max_share() {
  static const U256 v{400'000'000'000'000'000ULL};  // 0.4e18
  return v;
}

U256 voting_supply(const State& state) {
  const Governance& g = state.governance;
  if (!g.enabled()) return 0;
  const AssetId token = g.token;
  const auto wallet = [&state, token](AccountId id) {
    return id < state.accounts.size() ? state.accounts[id].wallet_balance(token) : U256(0);
  };
  // Undistributed reserve: funded - distributed (rewards.hpp: distributed <= funded).
  const RewardsPool& pool = state.rewards.pool;
  U256 out_of_circulation = add(wallet(g.timelock), sub(pool.funded, pool.distributed));
  if (state.roles.locked_supply_holder != g.timelock)
    out_of_circulation = add(out_of_circulation, wallet(state.roles.locked_supply_holder));
  const U256& issued = state.assets[token].issued;
  return issued > out_of_circulation ? issued - out_of_circulation : U256(0);
}

U256 proposal_threshold_cap(const State& state) {
  return mul_exp(voting_supply(state), proposal_threshold_max_share());
}
U256 quorum_votes_cap(const State& state) { return mul_exp(voting_supply(state), quorum_votes_max_share()); }

U256 effective_proposal_threshold(const State& state) {
  return std::min(state.governance.params.proposal_threshold, proposal_threshold_cap(state));
}
U256 effective_quorum_votes(const State& state) {
  return std::min(state.governance.params.quorum_votes, quorum_votes_cap(state));
}

Error check_governance_parameter(const State& state, GovernanceParameter parameter, const U256& value) {
  if (const Error fixed = check_governance_parameter(parameter, value); fixed != Error::ok) return fixed;
  if (parameter == GovernanceParameter::proposal_threshold && value > proposal_threshold_cap(state))
    return Error::invalid_parameter;
  if (parameter == GovernanceParameter::quorum_votes && value > quorum_votes_cap(state))
    return Error::invalid_parameter;
  return Error::ok;
}

const char* proposal_state_name(ProposalState state) {
  switch (state) {
    case ProposalState::pending: return "pending";
    case ProposalState::active: return "active";
    case ProposalState::canceled: return "canceled";
    case ProposalState::defeated: return "defeated";
    case ProposalState::succeeded: return "succeeded";
    case ProposalState::queued: return "queued";
    case ProposalState::expired: return "expired";
    case ProposalState::executed: return "executed";
  }
  return "unknown";
}

AccountId Governance::delegate_of(AccountId account) const {
  const auto it = voters.find(account);
  return it == voters.end() ? no_account : it->second.delegate;
}

U256 current_votes(const Governance& g, AccountId account) {
  const auto it = g.voters.find(account);
  if (it == g.voters.end() || it->second.checkpoints.empty()) return 0;
  return it->second.checkpoints.back().votes;
}

// Comp's getPriorVotes: the last checkpoint whose from_block <= block, by binary search.
U256 votes_at(const Governance& g, AccountId account, std::uint64_t block) {
  const auto it = g.voters.find(account);
  if (it == g.voters.end()) return 0;
  const std::vector<Checkpoint>& cps = it->second.checkpoints;
  const auto after = std::upper_bound(cps.begin(), cps.end(), block,
                                      [](std::uint64_t b, const Checkpoint& c) { return b < c.from_block; });
  return after == cps.begin() ? U256(0) : std::prev(after)->votes;
}

// GovernorBravoDelegate.state(), with blocks for the timelock's timestamps.
ProposalState proposal_state(const Proposal& p, std::uint64_t block, std::uint64_t grace_period_blocks) {
  if (p.canceled) return ProposalState::canceled;
  if (block <= p.start_block) return ProposalState::pending;
  if (block <= p.end_block) return ProposalState::active;
  if (p.for_votes <= p.against_votes || p.for_votes < p.quorum_votes) return ProposalState::defeated;
  if (p.eta == 0) return ProposalState::succeeded;
  if (p.executed) return ProposalState::executed;
  if (block >= p.eta && block - p.eta >= grace_period_blocks) return ProposalState::expired;
  return ProposalState::queued;
}

void install_governance(State& state, const GovernanceSetup& setup) {
  require(!state.governance.enabled(), Error::invalid_parameter);
  require(setup.token < state.assets.size(), Error::unknown_asset);
  require(state.assets[setup.token].decimals == 18, Error::invalid_parameter);
  for (const Market& m : state.markets) require(m.config.asset != setup.token, Error::invalid_parameter);
  require(setup.timelock < state.accounts.size(), Error::unknown_account);
  require(setup.timelock != state.roles.locked_supply_holder, Error::invalid_parameter);
  require(setup.block_interval_ms >= block_interval_ms_min && setup.block_interval_ms <= block_interval_ms_max,
          Error::invalid_parameter);
  const GovernorParams& p = setup.params;
  for (const auto& [parameter, value] : {std::pair{GovernanceParameter::proposal_threshold, p.proposal_threshold},
                                         std::pair{GovernanceParameter::voting_delay, U256(p.voting_delay)},
                                         std::pair{GovernanceParameter::voting_period, U256(p.voting_period)},
                                         std::pair{GovernanceParameter::quorum_votes, p.quorum_votes},
                                         std::pair{GovernanceParameter::timelock_delay, U256(setup.timelock_delay)}})
    require(check_governance_parameter(parameter, value) == Error::ok, Error::invalid_parameter);

  Governance& g = state.governance;
  g = Governance{};
  g.token = setup.token;
  g.timelock = setup.timelock;
  g.params = p;
  g.timelock_delay = setup.timelock_delay;
  g.block_interval_ms = setup.block_interval_ms;
  if (setup.timelock_is_admin) state.roles.admin = setup.timelock;
}

}  // namespace flux
