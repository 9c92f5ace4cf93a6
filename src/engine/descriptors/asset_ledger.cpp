// Descriptors of the asset ledger (operations/asset_ledger.cpp, faucet.cpp).
#include "engine/descriptors/describe.hpp"
#include "engine/descriptors/fields.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<Faucet>() {
  static const OperationDescriptor d{
      .name = "faucet",
      .role = Role::admin,
      .events = {E::faucet, E::votes_changed},
      .transactions = {{"Faucet", {fields::account, fields::asset, {"amount", "uint256", "asset units"}}}},
      .scenario_ops = {{"faucet", {"account", "asset", "amount"}, false}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<IssueAsset>() {
  static const OperationDescriptor d{
      .name = "issue_asset",
      .role = Role::asset_issuer,
      .events = {E::asset_issued, E::votes_changed},
      .transactions = {{"IssueAsset", {fields::asset, fields::to, {"amount", "uint256", "asset units"}}}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<BurnAsset>() {
  static const OperationDescriptor d{
      .name = "burn_asset",
      .role = Role::asset_issuer,
      .events = {E::asset_burnt, E::votes_changed},
      .transactions = {{"BurnAsset", {fields::asset, {"amount", "uint256", "asset units"}}}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<TransferAsset>() {
  static const OperationDescriptor d{
      .name = "transfer_asset",
      .events = {E::asset_transferred, E::votes_changed},
      .transactions = {{"TransferAsset", {fields::asset, fields::to, {"amount", "uint256", "asset units"}}}},
      .scenario_ops = {{"transfer_asset", {"account", "to", "asset", "amount"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

}  // namespace flux
