// The registry of operations (engine/operation_registry.hpp): complete, consistent,
// and true to what the engine does.
#include "engine/operation_registry.hpp"
#include "engine/descriptors/describe.hpp"
#include "engine/engine.hpp"
#include "scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace flux {
namespace {

// Flux Protocol's own requests, appended in this order; each described by its fields alone.
const std::vector<std::string> flux_protocol_requests = {"supply_for",
                                                         "withdraw",
                                                         "approve",
                                                         "transfer_from",
                                                         "accrue_all",
                                                         "withdraw_reserves",
                                                         "liquidate_position",
                                                         "margin_call",
                                                         "guard_repay",
                                                         "guard_withdraw",
                                                         "donate",
                                                         "set_collateral_ratio",
                                                         "set_market_status",
                                                         "set_action_disabled",
                                                         "set_tax_rate",
                                                         "set_default_tax_rate",
                                                         "set_liquidation_fee",
                                                         "set_team_account",
                                                         "clear_team_account",
                                                         "set_credit_borrower",
                                                         "set_credit_limit"};

TEST(OperationRegistry, OneDescriptorPerRequestTypeInVariantOrder) {
  const auto& all = operation_descriptors();
  ASSERT_EQ(all.size(), std::variant_size_v<Request>);
  // The names request_name() gave before the registry, in Request's order (receipts
  // and would_fail details carry them: they must not change).
  std::vector<std::string> names = {"mint",
                                    "redeem",
                                    "redeem_underlying",
                                    "borrow",
                                    "repay",
                                    "transfer",
                                    "liquidate",
                                    "enter_markets",
                                    "exit_market",
                                    "accrue",
                                    "faucet",
                                    "set_price",
                                    "set_price_cap",
                                    "set_collateral_factor",
                                    "set_reserve_factor",
                                    "set_protocol_seize_share",
                                    "set_rate_model",
                                    "set_close_factor",
                                    "set_liquidation_incentive",
                                    "set_borrow_cap",
                                    "set_supply_cap",
                                    "set_paused",
                                    "set_kyc",
                                    "set_sanctioned",
                                    "add_reserves",
                                    "reduce_reserves",
                                    "list_market",
                                    "issue_asset",
                                    "burn_asset",
                                    "transfer_asset",
                                    "set_pause_guardian",
                                    "set_market_access",
                                    "reduce_reserves_to",
                                    "set_kyc_group_admin",
                                    "set_sanctions_admin",
                                    "set_governance_parameter",
                                    "transfer_admin_to_timelock",
                                    "delegate",
                                    "propose",
                                    "cast_vote",
                                    "cancel",
                                    "queue",
                                    "execute",
                                    "set_reward_speeds",
                                    "fund_rewards",
                                    "claim_rewards",
                                    "schedule_upgrade",
                                    "set_oracle",
                                    "claim_rewards_for"};
  names.insert(names.end(), flux_protocol_requests.begin(), flux_protocol_requests.end());
  ASSERT_EQ(names.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i]->name, names[i]) << "request index " << i;
}

TEST(OperationRegistry, TheRequestsDescribedByTheirFieldsAlone) {
  // These have no converter of their own in any layer: if one stopped being generic
  // (an unbound field, a second scenario op), every layer would lose it.
  std::set<std::string> generic;
  for (const OperationDescriptor* d : operation_descriptors())
    if (is_generic(*d)) generic.insert(std::string(d->name));
  // TransferAdminToTimelock has no fields at all, so it is generic trivially; so are
  // Flux Protocol's AccrueAll and ClearTeamAccount.
  std::set<std::string> expected{"schedule_upgrade", "set_oracle", "claim_rewards_for", "transfer_admin_to_timelock"};
  expected.insert(flux_protocol_requests.begin(), flux_protocol_requests.end());
  EXPECT_EQ(generic, expected);
  // Each bound member belongs to its own request: a value written through a binding
  // lands in that request.
  Request r = make_request(Request{ClaimRewardsFor{}}.index(), 7);
  ASSERT_TRUE(std::holds_alternative<ClaimRewardsFor>(r));
  const std::vector<BoundValue> values = bound_values(r);
  ASSERT_EQ(values.size(), 2u);
  bound_value<FieldKind::account>(values[0]) = 11;
  bound_value<FieldKind::markets>(values[1]) = {3, 4};
  EXPECT_EQ(std::get<ClaimRewardsFor>(r).sender, 7u);
  EXPECT_EQ(std::get<ClaimRewardsFor>(r).holder, 11u);
  EXPECT_EQ(std::get<ClaimRewardsFor>(r).markets, (std::vector<MarketId>{3, 4}));
}

