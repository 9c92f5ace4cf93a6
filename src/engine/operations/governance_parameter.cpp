// set_governance_parameter: the governor's own settings and the timelock's delay,
// each within its bounds (governor.hpp). Admin only: once the timelock is the admin,
// governance changes its own rules only by a proposal.
#include "engine/operations/context.hpp"

namespace flux {

// governance installed -> value within the parameter's bounds, for the threshold and
// the quorum also within their share of the voting supply now (governor.hpp) -> set.
void run(Context& ctx, const SetGovernanceParameter& r) {
  ctx.governance();
  require(check_governance_parameter(ctx.state, r.parameter, r.value) == Error::ok, Error::invalid_parameter);
  switch (r.parameter) {
    case GovernanceParameter::proposal_threshold: ctx.write_governor_params().proposal_threshold = r.value; break;
    case GovernanceParameter::voting_delay:
      ctx.write_governor_params().voting_delay = static_cast<std::uint64_t>(r.value);
      break;
    case GovernanceParameter::voting_period:
      ctx.write_governor_params().voting_period = static_cast<std::uint64_t>(r.value);
      break;
    case GovernanceParameter::quorum_votes: ctx.write_governor_params().quorum_votes = r.value; break;
    case GovernanceParameter::timelock_delay: ctx.write_timelock_delay() = static_cast<std::uint64_t>(r.value); break;
  }
  ctx.emit(ParameterChanged{.market = no_market, .value = r.value});
}

}  // namespace flux
