// Issue 9, item 3: governance cannot brick or drain the protocol.
//   - threshold and quorum bounded by the voting supply (governor.hpp);
//   - a rate model above the maximum rate at 100% utilization is refused, and a
//     frozen market accepts a new model (rate_model.hpp, operations/governance.cpp);
//   - collateral factor x liquidation incentive at most 0.99 (risk.hpp);
//   - a proposal's actions checked whole when it is made (proposal_checks.hpp).
// Every request goes through `run`, which checks every invariant and that a failure
// changed nothing.
#include "engine/engine.hpp"
#include "engine/governor.hpp"
#include "engine/interest.hpp"
#include "engine/invariants.hpp"
#include "engine/proposal_checks.hpp"
#include "engine/state_hash.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::linear;
using test::u;
using test::World;

// The Gov world of governance_test.cpp, cut down: FLUX issued by "treasury" at block
// 100 to alice 150,000,000, bob 2,000,000 and dave 500,000, each delegating to itself:
// voting supply 152,500,000 FLUX, so the threshold's cap is 15,250,000 and the
// quorum's 61,000,000. Stored defaults: threshold 100,000,000, quorum 1,000,000.
// Timeline as there: proposed at 101, voting 102..21,702, queued at 21,703, eta 28,903.
constexpr std::uint64_t P = 101;
constexpr std::uint64_t START = 102;
constexpr std::uint64_t QUEUE = 21'703;
constexpr std::uint64_t ETA = 28'903;

struct Gov : World {
  AccountId treasury = 0, timelock = 0, locked = 0;
  AssetId flux = 0;

