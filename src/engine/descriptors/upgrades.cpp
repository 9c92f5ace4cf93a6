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
      // Described by its fields alone: no layer has code of its own for it.
      .transactions = {{"ScheduleUpgrade",
                        {bound_field<FieldKind::u32, &ScheduleUpgrade::version>("version", "version",
                                                                                "protocol rule version"),
                         bound_field<FieldKind::u64, &ScheduleUpgrade::activation_block>(
                             "activationBlock", "activation_block", "block number")}}},
      .scenario_ops = {{"schedule_upgrade", {"version", "activation_block"}, false}},
  };
  return d;
}

}  // namespace flux
