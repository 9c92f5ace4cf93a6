// Who holds the roles beyond compliance: the oracle (the price source), the pause
// guardian, the KYC group admins, the sanctions admin, and the hand-over of the admin
// role to the timelock. All admin only (authorization.hpp), so once the timelock is the admin they
// change only through an executed proposal.
#include "engine/operations/context.hpp"

namespace flux {
namespace {

void role_changed(Context& ctx, AccountId account, std::uint32_t group, bool granted) {
  ctx.emit(RoleChanged{.account = account, .kyc_group = group, .granted = granted});
}

}  // namespace

// The guardian may only pause (authorization.hpp); the admin unpauses.
void run(Context& ctx, const SetPauseGuardian& r) {
  ctx.write_roles().pause_guardian = r.account;
  role_changed(ctx, r.account, 0, true);
}

// The price source. The new oracle's prices count from its next SetPrice; the prices
// set so far stay (a market is never left without one).
void run(Context& ctx, const SetOracle& r) {
  ctx.write_roles().oracle = r.account;
  role_changed(ctx, r.account, 0, true);
}

// granted: the group's KYC admin is now `account`, replacing any other. revoked: the
// account must be the group's admin (invalid_parameter), and the group has none after.
void run(Context& ctx, const SetKycGroupAdmin& r) {
  if (r.granted) {
    ctx.write_roles().kyc_group_admins.at_or_insert(r.group) = r.account;
  } else {
    const AccountId* holder = ctx.state.roles.kyc_group_admins.find(r.group);
    require(holder != nullptr && *holder == r.account, Error::invalid_parameter);
    ctx.write_roles().kyc_group_admins.erase(r.group);
  }
  role_changed(ctx, r.account, r.group, r.granted);
}

// The same for the sanctions admin.
void run(Context& ctx, const SetSanctionsAdmin& r) {
  if (r.granted) {
    ctx.write_roles().sanctions_admin = r.account;
  } else {
    require(ctx.state.roles.sanctions_admin == r.account, Error::invalid_parameter);
    ctx.write_roles().sanctions_admin = no_account;
  }
  role_changed(ctx, r.account, 0, r.granted);
}

// governance installed -> the timelock becomes the admin. No request can come from the
// timelock, and no action hands the role on, so this cannot be undone.
void run(Context& ctx, const TransferAdminToTimelock&) {
  const AccountId timelock = ctx.governance().timelock;
  ctx.write_roles().admin = timelock;
  role_changed(ctx, timelock, 0, true);
}

}  // namespace flux
