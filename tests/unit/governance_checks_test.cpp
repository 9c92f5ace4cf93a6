// Governance and the engine's checks: each invariant checker of engine/invariants.hpp
// fires on its own corruption of a Gov world, and the state hash covers every governance
// field and every action type (split from governance_test.cpp).
#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "governance_fixture.hpp"

#include <set>

namespace flux {
namespace {

using namespace flux::test_governance;  // the Gov world and its timeline

// --- Invariants and the state hash -------------------------------------------------------

std::set<std::string> fired(const State& before, const State& after, const Request& request) {
  std::set<std::string> names;
  for (const Violation& v : check_invariants(before, after, request, Outcome{})) names.insert(v.invariant);
  return names;
}
using Names = std::set<std::string>;

TEST(GovernanceInvariants, EachCheckerFiresOnItsCorruption) {
  Gov w;
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, P));
  Gov::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, START + 1));
  const Request any = Accrue{w.alice, w.f_usd};
  const State& base = w.s;
  EXPECT_EQ(fired(base, base, any), Names{});

  State after = base;  // votes from nowhere, in a checkpoint of the current block
  after.governance.voters[w.bob].checkpoints.push_back({START + 1, flux_units(2'000'000) + 1});
  EXPECT_EQ(fired(base, after, any), Names{"votes_match_delegations"});
  after = base;  // FLUX moved without its votes (both sides delegate to themselves)
  after.accounts[w.bob].wallet.at_or_insert(w.flux) += 1;
  after.accounts[w.alice].wallet.at_or_insert(w.flux) -= 1;
  EXPECT_EQ(fired(base, after, any), Names{"votes_match_delegations"});
  after = base;  // a delegation without its votes (1 FLUX issued to eve, delegated to bob)
  after.governance.voters[w.eve].delegate = w.bob;
  after.accounts[w.eve].wallet.at_or_insert(w.flux) = 1;
  after.assets[w.flux].issued += 1;
  EXPECT_EQ(fired(base, after, any), Names{"votes_match_delegations"});

  after = base;  // history rewritten: block 100's checkpoint changed at block START + 1
  after.governance.voters[w.dave].checkpoints[0].from_block = 99;
  EXPECT_EQ(fired(base, after, any), Names{"checkpoints_forward"});
  after = base;  // a checkpoint in the future
  after.governance.voters[w.dave].checkpoints.push_back({START + 50, flux_units(500'000)});
  EXPECT_EQ(fired(base, after, any), Names{"checkpoints_forward"});
  after = base;  // out of order
  after.governance.voters[w.dave].checkpoints.insert(after.governance.voters[w.dave].checkpoints.begin(),
                                                     Checkpoint{100, flux_units(500'000)});
  EXPECT_EQ(fired(base, after, any), Names{"checkpoints_forward"});

  after = base;  // a tally not backed by receipts
  after.governance.proposals[0].for_votes += 1;
  EXPECT_EQ(fired(base, after, any), Names{"proposals_consistent"});
  after = base;  // a vote erased
  after.governance.proposals[0].receipts.clear();
  after.governance.proposals[0].for_votes = 0;
  EXPECT_EQ(fired(base, after, any), Names{"proposals_consistent"});
  after = base;  // the actions swapped after voting started
  after.governance.proposals[0].actions[0] = SetCloseFactor{w.timelock, frac(9, 1)};
  EXPECT_EQ(fired(base, after, any), Names{"proposals_consistent"});
  after = base;  // an action not sent by the timelock
  std::get<SetCloseFactor>(after.governance.proposals[0].actions[0]).sender = w.alice;
  EXPECT_EQ(fired(base, after, any).count("proposals_consistent"), 1u);
  after = base;  // executed without being queued
  after.governance.proposals[0].executed = true;
  EXPECT_EQ(fired(base, after, any), Names{"proposals_consistent"});

  after = base;  // the governor's parameters changed by a user request
  after.governance.params.quorum_votes = 1;
  EXPECT_EQ(fired(base, after, any), Names{"protected_parameters"});
  after = base;
  after.governance.timelock_delay += 1;
  EXPECT_EQ(fired(base, after, CastVote{w.dave, 1, vote_for, ""}), Names{"protected_parameters"});
  EXPECT_EQ(fired(base, after, Execute{w.dave, 1}), Names{});  // execute is an admin request
}

TEST(GovernanceHash, CoversEveryGovernanceFieldAndNothingChangesWithoutGovernance) {
  // A state without governance hashes as it did before governance existed: installing
  // it changes the hash.
  World plain;
  const std::string without = to_hex(state_hash(plain.s));
  const AssetId flux = plain.s.add_asset("FLUX", 18);
  const std::string with_asset = to_hex(state_hash(plain.s));
  EXPECT_NE(without, with_asset);
  install_governance(plain.s, GovernanceSetup{flux, plain.alice});
  EXPECT_NE(to_hex(state_hash(plain.s)), with_asset);

  Gov base;
  Gov::expect_ok(base.run(Propose{base.alice, {SetCloseFactor{0, frac(4, 1)}}, "x"}, P));
  Gov::expect_ok(base.run(CastVote{base.bob, 1, vote_for, ""}, START + 1));
  const std::string h = to_hex(state_hash(base.s));
  const std::vector<std::pair<const char*, std::function<void(Gov&)>>> edits = {
      {"timelock", [](Gov& w) { w.s.governance.timelock = w.eve; }},
      {"threshold", [](Gov& w) { w.s.governance.params.proposal_threshold += 1; }},
      {"voting delay", [](Gov& w) { w.s.governance.params.voting_delay += 1; }},
      {"voting period", [](Gov& w) { w.s.governance.params.voting_period += 1; }},
      {"quorum", [](Gov& w) { w.s.governance.params.quorum_votes += 1; }},
      {"timelock delay", [](Gov& w) { w.s.governance.timelock_delay += 1; }},
      {"delegate", [](Gov& w) { w.s.governance.voters[w.bob].delegate = w.alice; }},
      {"checkpoint votes", [](Gov& w) { w.s.governance.voters[w.bob].checkpoints[0].votes += 1; }},
      {"checkpoint block", [](Gov& w) { w.s.governance.voters[w.bob].checkpoints[0].from_block += 1; }},
      {"proposal description", [](Gov& w) { w.s.governance.proposals[0].description = "y"; }},
      {"proposal action", [](Gov& w) { std::get<SetCloseFactor>(w.s.governance.proposals[0].actions[0]).value += 1; }},
      {"proposal start", [](Gov& w) { w.s.governance.proposals[0].start_block += 1; }},
      {"proposal end", [](Gov& w) { w.s.governance.proposals[0].end_block += 1; }},
      {"proposal quorum", [](Gov& w) { w.s.governance.proposals[0].quorum_votes += 1; }},
      {"proposal eta", [](Gov& w) { w.s.governance.proposals[0].eta = 5; }},
      {"for votes", [](Gov& w) { w.s.governance.proposals[0].for_votes += 1; }},
      {"against votes", [](Gov& w) { w.s.governance.proposals[0].against_votes += 1; }},
      {"abstain votes", [](Gov& w) { w.s.governance.proposals[0].abstain_votes += 1; }},
      {"canceled", [](Gov& w) { w.s.governance.proposals[0].canceled = true; }},
      {"executed", [](Gov& w) { w.s.governance.proposals[0].executed = true; }},
      {"receipt support", [](Gov& w) { w.s.governance.proposals[0].receipts.at(w.bob).support = vote_against; }},
      {"receipt votes", [](Gov& w) { w.s.governance.proposals[0].receipts.at(w.bob).votes += 1; }},
      {"latest proposal", [](Gov& w) { w.s.governance.latest_proposal[w.bob] = 1; }},
  };
  for (const auto& [field, edit] : edits) {
    Gov w;
    Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, "x"}, P));
    Gov::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, START + 1));
    ASSERT_EQ(to_hex(state_hash(w.s)), h) << "two builds of the same state";
    edit(w);
    EXPECT_NE(to_hex(state_hash(w.s)), h) << field;
  }
}

