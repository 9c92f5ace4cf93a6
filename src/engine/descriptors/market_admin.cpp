// Descriptors of the markets' role operations (operations/oracle.cpp, governance.cpp,
// reserves.cpp, listing.cpp).
#include "engine/descriptors/describe.hpp"
#include "engine/descriptors/fields.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<SetPrice>() {
  static const OperationDescriptor d{
      .name = "set_price",
      .role = Role::oracle,
      .events = {E::parameter_changed},
      .transactions = {{"SetPrice", {fields::market, fields::price}}},
      .scenario_ops = {{"set_price", {"market", "price"}, false}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetPriceCap>() {
  static const OperationDescriptor d{
      .name = "set_price_cap",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 10,
      .transactions = {{"SetPriceCap", {fields::market, {"cap", "uint256", "price unit (0: no cap)"}}}},
      .scenario_ops = {{"set_price_cap", {"market", "value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetCollateralFactor>() {
  static const OperationDescriptor d{
      .name = "set_collateral_factor",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 2,
      .transactions = {{"SetCollateralFactor", {fields::market, fields::mantissa}}},
      .scenario_ops = {{"set_collateral_factor", {"market", "value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetReserveFactor>() {
  static const OperationDescriptor d{
      .name = "set_reserve_factor",
      .role = Role::admin,
      .events = {E::interest_accrued, E::parameter_changed},
      .action_tag = 3,
      .transactions = {{"SetReserveFactor", {fields::market, fields::mantissa}}},
      .scenario_ops = {{"set_reserve_factor", {"market", "value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetProtocolSeizeShare>() {
  static const OperationDescriptor d{
      .name = "set_protocol_seize_share",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 4,
      .transactions = {{"SetProtocolSeizeShare", {fields::market, fields::mantissa}}},
      .scenario_ops = {{"set_protocol_seize_share", {"market", "value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetRateModel>() {
  static const OperationDescriptor d{
      .name = "set_rate_model",
      .role = Role::admin,
      .events = {E::interest_accrued, E::parameter_changed},
      .action_tag = 5,
      .transactions = {{"SetRateModel",
                        {fields::market, fields::rate_kind, fields::base_per_year, fields::multiplier_per_year,
                         fields::jump_multiplier_per_year, fields::kink}}},
      .scenario_ops = {{"set_rate_model", {"market", "rate_model"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetCloseFactor>() {
  static const OperationDescriptor d{
      .name = "set_close_factor",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 6,
      .transactions = {{"SetCloseFactor", {fields::mantissa}}},
      .scenario_ops = {{"set_close_factor", {"value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetLiquidationIncentive>() {
  static const OperationDescriptor d{
      .name = "set_liquidation_incentive",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 7,
      .transactions = {{"SetLiquidationIncentive", {fields::mantissa}}},
      .scenario_ops = {{"set_liquidation_incentive", {"value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetBorrowCap>() {
  static const OperationDescriptor d{
      .name = "set_borrow_cap",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 8,
      .transactions = {{"SetBorrowCap", {fields::market, fields::cap}}},
      .scenario_ops = {{"set_borrow_cap", {"market", "value"}, false}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetSupplyCap>() {
  static const OperationDescriptor d{
      .name = "set_supply_cap",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 9,
      .transactions = {{"SetSupplyCap", {fields::market, fields::cap}}},
      .scenario_ops = {{"set_supply_cap", {"market", "value"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetPaused>() {
  // transfer and seize are protocol-wide: their market is ignored ("" on the wire).
  static constexpr TransactionField market{"market", "string", "market symbol (\"\" for transfer and seize)"};
  static constexpr TransactionField action{"action", "string", "mint, borrow, transfer or seize"};
  static const OperationDescriptor d{
      .name = "set_paused",
      .role = Role::pauser,
      .events = {E::parameter_changed},
      .action_tag = 11,
      .transactions = {{"Pause", {market, action}}, {"Unpause", {market, action}}},
      .scenario_ops = {{"pause", {"market", "action"}, false}, {"unpause", {"market", "action"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<AddReserves>() {
  static const OperationDescriptor d{
      .name = "add_reserves",
      .role = Role::admin,
      .events = {E::interest_accrued, E::reserves_added},
      .transactions = {{"AddReserves", {fields::market, fields::amount}}},
      .scenario_ops = {{"add_reserves", {"market", "amount"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<ReduceReserves>() {
  static const OperationDescriptor d{
      .name = "reduce_reserves",
      .role = Role::admin,
      .events = {E::interest_accrued, E::reserves_reduced},
      .transactions = {{"ReduceReserves", {fields::market, fields::amount}}},
      .scenario_ops = {{"reduce_reserves", {"market", "amount"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<ReduceReservesTo>() {
  static const OperationDescriptor d{
      .name = "reduce_reserves_to",
      .role = Role::admin,
      .events = {E::interest_accrued, E::reserves_reduced, E::votes_changed},
      .action_tag = 14,
      .transactions = {{"ReduceReservesTo", {fields::market, fields::amount, fields::to}}},
      .scenario_ops = {{"reduce_reserves_to", {"market", "amount", "to"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<ListMarket>() {
  static const OperationDescriptor d{
      .name = "list_market",
      .role = Role::admin,
      .events = {E::market_listed},
      .action_tag = 1,
      // Raw engine units: the CLI applies market templates and human units before signing.
      .transactions = {{"ListMarket",
                        {{"symbol", "string", "the new market's symbol"},
                         fields::asset,
                         {"collateralFactor", "uint256", "1e18 mantissa"},
                         {"reserveFactor", "uint256", "1e18 mantissa"},
                         {"protocolSeizeShare", "uint256", "1e18 mantissa"},
                         {"initialExchangeRate", "uint256", "1e18 mantissa (underlying units per fToken unit)"},
                         fields::rate_kind,
                         fields::base_per_year,
                         fields::multiplier_per_year,
                         fields::jump_multiplier_per_year,
                         fields::kink,
                         {"access", "string", "open, permissionless or permissioned"},
                         {"kycGroup", "uint32", "KYC group (0 for an open market)"},
                         {"borrowCap", "uint256", "underlying units (0: no cap)"},
                         {"supplyCap", "uint256", "underlying units (0: no cap)"},
                         fields::price,
                         {"priceCap", "uint256", "price unit (0: no cap)"},
                         {"mintPaused", "bool", "paused at listing"},
                         {"borrowPaused", "bool", "paused at listing"},
                         {"seedAmount", "uint256", "underlying units, paid by the sender"}}}},
      .scenario_ops = {{"list_market", {"market", "price", "seed_amount"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<SetMarketAccess>() {
  static const OperationDescriptor d{
      .name = "set_market_access",
      .role = Role::admin,
      .events = {E::parameter_changed},
      .action_tag = 13,
      .transactions = {{"SetMarketAccess",
                        {fields::market,
                         {"access", "string", "open, permissionless or permissioned"},
                         {"kycGroup", "uint32", "KYC group (0 for an open market)"}}}},
      .scenario_ops = {{"set_market_access", {"market", "access", "kyc_group"}, false}},
  };
  return d;
}

}  // namespace flux