TEST(OperationRegistry, ActionTagsArePinnedAndOnlyActionsHaveOne) {
  // The proposal record's tags (node/state_codec.hpp): 1 ListMarket .. 17
  // SetGovernanceParameter, 18 SetRewardSpeeds, 19 FundRewards, 20 ScheduleUpgrade,
  // 21 SetOracle: in GovernanceAction's order, from 1.
  const GovernanceAction in_order[] = {
      ListMarket{},        SetCollateralFactor{},     SetReserveFactor{}, SetProtocolSeizeShare{}, SetRateModel{},
      SetCloseFactor{},    SetLiquidationIncentive{}, SetBorrowCap{},     SetSupplyCap{},          SetPriceCap{},
      SetPaused{},         SetPauseGuardian{},        SetMarketAccess{},  ReduceReservesTo{},      SetKycGroupAdmin{},
      SetSanctionsAdmin{}, SetGovernanceParameter{},  SetRewardSpeeds{},  FundRewards{},           ScheduleUpgrade{},
      SetOracle{}};
  ASSERT_EQ(std::size(in_order), std::variant_size_v<GovernanceAction>);
  std::set<std::string_view> action_names;
  for (std::size_t i = 0; i < std::size(in_order); ++i) {
    const OperationDescriptor& d = descriptor(in_order[i]);
    ASSERT_TRUE(d.action_tag.has_value()) << d.name;
    EXPECT_EQ(*d.action_tag, i + 1) << d.name;
    EXPECT_EQ(action_index_by_tag(static_cast<std::uint8_t>(i + 1)), i);
    action_names.insert(d.name);
  }
  EXPECT_FALSE(action_index_by_tag(0).has_value());
  EXPECT_FALSE(action_index_by_tag(22).has_value());
  for (const OperationDescriptor* d : operation_descriptors())
    EXPECT_EQ(d->action_tag.has_value(), action_names.count(d->name) == 1) << d->name;
}

TEST(OperationRegistry, NamesOnTheWireAndInScenariosAreUnique) {
  std::set<std::string_view> types, ops;
  for (const OperationDescriptor* d : operation_descriptors()) {
    EXPECT_FALSE(d->transactions.empty()) << d->name << " has no transaction type";
    for (const TransactionDescriptor& t : d->transactions) {
      EXPECT_TRUE(types.insert(t.name).second) << t.name;
      std::set<std::string_view> fields;
      for (const TransactionField& f : t.fields) {
        EXPECT_TRUE(fields.insert(f.name).second) << t.name << "." << f.name;
        EXPECT_NE(f.name, "sender");
        EXPECT_NE(f.name, "nonce");
        EXPECT_FALSE(f.unit.empty()) << t.name << "." << f.name << " has no unit";
      }
    }
    for (const ScenarioOpDescriptor& s : d->scenario_ops) EXPECT_TRUE(ops.insert(s.op).second) << s.op;
    EXPECT_EQ(descriptor_by_transaction(d->transactions.front().name), d);
  }
  // 70 request types; three have two transaction types (Pause/Unpause,
  // GrantKyc/RevokeKyc, Sanction/Unsanction): 70 + 3 = 73.
  EXPECT_EQ(types.size(), 73u);
  // Scenario ops: every request but issue_asset and burn_asset has one, and five have
  // two (pause/unpause, kyc_grant/kyc_revoke, sanction/unsanction and the set_/revoke_
  // pairs of both admins): 70 - 2 + 5 = 73.
  EXPECT_EQ(ops.size(), 73u);
  EXPECT_EQ(descriptor_by_transaction("NoSuchType"), nullptr);
  EXPECT_EQ(descriptor_by_scenario_op("no_such_op"), nullptr);
}

template <std::size_t... I>
std::vector<Request> every_request(std::index_sequence<I...>) {
  return {Request{std::in_place_index<I>}...};
}