// Each action type's fields reach the hash (so two different proposals never hash alike).
TEST(GovernanceHash, EveryActionTypeIsEncoded) {
  Gov w;
  ListMarket listing{0, w.config("fNEW", w.usd, frac(1, 1), frac(2, 2), Access::open), test::linear(0, e18(1)), 1000};
  listing.config.price = e18(1);  // a collateral factor needs a price, or the proposal is refused
  const std::vector<GovernanceAction> actions = {
      listing,
      SetCollateralFactor{0, 1, 2},
      SetReserveFactor{0, 1, 2},
      SetProtocolSeizeShare{0, 1, 2},
      SetRateModel{0, 1, test::linear(1, 2)},
      SetCloseFactor{0, 2},
      SetLiquidationIncentive{0, 2},
      SetBorrowCap{0, 1, 2},
      SetSupplyCap{0, 1, 2},
      SetPriceCap{0, 1, 2},
      SetPaused{0, 1, PauseAction::borrow, true},
      SetPauseGuardian{0, w.bob},
      SetMarketAccess{0, 1, Access::permissioned, 2},
      ReduceReservesTo{0, 1, 2, w.bob},
      SetKycGroupAdmin{0, 2, w.bob, true},
      SetSanctionsAdmin{0, w.bob, true},
      SetGovernanceParameter{0, GovernanceParameter::voting_delay, 2},
      SetRewardSpeeds{0, 1, 2, 3},
      FundRewards{0, 2},
      ScheduleUpgrade{0, 2, 1000},
      SetOracle{0, w.bob},
  };
  ASSERT_EQ(actions.size(), std::variant_size_v<GovernanceAction>);
  for (const GovernanceAction& action : actions) {
    Gov a;
    Gov::expect_ok(a.run(Propose{a.alice, {action}, ""}, P));
    const std::string h = to_hex(state_hash(a.s));
    // Change the action's last field (or a market's symbol): the hash must follow.
    GovernanceAction& stored = a.s.governance.proposals[0].actions[0];
    std::visit(
        [&](auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, ListMarket>) x.seed_amount += 1;
          else if constexpr (std::is_same_v<X, SetRateModel>) x.params.multiplier_per_year += 1;
          else if constexpr (std::is_same_v<X, SetPaused>) x.paused = !x.paused;
          else if constexpr (std::is_same_v<X, SetPauseGuardian>) x.account = a.dave;
          else if constexpr (std::is_same_v<X, SetOracle>) x.account = a.dave;
          else if constexpr (std::is_same_v<X, SetMarketAccess>) x.kyc_group += 1;
          else if constexpr (std::is_same_v<X, ReduceReservesTo>) x.to = a.dave;
          else if constexpr (std::is_same_v<X, SetKycGroupAdmin>) x.granted = !x.granted;
          else if constexpr (std::is_same_v<X, SetSanctionsAdmin>) x.granted = !x.granted;
          else if constexpr (std::is_same_v<X, SetRewardSpeeds>) x.borrow_speed += 1;
          else if constexpr (std::is_same_v<X, FundRewards>) x.amount += 1;
          else if constexpr (std::is_same_v<X, ScheduleUpgrade>) x.activation_block += 1;
          else if constexpr (requires { x.value; }) x.value += 1;
          else if constexpr (requires { x.cap; }) x.cap += 1;
        },
        stored);
    EXPECT_NE(to_hex(state_hash(a.s)), h) << action_name(action);
  }
}

}  // namespace
}  // namespace flux
