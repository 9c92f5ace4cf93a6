// Descriptors of protocol rule upgrades (operations/schedule_upgrade.cpp).
#include "engine/descriptors/describe.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<ScheduleUpgrade>() {
  static const OperationDescriptor d{
      .name = "schedule_upgrade",
      .role = Role::admin,
      .events = {E::upgrade_scheduled, E::upgrade_canceled},
      .action_tag = 20,
      .transactions = {{"ScheduleUpgrade",
                        {{"version", "uint32", "protocol rule version"},
                         {"activationBlock", "uint64", "block number"}}}},
      .scenario_ops = {{"schedule_upgrade", {"version", "activation_block"}, false}},
  };
  return d;
}

}  // namespace flux
