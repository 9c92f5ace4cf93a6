// Descriptors of Flux Protocol's own operations (operations/flux_protocol/). All are
// described by their fields alone: no layer has code of its own for them.
#include "engine/descriptors/describe.hpp"

namespace flux {

using E = EventKind;
using K = FieldKind;

namespace {

constexpr Protocols fp = Protocols::flux_protocol;

}  // namespace

template <>
const OperationDescriptor& describe<SupplyFor>() {
  static const OperationDescriptor d{
      .name = "supply_for",
      .events = {E::interest_accrued, E::minted},
      .transactions = {{"SupplyFor",
                        {bound_field<K::account, &SupplyFor::receiver>("receiver", "receiver", "account"),
                         bound_field<K::market, &SupplyFor::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &SupplyFor::amount>("amount", "amount", "underlying units")}}},
      .scenario_ops = {{"supply_for", {"account", "receiver", "market", "amount"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Withdraw>() {
  static const OperationDescriptor d{
      .name = "withdraw",
      .events = {E::interest_accrued, E::redeemed},
      .transactions = {{"Withdraw",
                        {bound_field<K::account, &Withdraw::to>("to", "to", "account"),
                         bound_field<K::market, &Withdraw::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &Withdraw::amount>("amount", "amount",
                                                                   "underlying units (0: every fToken)")}}},
      .scenario_ops = {{"withdraw", {"account", "to", "market", "amount"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Approve>() {
  static const OperationDescriptor d{
      .name = "approve",
      .events = {},
      .transactions = {{"Approve",
                        {bound_field<K::account, &Approve::spender>("spender", "spender", "account"),
                         bound_field<K::market, &Approve::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &Approve::tokens>("tokens", "tokens", "fToken units")}}},
      .scenario_ops = {{"approve", {"account", "spender", "market", "tokens"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<TransferFrom>() {
  static const OperationDescriptor d{
      .name = "transfer_from",
      .events = {E::transferred},
      .transactions = {{"TransferFrom",
                        {bound_field<K::account, &TransferFrom::from>("from", "from", "account"),
                         bound_field<K::account, &TransferFrom::to>("to", "to", "account"),
                         bound_field<K::market, &TransferFrom::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &TransferFrom::tokens>("tokens", "tokens", "fToken units")}}},
      .scenario_ops = {{"transfer_from", {"account", "from", "to", "market", "tokens"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<AccrueAll>() {
  static const OperationDescriptor d{
      .name = "accrue_all",
      .events = {E::interest_accrued},
      .transactions = {{"AccrueAll", {}}},
      .scenario_ops = {{"accrue_all", {"account"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<WithdrawReserves>() {
  static const OperationDescriptor d{
      .name = "withdraw_reserves",
      .events = {E::reserves_reduced},
      .transactions = {{"WithdrawReserves",
                        {bound_field<K::market, &WithdrawReserves::market>("market", "market", "market symbol")}}},
      .scenario_ops = {{"withdraw_reserves", {"account", "market"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<LiquidatePosition>() {
  static const OperationDescriptor d{
      .name = "liquidate_position",
      .events = {E::interest_accrued, E::liquidated},
      .transactions = {{"LiquidatePosition",
                        {bound_field<K::account, &LiquidatePosition::borrower>("borrower", "borrower", "account")}}},
      .scenario_ops = {{"liquidate_position", {"account", "borrower"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<MarginCall>() {
  static const OperationDescriptor d{
      .name = "margin_call",
      .events = {E::interest_accrued, E::liquidated},
      .transactions = {{"MarginCall",
                        {bound_field<K::account, &MarginCall::borrower>("borrower", "borrower", "account")}}},
      .scenario_ops = {{"margin_call", {"account", "borrower"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<GuardRepay>() {
  static const OperationDescriptor d{
      .name = "guard_repay",
      .events = {E::interest_accrued, E::repaid},
      .transactions = {{"GuardRepay",
                        {bound_field<K::market, &GuardRepay::market>("market", "market", "market symbol")}}},
      .scenario_ops = {{"guard_repay", {"account", "market"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<GuardWithdraw>() {
  static const OperationDescriptor d{
      .name = "guard_withdraw",
      .role = Role::admin,
      .events = {E::asset_transferred},
      .transactions = {{"GuardWithdraw",
                        {bound_field<K::asset, &GuardWithdraw::asset>("asset", "asset", "asset symbol"),
                         bound_field<K::amount, &GuardWithdraw::amount>("amount", "amount", "underlying units")}}},
      .scenario_ops = {{"guard_withdraw", {"asset", "amount"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Donate>() {
  static const OperationDescriptor d{
      .name = "donate",
      .events = {},
      .transactions = {{"Donate",
                        {bound_field<K::market, &Donate::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &Donate::amount>("amount", "amount", "underlying units")}}},
      .scenario_ops = {{"donate", {"account", "market", "amount"}, true}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetCollateralRatio>() {
  static const OperationDescriptor d{
      .name = "set_collateral_ratio",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetCollateralRatio",
                        {bound_field<K::market, &SetCollateralRatio::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &SetCollateralRatio::ratio>("ratio", "ratio",
                                                                            "1e18 mantissa, above 1e18")}}},
      .scenario_ops = {{"set_collateral_ratio", {"market", "ratio"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetMarketStatus>() {
  static const OperationDescriptor d{
      .name = "set_market_status",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetMarketStatus",
                        {bound_field<K::market, &SetMarketStatus::market>("market", "market", "market symbol"),
                         bound_field<K::flag, &SetMarketStatus::stopped>("stopped", "stopped",
                                                                         "true stops, false opens")}}},
      .scenario_ops = {{"set_market_status", {"market", "stopped"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetActionDisabled>() {
  static const OperationDescriptor d{
      .name = "set_action_disabled",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetActionDisabled",
                        {bound_field<K::u32, &SetActionDisabled::action>(
                             "operation", "operation", "0 supply, 1 borrow, 2 liquidation, 3 everything else"),
                         bound_field<K::flag, &SetActionDisabled::disabled>("disabled", "disabled", "true disables")}}},
      .scenario_ops = {{"set_action_disabled", {"operation", "disabled"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetTaxRate>() {
  static const OperationDescriptor d{
      .name = "set_tax_rate",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetTaxRate",
                        {bound_field<K::market, &SetTaxRate::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &SetTaxRate::rate>("rate", "rate",
                                                                   "1e18 mantissa (0: the deployment's)")}}},
      .scenario_ops = {{"set_tax_rate", {"market", "rate"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetDefaultTaxRate>() {
  static const OperationDescriptor d{
      .name = "set_default_tax_rate",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetDefaultTaxRate",
                        {bound_field<K::amount, &SetDefaultTaxRate::rate>("rate", "rate", "1e18 mantissa")}}},
      .scenario_ops = {{"set_default_tax_rate", {"rate"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetLiquidationFee>() {
  static const OperationDescriptor d{
      .name = "set_liquidation_fee",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetLiquidationFee",
                        {bound_field<K::amount, &SetLiquidationFee::rate>("rate", "rate",
                                                                          "1e18 mantissa, at most 0.1e18")}}},
      .scenario_ops = {{"set_liquidation_fee", {"rate"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetTeamAccount>() {
  static const OperationDescriptor d{
      .name = "set_team_account",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetTeamAccount",
                        {bound_field<K::account, &SetTeamAccount::account>("account", "team", "account")}}},
      .scenario_ops = {{"set_team_account", {"team"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<ClearTeamAccount>() {
  static const OperationDescriptor d{
      .name = "clear_team_account",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"ClearTeamAccount", {}}},
      .scenario_ops = {{"clear_team_account", {}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetCreditBorrower>() {
  static const OperationDescriptor d{
      .name = "set_credit_borrower",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetCreditBorrower",
                        {bound_field<K::account, &SetCreditBorrower::borrower>("borrower", "borrower", "account"),
                         bound_field<K::flag, &SetCreditBorrower::enabled>("enabled", "enabled",
                                                                           "true adds, false removes")}}},
      .scenario_ops = {{"set_credit_borrower", {"borrower", "enabled"}, false}},
      .protocols = fp,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetCreditLimit>() {
  static const OperationDescriptor d{
      .name = "set_credit_limit",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .transactions = {{"SetCreditLimit",
                        {bound_field<K::account, &SetCreditLimit::borrower>("borrower", "borrower", "account"),
                         bound_field<K::market, &SetCreditLimit::market>("market", "market", "market symbol"),
                         bound_field<K::amount, &SetCreditLimit::limit>("limit", "limit", "USD x 1e18")}}},
      .scenario_ops = {{"set_credit_limit", {"borrower", "market", "limit"}, false}},
      .protocols = fp,
  };
  return d;
}

}  // namespace flux
