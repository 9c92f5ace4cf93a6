// schedule_upgrade: set (or cancel) the protocol rule upgrade (upgrade.hpp). Admin
// only, so on a governed chain it comes from an executed proposal, and the timelock
// delay is the notice node operators get.
//
// version == the current rule version: cancel -> activation_block must be 0 and an
//   upgrade must be scheduled (invalid_parameter otherwise) -> the schedule is gone.
// version > current: activation_block after this block (invalid_parameter) ->
//   replaces any earlier schedule. A version this build does not implement may be
//   scheduled: that is how old builds learn where to stop.
// version < current: invalid_parameter (rules never go back).
//
// The minimum notice is one block: the block that schedules an upgrade never runs
// under it. A longer minimum would be a constant the engine imposes on every chain,
// while the notice operators need depends on the chain; governance's timelock delay
// (at least a day) already gives it where the admin is not trusted.
#include "engine/operations/context.hpp"

namespace flux {

void run(Context& ctx, const ScheduleUpgrade& r) {
  const State& s = ctx.state;
  if (r.version == s.rule_version) {
    require(r.activation_block == 0 && s.scheduled_upgrade.has_value(), Error::invalid_parameter);
    const ScheduledUpgrade canceled = *s.scheduled_upgrade;
    ctx.write_scheduled_upgrade().reset();
    ctx.emit(UpgradeCanceled{
        .canceled_by = r.sender, .version = canceled.version, .activation_block = canceled.activation_block});
    return;
  }
  require(r.version > s.rule_version, Error::invalid_parameter);
  require(r.activation_block > ctx.block, Error::invalid_parameter);
  ctx.write_scheduled_upgrade() = ScheduledUpgrade{r.version, r.activation_block};
  ctx.emit(UpgradeScheduled{.scheduled_by = r.sender, .version = r.version, .activation_block = r.activation_block});
}

}  // namespace flux
