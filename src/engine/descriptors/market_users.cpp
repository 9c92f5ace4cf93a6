// Descriptors of the users' market operations (operations/mint.cpp, redeem.cpp,
// borrow.cpp, repay.cpp, transfer.cpp, liquidate.cpp, membership.cpp, reserves.cpp).
#include "engine/descriptors/describe.hpp"
#include "engine/descriptors/fields.hpp"

namespace flux {

using E = EventKind;

template <>
const OperationDescriptor& describe<Mint>() {
  static const OperationDescriptor d{
      .name = "mint",
      .events = {E::interest_accrued, E::minted, E::supplier_rewards_distributed},
      .transactions = {{"Mint", {fields::market, fields::amount}}},
      .scenario_ops = {{"mint", {"account", "market", "amount"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Redeem>() {
  static const OperationDescriptor d{
      .name = "redeem",
      .events = {E::interest_accrued, E::redeemed, E::supplier_rewards_distributed},
      .transactions = {{"Redeem", {fields::market, fields::tokens}}},
      .scenario_ops = {{"redeem", {"account", "market", "tokens"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<RedeemUnderlying>() {
  static const OperationDescriptor d{
      .name = "redeem_underlying",
      .events = {E::interest_accrued, E::redeemed, E::supplier_rewards_distributed},
      .transactions = {{"RedeemUnderlying", {fields::market, fields::amount}}},
      .scenario_ops = {{"redeem_underlying", {"account", "market", "amount"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Borrow>() {
  static const OperationDescriptor d{
      .name = "borrow",
      .events = {E::interest_accrued, E::market_entered, E::borrowed, E::borrower_rewards_distributed},
      .transactions = {{"Borrow", {fields::market, fields::amount}}},
      .scenario_ops = {{"borrow", {"account", "market", "amount"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Repay>() {
  static const OperationDescriptor d{
      .name = "repay",
      .events = {E::interest_accrued, E::repaid, E::borrower_rewards_distributed},
      // amount 2^256 - 1 repays the whole borrow; borrower: the sender itself or another.
      .transactions = {{"Repay",
                        {fields::market,
                         fields::borrower,
                         {"amount", "uint256", "underlying units; 2^256 - 1 repays the whole borrow"}}}},
      .scenario_ops = {{"repay", {"account", "market", "amount", "borrower"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Transfer>() {
  static const OperationDescriptor d{
      .name = "transfer",
      .events = {E::transferred, E::supplier_rewards_distributed},
      .transactions = {{"Transfer", {fields::market, fields::to, fields::tokens}}},
      .scenario_ops = {{"transfer", {"account", "to", "market", "tokens"}, true}},
      .protocols = Protocols::both,
  };
  return d;
}

template <>
const OperationDescriptor& describe<Liquidate>() {
  static const OperationDescriptor d{
      .name = "liquidate",
      .events = {E::interest_accrued, E::repaid, E::liquidated, E::seized, E::supplier_rewards_distributed,
                 E::borrower_rewards_distributed},
      .transactions =
          {{"Liquidate",
            {fields::borrower, fields::market, fields::amount, {"collateralMarket", "string", "market symbol"}}}},
      .scenario_ops = {{"liquidate", {"account", "borrower", "market", "amount", "collateral_market"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<EnterMarkets>() {
  static const OperationDescriptor d{
      .name = "enter_markets",
      .events = {E::market_entered},
      .transactions = {{"EnterMarkets", {fields::markets}}},
      .scenario_ops = {{"enter_markets", {"account", "markets"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<ExitMarket>() {
  static const OperationDescriptor d{
      .name = "exit_market",
      .events = {E::market_exited},
      .transactions = {{"ExitMarket", {fields::market}}},
      .scenario_ops = {{"exit_market", {"account", "market"}, true}},
  };
  return d;
}

template <>
const OperationDescriptor& describe<Accrue>() {
  static const OperationDescriptor d{
      .name = "accrue",
      .events = {E::interest_accrued},
      .transactions = {{"Accrue", {fields::market}}},
      // Anyone may accrue; a scenario sends it as the admin unless it names a "sender".
      .scenario_ops = {{"accrue", {"market"}, false}},
      .protocols = Protocols::both,
  };
  return d;
}

}  // namespace flux