TEST(OperationRegistry, AdminRequestsAreTheOnesTheyWere) {
  // The user requests of is_admin_request before the registry (everything else,
  // execute included, was an admin request).
  const std::set<std::string> users = {
      "mint", "redeem", "redeem_underlying", "borrow", "repay", "transfer", "liquidate", "enter_markets", "exit_market",
      "accrue", "transfer_asset", "delegate", "propose", "cast_vote", "cancel", "queue", "fund_rewards",
      "claim_rewards", "claim_rewards_for",
      // Flux Protocol's
      "supply_for", "withdraw", "approve", "transfer_from", "accrue_all", "withdraw_reserves", "liquidate_position",
      "margin_call", "guard_repay", "donate"};
  for (const Request& r : every_request(std::make_index_sequence<std::variant_size_v<Request>>{}))
    EXPECT_EQ(is_admin_request(r), users.count(request_name(r)) == 0) << request_name(r);
}

TEST(OperationRegistry, RolesMatchTheAdminSplit) {
  // A few by hand: the role table authorization.cpp used to spell out.
  EXPECT_EQ(describe<Mint>().role, Role::anyone);
  EXPECT_EQ(describe<Accrue>().role, Role::anyone);
  EXPECT_EQ(describe<FundRewards>().role, Role::anyone);
  EXPECT_EQ(describe<SetPrice>().role, Role::oracle);
  EXPECT_EQ(describe<SetPaused>().role, Role::pauser);
  EXPECT_EQ(describe<SetKyc>().role, Role::kyc_admin);
  EXPECT_EQ(describe<SetSanctioned>().role, Role::sanctions_admin);
  EXPECT_EQ(describe<IssueAsset>().role, Role::asset_issuer);
  EXPECT_EQ(describe<SetOracle>().role, Role::admin);
  EXPECT_TRUE(is_admin_request(Request{SetOracle{}}));
  EXPECT_FALSE(is_admin_request(Request{ClaimRewards{}}));
  // Execute needs no role but runs admin operations: an admin request all the same.
  EXPECT_EQ(describe<Execute>().role, Role::anyone);
  EXPECT_TRUE(is_admin_request(Request{Execute{}}));
}

// Every scenario op a descriptor names has a parser (a step of it is read as that op,
// whatever else is wrong with it), and the parser knows no op the registry does not.
TEST(OperationRegistry, EveryScenarioOpHasAParser) {
  std::ifstream in(std::string(FLUX_OWN_SCENARIOS) + "/governance-lifecycle.json");
  const nlohmann::json base = nlohmann::json::parse(in);
  const auto problem = [&base](const std::string& op) -> std::string {
    nlohmann::json doc = base;
    doc["steps"][12] = {{"op", op}};  // a check step, at the block of the step before
    try {
      scenario::parse(doc);
      return "";
    } catch (const scenario::FormatError& e) {
      return e.path + ": " + e.what();
    }
  };
  for (const OperationDescriptor* d : operation_descriptors())
    for (const ScenarioOpDescriptor& s : d->scenario_ops) {
      const std::string p = problem(std::string(s.op));
      EXPECT_EQ(p.find("has no parser"), std::string::npos) << p;
      EXPECT_EQ(p.find("unknown op"), std::string::npos) << p;
    }
  EXPECT_NE(problem("issue_asset").find("unknown op"), std::string::npos);  // no scenario op
}

// Every event the bundled scenarios make a request emit is one its descriptor lists:
// the events lists are checked against the engine itself, not copied from it.
TEST(OperationRegistry, EveryEventEmittedIsDeclared) {
  std::size_t events_seen = 0;
  std::set<int> kinds_seen;
  for (const char* root : {FLUX_OWN_SCENARIOS, FLUX_CONFORMANCE_VECTORS}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.path().extension() != ".json") continue;
      scenario::Scenario s;
      try {
        s = scenario::load(entry.path().string());
      } catch (const scenario::FormatError&) {
        continue;  // not a scenario (e.g. a generator's input)
      }
      State state = s.initial;
      for (const scenario::Step& step : s.steps) {
        if (!step.request) continue;
        const Outcome outcome = apply(state, step.block, *step.request);
        for (const Event& e : outcome.events) {
          ++events_seen;
          kinds_seen.insert(static_cast<int>(kind_of(e)));
          EXPECT_TRUE(may_emit(*step.request, kind_of(e)))
              << entry.path().filename().string() << " step " << step.index << ": " << request_name(*step.request)
              << " emitted " << event_name(e) << ", which its descriptor does not list";
        }
      }
    }
  }
  // The scenarios exercise most kinds: a check that this test saw something.
  EXPECT_GT(events_seen, 1000u);
  EXPECT_GT(kinds_seen.size(), 25u);
}

}  // namespace
}  // namespace flux
