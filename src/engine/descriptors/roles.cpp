// Descriptors of compliance and the role appointments (operations/compliance.cpp,
// roles.cpp).
#include "engine/descriptors/describe.hpp"
#include "engine/descriptors/fields.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<SetKyc>() {
  static const OperationDescriptor d{
      .name = "set_kyc",
      .role = Role::kyc_admin,
      .events = {E::compliance_changed},
      .transactions = {{"GrantKyc", {fields::account, fields::group}}, {"RevokeKyc", {fields::account, fields::group}}},
      .scenario_ops = {{"kyc_grant", {"account", "group"}, false}, {"kyc_revoke", {"account", "group"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetSanctioned>() {
  static const OperationDescriptor d{
      .name = "set_sanctioned",
      .role = Role::sanctions_admin,
      .events = {E::compliance_changed},
      .transactions = {{"Sanction", {fields::account}}, {"Unsanction", {fields::account}}},
      .scenario_ops = {{"sanction", {"account"}, false}, {"unsanction", {"account"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetPauseGuardian>() {
  static const OperationDescriptor d{
      .name = "set_pause_guardian",
      .role = Role::admin,
      .events = {E::role_changed},
      .action_tag = 12,
      .transactions = {{"SetPauseGuardian", {fields::account}}},
      .scenario_ops = {{"set_pause_guardian", {"account"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetOracle>() {
  static const OperationDescriptor d{
      .name = "set_oracle",
      .role = Role::admin,
      .events = {E::role_changed},
      .action_tag = 21,
      // Described by its fields alone: no layer has code of its own for it.
      .transactions = {{"SetOracle",
                        {bound_field<FieldKind::account, &SetOracle::account>("account", "account", "account")}}},
      .scenario_ops = {{"set_oracle", {"account"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetKycGroupAdmin>() {
  static const OperationDescriptor d{
      .name = "set_kyc_group_admin",
      .role = Role::admin,
      .events = {E::role_changed},
      .action_tag = 15,
      // granted false revokes: `account` must then be the group's KYC admin.
      .transactions = {{"SetKycGroupAdmin", {fields::group, fields::account, fields::granted}}},
      .scenario_ops = {{"set_kyc_group_admin", {"group", "account"}, false},
                       {"revoke_kyc_group_admin", {"group", "account"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetSanctionsAdmin>() {
  static const OperationDescriptor d{
      .name = "set_sanctions_admin",
      .role = Role::admin,
      .events = {E::role_changed},
      .action_tag = 16,
      .transactions = {{"SetSanctionsAdmin", {fields::account, fields::granted}}},
      .scenario_ops = {{"set_sanctions_admin", {"account"}, false}, {"revoke_sanctions_admin", {"account"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<TransferAdminToTimelock>() {
  static const OperationDescriptor d{
      .name = "transfer_admin_to_timelock",
      .role = Role::admin,
      .events = {E::role_changed},
      .transactions = {{"TransferAdminToTimelock", {}}},
      .scenario_ops = {{"admin_to_timelock", {}, false}},
  };
  return d;
}

}  // namespace flux
