// The KYC registry and the sanctions list, kept by the compliance role (any group,
// the list) and its delegates (one group each; the list).
#include "engine/operations/context.hpp"

#include <algorithm>

namespace flux {

void run(Context& ctx, const SetKyc& r) {
  auto& groups = ctx.write_account(r.account).kyc_groups;
  const auto it = std::lower_bound(groups.begin(), groups.end(), r.group);
  const bool present = it != groups.end() && *it == r.group;
  if (r.granted && !present) groups.insert(it, r.group);
  if (!r.granted && present) groups.erase(it);
  ctx.emit(ComplianceChanged{.account = r.account, .kyc_group = r.group, .added = r.granted});
}

void run(Context& ctx, const SetSanctioned& r) {
  ctx.write_account(r.account).sanctioned = r.sanctioned;
  ctx.emit(ComplianceChanged{.account = r.account, .kyc_group = 0, .added = r.sanctioned});
}

}  // namespace flux
