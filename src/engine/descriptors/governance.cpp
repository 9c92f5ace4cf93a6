// Descriptors of governance (operations/governance_parameter.cpp, delegate.cpp,
// propose.cpp, cast_vote.cpp, cancel.cpp, queue.cpp, execute.cpp).
#include "engine/descriptors/describe.hpp"
#include "engine/descriptors/fields.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<SetGovernanceParameter>() {
  static const OperationDescriptor d{
      .name = "set_governance_parameter",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 17,
      .transactions = {{"SetGovernanceParameter",
                        {{"parameter", "string",
                          "proposal_threshold, voting_delay, voting_period, quorum_votes or timelock_delay"},
                         {"value", "uint256", "FLUX units (threshold, quorum) or seconds (delays, period)"}}}},
      .scenario_ops = {{"set_governance_parameter", {"parameter", "value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<Delegate>() {
  static const OperationDescriptor d{
      .name = "delegate",
      .events = {E::delegate_changed, E::votes_changed},
      .transactions = {{"Delegate", {{"delegatee", "address", "account (the zero address: no one)"}}}},
      .scenario_ops = {{"delegate", {"account", "delegatee"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<Propose>() {
  static const OperationDescriptor d{
      .name = "propose",
      .events = {E::proposal_created},
      .transactions = {{"Propose",
                        {{"actions", "string[]", "1 to 10 governance actions, each the JSON text of an object"},
                         {"description", "string", "text (its first line is the title)"}}}},
      .scenario_ops = {{"propose", {"account", "actions", "description"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<CastVote>() {
  static const OperationDescriptor d{
      .name = "cast_vote",
      .events = {E::vote_cast},
      .transactions =
          {{"CastVote",
            {fields::proposal, {"support", "uint8", "0 against, 1 for, 2 abstain"}, {"reason", "string", "text"}}}},
      .scenario_ops = {{"cast_vote", {"account", "proposal", "support", "reason"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<Cancel>() {
  static const OperationDescriptor d{
      .name = "cancel",
      .events = {E::proposal_canceled},
      .transactions = {{"Cancel", {fields::proposal}}},
      .scenario_ops = {{"cancel", {"account", "proposal"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<Queue>() {
  static const OperationDescriptor d{
      .name = "queue",
      .events = {E::proposal_queued},
      .transactions = {{"Queue", {fields::proposal}}},
      .scenario_ops = {{"queue", {"account", "proposal"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<Execute>() {
  static const OperationDescriptor d{
      .name = "execute",
      .events = {E::proposal_executed},
      .runs_actions = true,
      .transactions = {{"Execute", {fields::proposal}}},
      .scenario_ops = {{"execute", {"account", "proposal"}, true}},
  };
  return d;
}

}  // namespace flux