  Gov() {
    treasury = s.account_id("treasury");
    timelock = s.account_id("timelock");
    locked = s.account_id("locked");
    flux = s.add_asset("FLUX", 18);
    s.assets[flux].issuer = treasury;
    s.roles.locked_supply_holder = locked;
    prices_and_compliance();
    // Before the hand-over: USD for alice and ETH for bob (AProposalFixesAFrozenMarket).
    must(Faucet{admin, alice, usd, e18(100)});
    must(Faucet{admin, bob, eth, e18(100)});
    GovernanceSetup setup;
    setup.token = flux;
    setup.timelock = timelock;
    install_governance(s, setup);
    const std::pair<AccountId, std::uint64_t> holders[] = {{alice, 150'000'000}, {bob, 2'000'000}, {dave, 500'000}};
    for (const auto& [holder, amount] : holders) {
      ok(run(IssueAsset{treasury, holder, flux, e18(amount)}, 100));
      ok(run(Delegate{holder, holder}, 100));
    }
  }
  Outcome run(const Request& r, std::uint64_t block) {
    const State before = s;
    Outcome o = apply(s, block, r);
    for (const Violation& v : check_invariants(before, s, r, o))
      ADD_FAILURE() << request_name(r) << ": " << v.invariant << ": " << v.detail;
    if (!o.ok()) {
      EXPECT_TRUE(before == s) << request_name(r) << " failed with " << error_name(o.error) << " but changed the state";
      EXPECT_EQ(state_hash(before), state_hash(s));
    }
    return o;
  }
  static void ok(const Outcome& o) { EXPECT_TRUE(o.ok()) << error_name(o.error); }
  std::uint64_t last_id() const { return s.governance.proposals.size(); }
  const Proposal& proposal(std::uint64_t id) const { return *s.governance.find_proposal(id); }
  static GovernanceAction quorum(const U256& v) {
    return SetGovernanceParameter{0, GovernanceParameter::quorum_votes, v};
  }
  static GovernanceAction threshold(const U256& v) {
    return SetGovernanceParameter{0, GovernanceParameter::proposal_threshold, v};
  }
  // A propose that must fail in action `index` with `error`, as an execute reports it.
  void refused(AccountId proposer, std::vector<GovernanceAction> actions, std::uint64_t block, std::uint32_t index,
               Error error) {
    const Outcome o = run(Propose{proposer, std::move(actions), "x"}, block);
    EXPECT_EQ(o.error, Error::action_failed) << error_name(o.error);
    EXPECT_EQ(o.failed_action, index);
    EXPECT_EQ(o.action_error, error) << error_name(o.action_error);
  }
};

// --- Threshold and quorum against the supply -----------------------------------------

TEST(GovernanceBounds, VotingSupplyLeavesOutWhatNoOneCanVoteWith) {
  Gov w;
  EXPECT_EQ(voting_supply(w.s), e18(152'500'000));
  // 10% and 40% of it.
  EXPECT_EQ(proposal_threshold_cap(w.s), e18(15'250'000));
  EXPECT_EQ(quorum_votes_cap(w.s), e18(61'000'000));
  // FLUX given to the timelock (it never delegates: no request comes from it) leaves
  // circulation: 152,500,000 - 2,500,000 = 150,000,000.
  w.ok(w.run(TransferAsset{w.alice, w.timelock, w.flux, e18(2'500'000)}, 100));
  EXPECT_EQ(voting_supply(w.s), e18(150'000'000));
  // So does FLUX funded into the rewards reserve and not yet distributed: - 1,000,000.
  w.ok(w.run(FundRewards{w.bob, e18(1'000'000)}, 100));
  EXPECT_EQ(voting_supply(w.s), e18(149'000'000));
}

TEST(GovernanceBounds, AQuorumOrThresholdAboveItsShareOfTheSupplyIsRefusedWhenProposed) {
  Gov w;
  // The issue's reproduction: a quorum of 1,000,000,000 FLUX (within the fixed bounds,
  // above all 152,500,000 FLUX) was admitted and, executed, disabled governance.
  w.refused(w.alice, {Gov::quorum(e18(1'000'000'000))}, P, 0, Error::invalid_parameter);
  // One unit over the cap of 61,000,000, as the second action: index 1.
  w.refused(w.alice, {SetCloseFactor{0, frac(5, 1)}, Gov::quorum(e18(61'000'000) + 1)}, P, 1, Error::invalid_parameter);
  w.refused(w.alice, {Gov::threshold(e18(15'250'000) + 1)}, P, 0, Error::invalid_parameter);
  // A zero quorum fails the fixed bound (at least 1,000 FLUX).
  w.refused(w.alice, {Gov::quorum(0)}, P, 0, Error::invalid_parameter);
  // Exactly the caps are allowed.
  w.ok(w.run(Propose{w.alice, {Gov::quorum(e18(61'000'000)), Gov::threshold(e18(15'250'000))}, "caps"}, P));
}

TEST(GovernanceBounds, ExecutionChecksTheCapAgainstTheSupplyThen) {
  Gov w;
  w.ok(w.run(Propose{w.alice, {Gov::quorum(e18(61'000'000))}, "quorum at the cap"}, P));
  const std::uint64_t id = w.last_id();
  w.ok(w.run(CastVote{w.alice, id, vote_for, ""}, START + 1));
  w.ok(w.run(Queue{w.bob, id}, QUEUE));
  // Before the eta alice gives 50,000,000 FLUX to the timelock: voting supply
  // 102,500,000, cap 41,000,000 < 61,000,000: the action fails at execution.
  w.ok(w.run(TransferAsset{w.alice, w.timelock, w.flux, e18(50'000'000)}, ETA - 1));
  const Outcome o = w.run(Execute{w.bob, id}, ETA);
  EXPECT_EQ(o.error, Error::action_failed);
  EXPECT_EQ(o.action_error, Error::invalid_parameter);
  EXPECT_EQ(w.s.governance.params.quorum_votes, e18(1'000'000));
}

// The undo: a quorum set at its cap, then most FLUX leaves circulation. Before the
// fix the stored quorum (61,000,000) stood above every remaining vote and the
// proposal restoring it, with every vote, was defeated; the proposer even lacked the
// stored threshold. Now each proposal is measured against the supply when it is made.
TEST(GovernanceBounds, AProposalWithEveryVotePassesAfterTheSupplyShrinks) {
  Gov w;
  w.ok(w.run(Propose{w.alice, {Gov::quorum(e18(61'000'000))}, "raise the quorum"}, P));
  const std::uint64_t raise = w.last_id();
  w.ok(w.run(CastVote{w.alice, raise, vote_for, ""}, START + 1));
  w.ok(w.run(Queue{w.bob, raise}, QUEUE));
  w.ok(w.run(Execute{w.bob, raise}, ETA));
  EXPECT_EQ(w.s.governance.params.quorum_votes, e18(61'000'000));
  // alice moves 100,000,000 FLUX into the timelock's treasury: every vote left is
  // alice 50,000,000 + bob 2,000,000 + dave 500,000 = 52,500,000 < 61,000,000.
  w.ok(w.run(TransferAsset{w.alice, w.timelock, w.flux, e18(100'000'000)}, ETA));
  EXPECT_EQ(voting_supply(w.s), e18(52'500'000));
  // Threshold: min(100,000,000, 10% of 52,500,000 = 5,250,000): alice's 50,000,000 pass.
  EXPECT_EQ(effective_proposal_threshold(w.s), e18(5'250'000));
  const std::uint64_t p2 = ETA + 1;
  w.ok(w.run(Propose{w.alice, {Gov::quorum(e18(1'000'000))}, "undo"}, p2));
  const std::uint64_t undo = w.last_id();
  // Its quorum: min(61,000,000, 40% of 52,500,000 = 21,000,000).
  EXPECT_EQ(w.proposal(undo).quorum_votes, e18(21'000'000));
  const std::uint64_t voting = p2 + 2;  // start p2 + 1
  for (AccountId voter : {w.alice, w.bob, w.dave}) w.ok(w.run(CastVote{voter, undo, vote_for, ""}, voting));
  const std::uint64_t end = w.proposal(undo).end_block;
  EXPECT_EQ(proposal_state(w.proposal(undo), end + 1, w.s.governance.grace_period_blocks()),
            ProposalState::succeeded);  // 52,500,000 >= 21,000,000
  w.ok(w.run(Queue{w.bob, undo}, end + 1));
  w.ok(w.run(Execute{w.bob, undo}, end + 1 + timelock_delay_default));
  EXPECT_EQ(w.s.governance.params.quorum_votes, e18(1'000'000));
}

// --- Rate models ---------------------------------------------------------------------

// World: 1,000,000 blocks a year, so a per-year figure y is y / 1e6 per block; the
// maximum is 5e12 per block, i.e. 5e18 a year.
TEST(GovernanceBounds, ARateModelAboveTheMaximumAtFullUtilizationIsRefused) {
  World w;
  w.prices_and_compliance();
  // Linear: rate at 100% = base + multiplier. 5e18/yr -> 5e12 per block: allowed.
  EXPECT_TRUE(apply(w.s, 100, SetRateModel{w.admin, w.f_usd, linear(0, e18(5))}).ok());
  // 5e18 + 1e6 a year -> 5e12 + 1 per block: rate_too_high, even though fUSD has no
  // borrows now (utilization 0, rate 0): it would freeze once utilization rose.
  EXPECT_EQ(apply(w.s, 100, SetRateModel{w.admin, w.f_usd, linear(0, e18(5) + 1'000'000)}).error, Error::rate_too_high);
  // Jump, kink 0.8: multiplier per block = 1e18 * 1e18 / (1e6 * 0.8e18) = 1.25e12, so
  // the rate at the kink is 0.8e18 * 1.25e12 / 1e18 = 1e12; above it, jump per block
  // J / 1e6 times (1e18 - 0.8e18) / 1e18. J = 2e19: 2e13 * 0.2 = 4e12, total 5e12: allowed.
  RateModelParams jump;
  jump.kind = RateModelKind::jump;
  jump.multiplier_per_year = e18(1);
  jump.kink = frac(8, 1);
  jump.jump_multiplier_per_year = e18(20);
  EXPECT_TRUE(apply(w.s, 100, SetRateModel{w.admin, w.f_usd, jump}).ok());
  // J = 2e19 + 5e6: (2e13 + 5) * 0.2e18 / 1e18 = 4e12 + 1, total 5e12 + 1: refused.
  jump.jump_multiplier_per_year = e18(20) + 5'000'000;
  EXPECT_EQ(apply(w.s, 100, SetRateModel{w.admin, w.f_usd, jump}).error, Error::rate_too_high);
  // Listing with such a model is refused the same way (checked after the parameters).
  ListMarket listing{w.admin, w.config("fNEW", w.eth, 0, 0, Access::open), jump, e18(1)};
  listing.config.price = e18(2);
  w.must(Faucet{w.admin, w.admin, w.eth, e18(1)});
  EXPECT_EQ(apply(w.s, 100, listing).error, Error::rate_too_high);
}

// The freeze, built directly (the check above no longer lets a model reach it): fETH
// as the Scene leaves it (cash 10e18, borrows 10e18, reserves 0, reserve factor 0.1,
// accrued at block 100), with a model of 2e13 per block of multiplier (2e19 a year):
// at utilization 0.5 the rate is 1e13 > 5e12.
TEST(GovernanceBounds, AFrozenMarketAcceptsANewRateModelAndPaysTheMaximumForTheFrozenBlocks) {
  test::Scene w;
  w.s.markets[w.f_eth].config.rate_model = make_rate_model(linear(0, e18(20)), w.s.blocks_per_year);
  EXPECT_EQ(apply(w.s, 110, Accrue{w.alice, w.f_eth}).error, Error::rate_too_high);
  EXPECT_EQ(apply(w.s, 110, Repay{w.alice, w.alice, w.f_eth, e18(1)}).error, Error::rate_too_high);
  EXPECT_EQ(apply(w.s, 110, Redeem{w.bob, w.f_eth, e18(1)}).error, Error::rate_too_high);
  // The reference's freeze was that the fix failed too. Now the admin's new model
  // (base 1e12, multiplier 2e12 per block) is taken, after accruing the 10 frozen
  // blocks at the maximum 5e12: sif = 5e12 * 10 = 5e13; interest = 5e13 * 10e18 / 1e18
  // = 5e14; reserves 0.1 * 5e14 = 5e13; index 1e18 + 5e13 * 1e18 / 1e18 = 1.00005e18.
  const Outcome o = apply(w.s, 110, SetRateModel{w.admin, w.f_eth, linear(e18(1), e18(2))});
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_EQ(w.book(w.f_eth).total_borrows, e18(10) + u("500000000000000"));
  EXPECT_EQ(w.book(w.f_eth).total_reserves, u("50000000000000"));
  EXPECT_EQ(w.book(w.f_eth).borrow_index, u("1000050000000000000"));
  EXPECT_EQ(w.book(w.f_eth).accrual_block, 110u);
  EXPECT_TRUE(apply(w.s, 111, Accrue{w.alice, w.f_eth}).ok());
  EXPECT_TRUE(apply(w.s, 111, Repay{w.alice, w.alice, w.f_eth, e18(1)}).ok());
}

TEST(GovernanceBounds, ANewModelMustNotLeaveTheMarketFrozenAboveFullUtilization) {
  test::Scene w;
  // Reserves above cash (borrowers took out cash the reserves stood for): cash 1e18,
  // borrows 10e18, reserves 6e18: utilization 10e18 * 1e18 / (1e18 + 10e18 - 6e18) = 2e18.
  MarketBook& book = w.s.markets[w.f_eth].book;
  book.cash = e18(1);
  book.total_reserves = e18(6);
  // Multiplier 4e12 per block: 4e12 at 100% (allowed), 8e12 at 200%: the market would
  // stay frozen, so the model is refused; 2e12 (4e12 at 200%) is taken.
  EXPECT_EQ(apply(w.s, 100, SetRateModel{w.admin, w.f_eth, linear(0, e18(4))}).error, Error::rate_too_high);
  EXPECT_TRUE(apply(w.s, 100, SetRateModel{w.admin, w.f_eth, linear(0, e18(2))}).ok());
}

TEST(GovernanceBounds, AProposalFixesAFrozenMarket) {
  Gov w;
  // fUSD borrowed: alice supplies 100 USD, bob borrows 50 against 100 ETH; then its
  // model is made 1e14 per block (100e18 a year), far above the maximum 5e12.
  w.must(Mint{w.alice, w.f_usd, e18(100)});
  w.must(Mint{w.bob, w.f_eth, e18(100)});
  w.must(EnterMarkets{w.bob, {w.f_eth}});
  w.must(Borrow{w.bob, w.f_usd, e18(50)});
  w.s.markets[w.f_usd].config.rate_model = make_rate_model(linear(e18(100), 0), w.s.blocks_per_year);
  EXPECT_EQ(w.run(Accrue{w.bob, w.f_usd}, P).error, Error::rate_too_high);
  w.ok(w.run(Propose{w.alice, {SetRateModel{0, w.f_usd, linear(e18(1), e18(2))}}, "unfreeze"}, P));
  const std::uint64_t id = w.last_id();
  w.ok(w.run(CastVote{w.alice, id, vote_for, ""}, START + 1));
  w.ok(w.run(Queue{w.bob, id}, QUEUE));
  w.ok(w.run(Execute{w.bob, id}, ETA));
  w.ok(w.run(Accrue{w.bob, w.f_usd}, ETA + 1));
}

// --- Collateral factor x liquidation incentive --------------------------------------

// The issue's attack, on a state that allowed it (built directly, as a chain could
// have set it before the fix): collateral factor 0.98, incentive 1.05 (product
// 1.029), close factor 0.5, prices 1 USD, exchange rates 1, no protocol seize share.
// alice supplies 1,000,000 USD and borrows 980,000 ETH (her whole liquidity); one
// block of interest at 1e12 makes her debt 980,000 * (1 + 1e-6) = 980,000.98; dave,
// her second account, liquidates her until the collateral is gone. Each liquidation
// takes 1.05 of collateral per unit repaid, so the collateral (1,000,000) runs out
// after repaying 1,000,000 / 1.05 = 952,380.95 of the 980,000.98: the rest is bad
// debt, and alice + dave keep 980,000 borrowed + 1,000,000 seized - 1,000,000
// supplied - 952,380.95 repaid = +27,619.05.
TEST(GovernanceBounds, SelfLiquidationWithoutMarginLeavesBadDebt) {
  World w;
  w.prices_and_compliance();
  w.must(SetPrice{w.oracle, w.f_eth, e18(1)});
  w.s.risk.liquidation_incentive = frac(105, 2);
  w.s.markets[w.f_usd].config.collateral_factor = frac(98, 2);
  w.s.markets[w.f_usd].config.protocol_seize_share = 0;
  w.s.markets[w.f_eth].config.rate_model = make_rate_model(linear(e18(1), 0), w.s.blocks_per_year);  // 1e12
  w.must(Faucet{w.admin, w.bob, w.eth, e18(2'000'000)});
  w.must(Mint{w.bob, w.f_eth, e18(2'000'000)});
  w.must(Faucet{w.admin, w.alice, w.usd, e18(1'000'000)});
  w.must(Mint{w.alice, w.f_usd, e18(1'000'000)});
  w.must(EnterMarkets{w.alice, {w.f_usd}});
  w.must(Borrow{w.alice, w.f_eth, e18(980'000)});
  w.must(Faucet{w.admin, w.dave, w.eth, e18(1'000'000)});
  // Block 101: debt 980,000e18 * (1e18 + 1e12) / 1e18 = 980,000.98e18. Each repay is
  // half the debt (close factor 0.5) while the collateral lasts, seizing 1.05 times it:
  //   490,000.49 245,000.245 122,500.1225 61,250.06125 30,625.030625 (sum 949,375.949375,
  //   seizing 996,844.74684375 of 1,000,000: 3,155.25315625 left); then what the rest
  //   pays for: floor(3,155.25315625e18 * 100 / 105) = 3,005.003005952380952380e18,
  //   seizing 3,005003005952380952380 * 105 / 100 = 3,155.253156249999999999e18.
  const char* repays[] = {"490000490000000000000000", "245000245000000000000000", "122500122500000000000000",
                          "61250061250000000000000",  "30625030625000000000000",  "3005003005952380952380"};
  for (const char* amount : repays) {
    const Outcome o = apply(w.s, 101, Liquidate{w.dave, w.alice, w.f_eth, u(amount), w.f_usd});
    ASSERT_TRUE(o.ok()) << error_name(o.error);
  }
  // alice keeps 1 unit of fUSD (1e-18 USD); dave holds the other 999,999.999999999999999999.
  EXPECT_EQ(w.pos(w.alice, w.f_usd).tokens, U256(1));
  EXPECT_EQ(w.pos(w.dave, w.f_usd).tokens, e18(1'000'000) - 1);
  // Repaid: 949,375.949375 + 3,005.003005952380952380 = 952,380.952380952380952380.
  EXPECT_EQ(e18(1'000'000) - w.wallet(w.dave, w.eth), u("952380952380952380952380"));
  // Bad debt: 980,000.98 - 952,380.952380952380952380 = 27,620.027619047619047620 ETH
  // owed against 1e-18 USD of collateral.
  EXPECT_EQ(borrow_balance_stored(w.book(w.f_eth), w.s.accounts[w.alice].position(w.f_eth)),
            u("27620027619047619047620"));
  // The attacker's gain, in USD at price 1: alice's 980,000 ETH + dave's fUSD worth
  // 999,999.999999999999999999 + alice's 1e-18 - 1,000,000 USD supplied - the repaid:
  // 980,000 - 952,380.952380952380952380 = 27,619.047619047619047620.
  const U256 end = w.wallet(w.alice, w.eth) + w.pos(w.dave, w.f_usd).tokens + w.pos(w.alice, w.f_usd).tokens;
  const U256 start = e18(1'000'000) + (e18(1'000'000) - w.wallet(w.dave, w.eth));
  EXPECT_EQ(end - start, u("27619047619047619047620"));
}

// The fix: no setter lets the product pass 0.99 (World: incentive 1.1, factors 0.5).
TEST(GovernanceBounds, CollateralFactorTimesIncentiveAbove099IsRefused) {
  World w;
  w.prices_and_compliance();
  // 0.9 * 1.1 = 0.99: allowed; one unit more is not.
  EXPECT_EQ(apply(w.s, 100, SetCollateralFactor{w.admin, w.f_usd, frac(9, 1) + 1}).error,
            Error::liquidation_margin_too_small);
  EXPECT_TRUE(apply(w.s, 100, SetCollateralFactor{w.admin, w.f_usd, frac(9, 1)}).ok());
  // The issue's pair, either way round: 0.98 under 1.05, and 1.05 over 0.98.
  EXPECT_TRUE(apply(w.s, 100, SetCollateralFactor{w.admin, w.f_usd, frac(5, 1)}).ok());
  EXPECT_TRUE(apply(w.s, 100, SetLiquidationIncentive{w.admin, frac(105, 2)}).ok());
  EXPECT_EQ(apply(w.s, 100, SetCollateralFactor{w.admin, w.f_eth, frac(98, 2)}).error,
            Error::liquidation_margin_too_small);
  EXPECT_TRUE(apply(w.s, 100, SetLiquidationIncentive{w.admin, e18(1)}).ok());
  EXPECT_TRUE(apply(w.s, 100, SetCollateralFactor{w.admin, w.f_eth, frac(98, 2)}).ok());  // 0.98 * 1
  EXPECT_EQ(apply(w.s, 100, SetLiquidationIncentive{w.admin, frac(105, 2)}).error, Error::liquidation_margin_too_small);
  // 0.99 / 0.98 = 1.0102040816326530612...: 1010204081632653061 is the largest allowed.
  EXPECT_TRUE(apply(w.s, 100, SetLiquidationIncentive{w.admin, u("1010204081632653061")}).ok());
  EXPECT_EQ(apply(w.s, 100, SetLiquidationIncentive{w.admin, u("1010204081632653062")}).error,
            Error::liquidation_margin_too_small);
  // A listing at 0.98 under the incentive 1.05 is refused; at 0.94 (0.987) it passes.
  w.s.roles.locked_supply_holder = w.s.account_id("locked");  // where a listing's seed fTokens go
  w.must(Faucet{w.admin, w.admin, w.eth, e18(2)});
  ListMarket listing{w.admin, w.config("fNEW", w.eth, 0, 0, Access::open), linear(0, 0), e18(1)};
  listing.config.price = e18(2);
  listing.config.collateral_factor = frac(98, 2);
  EXPECT_TRUE(apply(w.s, 100, SetLiquidationIncentive{w.admin, e18(1)}).ok());
  EXPECT_TRUE(apply(w.s, 100, SetCollateralFactor{w.admin, w.f_eth, frac(5, 1)}).ok());
  EXPECT_TRUE(apply(w.s, 100, SetLiquidationIncentive{w.admin, frac(105, 2)}).ok());
  EXPECT_EQ(apply(w.s, 100, listing).error, Error::liquidation_margin_too_small);
  listing.config.collateral_factor = frac(94, 2);  // 0.94 * 1.05 = 0.987
  const Outcome listed = apply(w.s, 100, listing);
  EXPECT_TRUE(listed.ok()) << error_name(listed.error);
}

// --- Whole proposals -----------------------------------------------------------------

TEST(GovernanceBounds, AProposalThatCanOnlyFailIsRefusedWhenMade) {
  Gov w;
  const MarketId unlisted = static_cast<MarketId>(w.s.markets.size());
  // The issue's two: a supply cap on an unlisted market, a zero quorum.
  w.refused(w.alice, {SetSupplyCap{0, unlisted, e18(1)}}, P, 0, Error::market_not_listed);
  w.refused(w.alice, {SetCollateralFactor{0, w.f_usd, frac(6, 1)}, Gov::quorum(0)}, P, 1, Error::invalid_parameter);
  // Each with its operation's error: a factor above 0.98, a reserve factor above 1,
  // a kink of 0, a model above the maximum, an open market with a group, an upgrade
  // that activates at a block already past (50 < 100).
  w.refused(w.alice, {SetCollateralFactor{0, w.f_usd, frac(99, 2)}}, P, 0, Error::invalid_parameter);
  w.refused(w.alice, {SetReserveFactor{0, w.f_usd, e18(1) + 1}}, P, 0, Error::invalid_parameter);
  RateModelParams kinkless;
  kinkless.kind = RateModelKind::jump;
  w.refused(w.alice, {SetRateModel{0, w.f_usd, kinkless}}, P, 0, Error::invalid_parameter);
  w.refused(w.alice, {SetRateModel{0, w.f_usd, linear(e18(6), 0)}}, P, 0, Error::rate_too_high);
  w.refused(w.alice, {SetMarketAccess{0, w.f_usd, Access::open, 3}}, P, 0, Error::invalid_parameter);
  w.refused(w.alice, {ScheduleUpgrade{0, 2, 50}}, P, 0, Error::invalid_parameter);
  // Nothing was recorded.
  EXPECT_EQ(w.s.governance.proposals.size(), 0u);
}

TEST(GovernanceBounds, ActionsMayDependOnEarlierActionsOfTheSameProposal) {
  Gov w;
  const MarketId next = static_cast<MarketId>(w.s.markets.size());
  ListMarket listing{0, w.config("fNEW", w.eth, 0, 0, Access::open), linear(0, 0), e18(1)};
  listing.config.price = e18(2);
  // A cap on the market an earlier action lists is fine; listing its symbol twice is not.
  w.refused(w.alice, {listing, SetSupplyCap{0, next, e18(5)}, listing}, P, 2, Error::invalid_parameter);
  // The World's incentive is 1.1: a factor of 0.95 (1.045) only after the incentive
  // drops to 1.04 (0.988) in an earlier action, not in a later one.
  w.refused(w.alice, {SetCollateralFactor{0, w.f_usd, frac(95, 2)}, SetLiquidationIncentive{0, frac(104, 2)}}, P, 0,
            Error::liquidation_margin_too_small);
  // Raising the incentive above what a market listed earlier in the proposal allows.
  listing.config.collateral_factor = frac(9, 1);  // 0.9 * 1.1 = 0.99: allowed
  w.refused(w.alice, {listing, SetLiquidationIncentive{0, frac(111, 2)}}, P, 1, Error::liquidation_margin_too_small);
  w.ok(w.run(Propose{w.alice,
                     {SetLiquidationIncentive{0, frac(104, 2)}, SetCollateralFactor{0, w.f_usd, frac(95, 2)}, listing,
                      SetSupplyCap{0, next, e18(5)}},
                     "ordered"},
             P));
  EXPECT_TRUE(check_proposal_actions(w.s, w.proposal(1).actions).ok());
}

// What other transactions may still change before the execution is left to it: a
// seed the timelock does not hold yet, reserves a market does not have yet.
TEST(GovernanceBounds, StateThatMayChangeBeforeExecutionIsNotJudgedWhenProposed) {
  Gov w;
  ListMarket listing{0, w.config("fNEW", w.eth, 0, 0, Access::open), linear(0, 0), e18(1)};
  listing.config.price = e18(2);
  EXPECT_TRUE(check_proposal_actions(w.s, {listing, ReduceReservesTo{0, w.f_usd, e18(1'000), w.bob}}).ok());
  EXPECT_EQ(w.wallet(w.timelock, w.eth), U256(0));
}

}  // namespace
}  // namespace flux
