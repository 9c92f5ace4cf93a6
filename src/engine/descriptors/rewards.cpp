// Descriptors of liquidity mining (operations/rewards.cpp).
#include "engine/descriptors/describe.hpp"
#include "engine/descriptors/fields.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<SetRewardSpeeds>() {
  static const OperationDescriptor d{
      .name = "set_reward_speeds",
      .role = Role::admin,
      .events = {E::reward_speeds_set},
      .action_tag = 18,
      .transactions = {{"SetRewardSpeeds",
                        {fields::market,
                         {"supplySpeed", "uint256", "FLUX units per block"},
                         {"borrowSpeed", "uint256", "FLUX units per block"}}}},
      .scenario_ops = {{"set_reward_speeds", {"market", "supply_speed", "borrow_speed"}, false}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<FundRewards>() {
  // Anyone funds the reserve from their own FLUX; as a proposal's action the timelock
  // pays from the FLUX it holds.
  static const OperationDescriptor d{
      .name = "fund_rewards",
      .events = {E::rewards_funded, E::votes_changed},
      .action_tag = 19,
      .transactions = {{"FundRewards", {{"amount", "uint256", "FLUX units"}}}},
      .scenario_ops = {{"fund_rewards", {"account", "amount"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<ClaimRewards>() {
  static const OperationDescriptor d{
      .name = "claim_rewards",
      .events = {E::supplier_rewards_distributed, E::borrower_rewards_distributed, E::rewards_claimed,
                 E::votes_changed},
      .transactions = {{"ClaimRewards", {{"markets", "string[]", "market symbols (none: every market)"}}}},
      .scenario_ops = {{"claim_rewards", {"account", "markets"}, true}},
  };
  return d;
}

// Described by its fields alone: no layer has code of its own for it.
template <>
const OperationDescriptor& describe<ClaimRewardsFor>() {
  static const OperationDescriptor d{
      .name = "claim_rewards_for",
      .events = {E::supplier_rewards_distributed, E::borrower_rewards_distributed, E::rewards_claimed,
                 E::votes_changed},
      .transactions = {{"ClaimRewardsFor",
                        {bound_field<FieldKind::account, &ClaimRewardsFor::holder>("holder", "holder", "account"),
                         bound_field<FieldKind::markets, &ClaimRewardsFor::markets>(
                             "markets", "markets", "market symbols (none: every market)")}}},
      .scenario_ops = {{"claim_rewards_for", {"account", "holder", "markets"}, true}},
  };
  return d;
}

}  // namespace flux
