// Liquidity mining (engine/rewards.hpp): FLUX emitted per block to suppliers and
// borrowers through Compound's indices, the reserve that caps it, claims, and the
// requests' rules. Every request goes through `run`, which checks all invariants and
// that a failed request changed nothing.
//
// The Mine world (engine_fixture.hpp's World, plus): FLUX (18 decimals, issuer
// "treasury"), governance installed with the timelock "timelock" (the admin stays
// "@admin" unless the test asks for the timelock), the locked supply holder "locked".
// At block 100: alice and bob each get 1,000 USD and bob 30 ETH; the treasury issues
// itself 1,000 FLUX and delegates to itself (its votes are its FLUX).
//
// Every expected number is worked out by hand next to its assertion: indices are
// Doubles (1e36), speeds FLUX units (1e-18) per block; fUSD never has borrows here,
// so its exchange rate stays 1 and 1 USD mints 1e18 fTokens.
#include "engine/engine.hpp"
#include "engine/interest.hpp"
#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "engine/views.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <functional>

namespace flux {
namespace {

using test::e18;
using test::u;
using test::World;

const U256 I0 = reward_initial_index();                    // 1e36
U256 index_of(const char* decimal) { return u(decimal); }  // an index written out in full

struct Mine : World {
  AccountId treasury = 0, timelock = 0, locked = 0;
  AssetId flux = 0;

  explicit Mine(bool timelock_is_admin = false) {
    treasury = s.account_id("treasury");
    timelock = s.account_id("timelock");
    locked = s.account_id("locked");
    flux = s.add_asset("FLUX", 18);
    s.assets[flux].issuer = treasury;
    s.roles.locked_supply_holder = locked;
    prices_and_compliance();
    must(Faucet{admin, alice, usd, e18(1000)});
    must(Faucet{admin, bob, usd, e18(1000)});
    must(Faucet{admin, bob, eth, e18(30)});
    GovernanceSetup setup;
    setup.token = flux;
    setup.timelock = timelock;
    setup.timelock_is_admin = timelock_is_admin;
    install_governance(s, setup);
    expect_ok(run(IssueAsset{treasury, treasury, flux, e18(1000)}, start));
    expect_ok(run(Delegate{treasury, treasury}, start));
  }

  Outcome run(const Request& r, std::uint64_t block) {
    const State before = s;
    Outcome o = apply(s, block, r);
    for (const Violation& v : check_invariants(before, s, r, o))
      ADD_FAILURE() << request_name(r) << ": " << v.invariant << ": " << v.detail;
    if (!o.ok()) {
      EXPECT_TRUE(before == s) << request_name(r) << " failed with " << error_name(o.error) << " but changed the state";
      EXPECT_EQ(state_hash(before), state_hash(s));
      EXPECT_TRUE(o.events.empty());
    }
    return o;
  }
  static void expect_ok(const Outcome& o) { EXPECT_TRUE(o.ok()) << error_name(o.error); }
  Error error_of(const Request& r, std::uint64_t block) { return run(r, block).error; }

  U256 accrued(AccountId a) const { return s.rewards.accrued(a); }
  U256 flux_of(AccountId a) const { return wallet(a, flux); }
  U256 votes(AccountId a) const { return current_votes(s.governance, a); }
  const MarketRewards& rewards(MarketId m) const { return s.rewards.markets.at(m); }
  // The treasury funds the reserve and the admin sets fUSD's speeds, both at block 100.
  void fund_and_set(const U256& funding, MarketId m, const U256& supply_speed, const U256& borrow_speed) {
    expect_ok(run(FundRewards{treasury, funding}, start));
    expect_ok(run(SetRewardSpeeds{admin, m, supply_speed, borrow_speed}, start));
  }
};

// --- Indices and accrual -------------------------------------------------------------

TEST(RewardsSupply, ASupplierAccruesItsSpeedOverBlocks) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));  // 100e18 fTokens, before any speed
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);                  // 1 FLUX per block to fUSD's suppliers
  EXPECT_EQ(w.rewards(w.f_usd).supply_index, I0);
  EXPECT_EQ(w.rewards(w.f_usd).supply_block, 100u);

  // Block 110, alice claims: 10 blocks * 1e18 = 10e18 emitted; ratio 10e18 * 1e36 /
  // 100e18 = 1e35; index 1.1e36. alice had no index (she supplied before the speed):
  // she starts from 1e36 (Compound's rule), so 100e18 * 1e35 / 1e36 = 10e18.
  const Outcome o = w.run(ClaimRewards{w.alice, {w.f_usd}}, 110);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_EQ(w.rewards(w.f_usd).supply_index, index_of("1100000000000000000000000000000000000"));
  EXPECT_EQ(w.rewards(w.f_usd).supply_block, 110u);
  EXPECT_EQ(w.rewards(w.f_usd).borrow_block, 110u);  // moved with no speed, as the contracts do
  EXPECT_EQ(w.flux_of(w.alice), e18(10));
  EXPECT_EQ(w.accrued(w.alice), U256(0));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(10));
  EXPECT_EQ(w.s.rewards.pool.paid, e18(10));
  EXPECT_EQ(w.s.rewards.pool.reserve(), e18(990));
  ASSERT_EQ(o.events.size(), 2u);  // alice has no delegate: no votes move
  EXPECT_EQ(kind_of(o.events[0]), EventKind::supplier_rewards_distributed);
  EXPECT_EQ(std::get<SupplierRewardsDistributed>(o.events[0]).credited, e18(10));
  EXPECT_EQ(std::get<SupplierRewardsDistributed>(o.events[0]).supply_index,
            index_of("1100000000000000000000000000000000000"));
  EXPECT_EQ(kind_of(o.events[1]), EventKind::rewards_claimed);
  EXPECT_EQ(std::get<RewardsClaimed>(o.events[1]).amount, e18(10));
  EXPECT_EQ(std::get<RewardsClaimed>(o.events[1]).reserve_after, e18(990));

  // Block 113: a mint of 50 distributes first (3 blocks: 3e18 / 100e18 = 3e34 per unit,
  // 100e18 * 3e34 / 1e36 = 3e18 to alice), then her balance becomes 150e18.
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(50)}, 113));
  EXPECT_EQ(w.accrued(w.alice), e18(3));
  // Block 119: a redeem distributes 6 blocks on 150e18: 6e18 * 1e36 / 150e18 = 4e34;
  // 150e18 * 4e34 / 1e36 = 6e18; 9e18 in all.
  Mine::expect_ok(w.run(Redeem{w.alice, w.f_usd, e18(30)}, 119));
  EXPECT_EQ(w.accrued(w.alice), e18(9));
  EXPECT_EQ(w.rewards(w.f_usd).supply_index, index_of("1170000000000000000000000000000000000"));
}

TEST(RewardsSupply, TwoSuppliersSplitTheSpeedByTheirFTokenShare) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);
  // Block 104: bob mints 200. First 4 blocks go to alice alone: 4e18 * 1e36 / 100e18
  // = 4e34; index 1.04e36; bob holds nothing yet, so he gets 0 and his index is 1.04e36.
  Mine::expect_ok(w.run(Mint{w.bob, w.f_usd, e18(200)}, 104));
  EXPECT_EQ(w.accrued(w.bob), U256(0));
  EXPECT_EQ(w.s.rewards.accounts.at(w.bob).markets.find(w.f_usd)->supplier_index,
            index_of("1040000000000000000000000000000000000"));
  // Block 110: 6 blocks over 300e18: 6e18 * 1e36 / 300e18 = 2e34; index 1.06e36.
  // alice: 100e18 * (1.06e36 - 1e36) / 1e36 = 6e18 (4 alone + 2 as a third);
  // bob: 200e18 * (1.06e36 - 1.04e36) / 1e36 = 4e18. 10 blocks, 10 FLUX.
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {}}, 110));
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {}}, 110));
  EXPECT_EQ(w.flux_of(w.alice), e18(6));
  EXPECT_EQ(w.flux_of(w.bob), e18(4));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(10));
  EXPECT_EQ(w.s.rewards.pool.distributed, e18(10));
}

TEST(RewardsBorrow, ABorrowerAccruesOnItsNormalizedBorrow) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  Mine::expect_ok(w.run(EnterMarkets{w.alice, {w.f_usd}}, 100));
  Mine::expect_ok(w.run(Mint{w.bob, w.f_eth, e18(20)}, 100));
  Mine::expect_ok(w.run(Borrow{w.alice, w.f_eth, e18(10)}, 100));
  w.fund_and_set(e18(1000), w.f_eth, 0, e18(1));  // 1 FLUX per block to fETH's borrowers

  // Block 110: alice borrows 1 more. fETH accrues first: utilization 10 / 20 = 0.5, rate
  // 1e12 + 2e12 * 0.5 = 2e12 per block; 10 blocks: sif 2e13, interest 2e13 * 10e18 /
  // 1e18 = 2e14, total borrows 10.0002e18, borrow index 1.00002e18. The denominator is
  // total borrows / index: 10.0002e18 * 1e18 / 1.00002e18 = 10e18 exactly; 10e18
  // emitted: ratio 10e18 * 1e36 / 10e18 = 1e36, index 2e36. alice's stored balance
  // 10.0002e18 normalized the same way is 10e18: 10e18 * 1e36 / 1e36 = 10e18, all of it.
  const Outcome o = w.run(Borrow{w.alice, w.f_eth, e18(1)}, 110);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_EQ(w.book(w.f_eth).borrow_index, u("1000020000000000000"));
  EXPECT_EQ(w.rewards(w.f_eth).borrow_index, I0 * 2);
  EXPECT_EQ(w.accrued(w.alice), e18(10));
  ASSERT_GE(o.events.size(), 3u);  // interest accrued, the distribution, borrowed
  EXPECT_EQ(kind_of(o.events[1]), EventKind::borrower_rewards_distributed);
  EXPECT_EQ(std::get<BorrowerRewardsDistributed>(o.events[1]).credited, e18(10));
  EXPECT_EQ(kind_of(o.events.back()), EventKind::borrowed);
  // Suppliers of fETH get nothing: its supply speed is 0.
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {w.f_eth}}, 110));
  EXPECT_EQ(w.flux_of(w.bob), U256(0));
  // A repay by bob on alice's behalf distributes to alice (the borrower), not to bob.
  Mine::expect_ok(w.run(Repay{w.bob, w.alice, w.f_eth, e18(1)}, 115));
  EXPECT_GT(w.accrued(w.alice), e18(10));
  EXPECT_EQ(w.accrued(w.bob), U256(0));
}

TEST(RewardsBorrow, RepayingEverythingStopsTheBorrowSide) {
  Mine w;
  // fUSD has no interest model worth noting here: it never has borrows before this
  // test's own, so the rate model is set to zero to keep the index at 1e18.
  Mine::expect_ok(w.run(SetRateModel{w.admin, w.f_usd, test::linear(0, 0)}, 100));
  Mine::expect_ok(w.run(Mint{w.bob, w.f_usd, e18(500)}, 100));
  Mine::expect_ok(w.run(Faucet{w.admin, w.alice, w.eth, e18(100)}, 100));
  Mine::expect_ok(w.run(Mint{w.alice, w.f_eth, e18(100)}, 100));
  Mine::expect_ok(w.run(EnterMarkets{w.alice, {w.f_eth}}, 100));
  w.fund_and_set(e18(1000), w.f_usd, 0, e18(2));
  Mine::expect_ok(w.run(Borrow{w.alice, w.f_usd, e18(10)}, 100));  // same block: nothing to distribute
  // Block 105, borrows 10e18 at index 1e18: 5 * 2e18 = 10e18 over 10e18 -> +1e36; alice 10e18.
  Mine::expect_ok(w.run(Borrow{w.alice, w.f_usd, e18(2)}, 105));
  EXPECT_EQ(w.accrued(w.alice), e18(10));
  // Block 111, repay all 12: 6 * 2e18 = 12e18 over 12e18 -> +1e36; alice 12e18 more.
  Mine::expect_ok(w.run(Repay{w.alice, w.alice, w.f_usd, u256_max()}, 111));
  EXPECT_EQ(w.accrued(w.alice), e18(22));
  // Block 120: no borrows, so nothing is emitted (the denominator is 0) and nothing allocated.
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {w.f_usd}}, 120));
  EXPECT_EQ(w.flux_of(w.alice), e18(22));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(22));
  EXPECT_EQ(w.rewards(w.f_usd).borrow_index, I0 * 3);
}

// --- fTokens moving: transfers and seizes distribute first ----------------------------

TEST(RewardsTransfer, ATransferDistributesToBothSidesFirst) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);
  // Block 110: 10e18 over 100e18 -> index 1.1e36; alice 10e18 on her 100e18; bob held
  // nothing: 0, and his index becomes 1.1e36, so the 50 he receives earn from now on.
  const Outcome o = w.run(Transfer{w.alice, w.bob, w.f_usd, e18(50)}, 110);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_EQ(w.accrued(w.alice), e18(10));
  EXPECT_EQ(w.accrued(w.bob), U256(0));
  EXPECT_EQ(w.s.rewards.accounts.at(w.bob).markets.find(w.f_usd)->supplier_index,
            index_of("1100000000000000000000000000000000000"));
  ASSERT_EQ(o.events.size(), 2u);
  EXPECT_EQ(kind_of(o.events[0]), EventKind::supplier_rewards_distributed);
  EXPECT_EQ(std::get<SupplierRewardsDistributed>(o.events[0]).supplier, w.alice);
  EXPECT_EQ(kind_of(o.events[1]), EventKind::transferred);
  // Block 120: 10e18 over 100e18 -> +1e35; bob 50e18 * 1e35 / 1e36 = 5e18; alice 5e18 more.
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {}}, 120));
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {}}, 120));
  EXPECT_EQ(w.flux_of(w.bob), e18(5));
  EXPECT_EQ(w.flux_of(w.alice), e18(15));
}

TEST(RewardsLiquidate, TheSeizeDistributesToBorrowerAndLiquidatorFirst) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  Mine::expect_ok(w.run(EnterMarkets{w.alice, {w.f_usd}}, 100));
  Mine::expect_ok(w.run(Mint{w.bob, w.f_eth, e18(20)}, 100));
  Mine::expect_ok(w.run(Borrow{w.alice, w.f_eth, e18(10)}, 100));
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);
  // ETH to 6 USD: alice owes 10.0002 ETH = 60.0012 USD against 50 USD of collateral.
  Mine::expect_ok(w.run(SetPrice{w.oracle, w.f_eth, e18(6)}, 110));
  // bob repays 1 ETH: seize 1.1 * 6 / (1 * 1) * 1 = 6.6e18 fUSD, 5% (0.33e18) burnt
  // as reserves, 6.27e18 to bob. Before the seize, block 110: 10e18 over 100e18 ->
  // index 1.1e36; alice (100e18) gets 10e18, bob (0 fUSD) 0 with index 1.1e36.
  const Outcome o = w.run(Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_usd}, 110);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_EQ(w.pos(w.alice, w.f_usd).tokens, u("93400000000000000000"));
  EXPECT_EQ(w.pos(w.bob, w.f_usd).tokens, u("6270000000000000000"));
  EXPECT_EQ(w.accrued(w.alice), e18(10));
  EXPECT_EQ(w.accrued(w.bob), U256(0));
  // Block 120, bob claims: 10e18 * 1e36 / 99.67e18 = 100331092605598474967392394903180495
  // (truncated); bob 6.27e18 * that / 1e36 = 629075950637102438.
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {w.f_usd}}, 120));
  EXPECT_EQ(w.flux_of(w.bob), u("629075950637102438"));
  // alice: 93.4e18 * that / 1e36 = 9370924049362897561, plus her 10e18. The two shares
  // sum to 9999999999999999999: one unit of the 10e18 emitted is truncation dust.
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {w.f_usd}}, 120));
  EXPECT_EQ(w.flux_of(w.alice), u("19370924049362897561"));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(20));
}

// --- Claims, votes and the reserve ----------------------------------------------------

TEST(RewardsClaim, FluxPaidMovesTheClaimersDelegatesVotes) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  Mine::expect_ok(w.run(Delegate{w.alice, w.dave}, 100));
  // Funding takes the treasury's FLUX and its votes: 1000 - 400 = 600.
  w.fund_and_set(e18(400), w.f_usd, e18(1), 0);
  EXPECT_EQ(w.votes(w.treasury), e18(600));
  EXPECT_EQ(w.flux_of(w.treasury), e18(600));
  // Block 110: 10 FLUX to alice's wallet; her delegate dave gains 10 votes.
  const Outcome o = w.run(ClaimRewards{w.alice, {}}, 110);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(w.flux_of(w.alice), e18(10));
  EXPECT_EQ(w.votes(w.dave), e18(10));
  EXPECT_EQ(votes_at(w.s.governance, w.dave, 109), U256(0));
  ASSERT_EQ(o.events.size(), 3u);
  EXPECT_EQ(kind_of(o.events[2]), EventKind::votes_changed);
  EXPECT_EQ(std::get<VotesChanged>(o.events[2]).delegate, w.dave);
  EXPECT_EQ(std::get<VotesChanged>(o.events[2]).after, e18(10));
  // Claimed FLUX is ordinary FLUX: it can fund the reserve back.
  Mine::expect_ok(w.run(FundRewards{w.alice, e18(10)}, 111));
  EXPECT_EQ(w.votes(w.dave), U256(0));
  EXPECT_EQ(w.s.rewards.pool.funded, e18(410));
  EXPECT_EQ(w.s.rewards.pool.reserve(), e18(400));
}

TEST(RewardsReserve, EmissionStopsExactlyAtTheReserveAndClaimsPayOnlyWhatWasAllocated) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  Mine::expect_ok(w.run(Mint{w.bob, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(25), w.f_usd, e18(1), 0);  // 25 FLUX: 25 blocks' worth
  // Block 130, alice claims: 30 blocks want 30e18 but only 25e18 is unallocated, so 25e18
  // is emitted: 25e18 * 1e36 / 200e18 = 1.25e35, index 1.125e36; alice 12.5e18.
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {}}, 130));
  EXPECT_EQ(w.flux_of(w.alice), u("12500000000000000000"));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(25));
  EXPECT_EQ(w.rewards(w.f_usd).supply_index, index_of("1125000000000000000000000000000000000"));
  // Block 200, bob claims: 70 more blocks emit nothing (the reserve is all promised);
  // bob supplied before the speed, so he starts from 1e36: 100e18 * 1.25e35 / 1e36.
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {}}, 200));
  EXPECT_EQ(w.flux_of(w.bob), u("12500000000000000000"));
  EXPECT_EQ(w.rewards(w.f_usd).supply_index, index_of("1125000000000000000000000000000000000"));
  EXPECT_EQ(w.s.rewards.pool.paid, e18(25));
  EXPECT_EQ(w.s.rewards.pool.reserve(), U256(0));
  // Block 220: alice again: nothing more, and no emission.
  const Outcome again = w.run(ClaimRewards{w.alice, {}}, 220);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(kind_of(again.events.back()), EventKind::rewards_claimed);
  EXPECT_EQ(std::get<RewardsClaimed>(again.events.back()).amount, U256(0));
  EXPECT_EQ(w.flux_of(w.alice), u("12500000000000000000"));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(25));
  // Block 250: 10 FLUX more. Funding first brings the index up to block 250 at the
  // empty reserve, so the new FLUX pays for blocks from 250 on.
  Mine::expect_ok(w.run(FundRewards{w.treasury, e18(10)}, 250));
  EXPECT_EQ(w.rewards(w.f_usd).supply_block, 250u);
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(25));
  // Block 255, bob: 5 blocks, 5e18 over 200e18 = 2.5e34; bob 100e18 * 2.5e34 / 1e36 =
  // 2.5e18. (Had the 50 empty blocks counted, 10e18 would have gone out, 5e18 to bob.)
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {}}, 255));
  EXPECT_EQ(w.flux_of(w.bob), u("15000000000000000000"));
  // Block 300, alice: 45 blocks want 45e18, 5e18 remain: +2.5e34; alice gets 2.5e34 * 2
  // on her 100e18 = 5e18. All 35 FLUX are now allocated; bob's 2.5 wait in the reserve.
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {}}, 300));
  EXPECT_EQ(w.flux_of(w.alice), u("17500000000000000000"));
  EXPECT_EQ(w.s.rewards.pool.allocated, e18(35));
  EXPECT_EQ(w.s.rewards.pool.reserve(), u("2500000000000000000"));
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {}}, 400));
  EXPECT_EQ(w.flux_of(w.bob), u("17500000000000000000"));
  EXPECT_EQ(w.s.rewards.pool.reserve(), U256(0));
  EXPECT_EQ(w.s.rewards.pool.paid, e18(35));
}

// --- Speeds and who may set them ------------------------------------------------------

TEST(RewardsSpeeds, ChangingASpeedFirstUpdatesAtTheOldOne) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);
  // Block 110: the new speed 3e18 starts here; the 10 blocks before pay at 1e18: 1.1e36.
  const Outcome o = w.run(SetRewardSpeeds{w.admin, w.f_usd, e18(3), 0}, 110);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(w.rewards(w.f_usd).supply_index, index_of("1100000000000000000000000000000000000"));
  EXPECT_EQ(kind_of(o.events.back()), EventKind::reward_speeds_set);
  EXPECT_EQ(std::get<RewardSpeedsSet>(o.events.back()).supply_speed, e18(3));
  // Block 120: 10 blocks at 3e18 = 30e18 over 100e18: +3e35 -> 1.4e36; alice 10 + 30.
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {}}, 120));
  EXPECT_EQ(w.flux_of(w.alice), e18(40));
}

TEST(RewardsSpeeds, SpeedsAndFundingByAnExecutedProposal) {
  Mine w(true);  // the timelock is the admin
  for (const auto& [who, whole] : {std::pair{w.alice, 150'000'000ULL}, std::pair{w.bob, 2'000'000ULL}}) {
    Mine::expect_ok(w.run(IssueAsset{w.treasury, who, w.flux, e18(whole)}, 100));
    Mine::expect_ok(w.run(Delegate{who, who}, 100));
  }
  Mine::expect_ok(w.run(TransferAsset{w.treasury, w.timelock, w.flux, e18(100)}, 100));
  Mine::expect_ok(w.run(Mint{w.bob, w.f_usd, e18(100)}, 100));
  // Sent directly, by anyone, it fails: only the timelock is the admin, and it has no key.
  EXPECT_EQ(w.error_of(SetRewardSpeeds{w.alice, w.f_usd, e18(1), 0}, 100), Error::unauthorized);
  EXPECT_EQ(w.error_of(SetRewardSpeeds{w.admin, w.f_usd, e18(1), 0}, 100), Error::unauthorized);
  EXPECT_EQ(w.error_of(SetRewardSpeeds{w.timelock, w.f_usd, e18(1), 0}, 100), Error::unauthorized);
  EXPECT_EQ(w.error_of(FundRewards{w.timelock, e18(1)}, 100), Error::unauthorized);

  // Propose at 101, vote at 103, queue at 21,703 (eta 28,903), execute at eta.
  Mine::expect_ok(
      w.run(Propose{w.alice, {SetRewardSpeeds{0, w.f_usd, e18(1), 0}, FundRewards{0, e18(100)}}, "mine"}, 101));
  Mine::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, 103));
  Mine::expect_ok(w.run(Queue{w.dave, 1}, 21'703));
  const Outcome o = w.run(Execute{w.dave, 1}, 28'903);
  ASSERT_TRUE(o.ok()) << error_name(o.error) << " " << error_name(o.action_error);
  EXPECT_EQ(w.rewards(w.f_usd).supply_speed, e18(1));
  EXPECT_EQ(w.rewards(w.f_usd).supply_block, 28'903u);
  EXPECT_EQ(w.s.rewards.pool.funded, e18(100));
  EXPECT_EQ(w.flux_of(w.timelock), U256(0));
  // 10 blocks later bob, the only supplier (100e18 since block 100), claims 10 FLUX:
  // emission began at the execution, not when he supplied.
  Mine::expect_ok(w.run(ClaimRewards{w.bob, {w.f_usd}}, 28'913));
  EXPECT_EQ(w.flux_of(w.bob), e18(2'000'000) + e18(10));
  EXPECT_EQ(w.votes(w.bob), e18(2'000'000) + e18(10));
}

TEST(RewardsSpeeds, AFailedFundingActionRollsTheSpeedBackToo) {
  Mine w(true);
  Mine::expect_ok(w.run(IssueAsset{w.treasury, w.alice, w.flux, e18(150'000'000)}, 100));
  Mine::expect_ok(w.run(Delegate{w.alice, w.alice}, 100));
  // The timelock holds no FLUX: the second action fails, so the first leaves nothing.
  Mine::expect_ok(w.run(Propose{w.alice, {SetRewardSpeeds{0, w.f_usd, e18(1), 0}, FundRewards{0, e18(5)}}, ""}, 101));
  Mine::expect_ok(w.run(CastVote{w.alice, 1, vote_for, ""}, 103));
  Mine::expect_ok(w.run(Queue{w.dave, 1}, 21'703));
  const Outcome o = w.run(Execute{w.dave, 1}, 28'903);
  EXPECT_EQ(o.error, Error::action_failed);
  EXPECT_EQ(o.failed_action, 1u);
  EXPECT_EQ(o.action_error, Error::insufficient_balance);
  EXPECT_TRUE(w.s.rewards.empty());
}

// --- Failures ------------------------------------------------------------------------

TEST(RewardsErrors, EachRefusalChangesNothing) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(100), w.f_usd, e18(1), e18(1));
  // run() checks every failure below left the state (and its hash) as it was.
  EXPECT_EQ(w.error_of(SetRewardSpeeds{w.alice, w.f_usd, 1, 1}, 105), Error::unauthorized);
  EXPECT_EQ(w.error_of(SetRewardSpeeds{w.admin, 40, 1, 1}, 105), Error::market_not_listed);
  EXPECT_EQ(w.error_of(FundRewards{w.alice, 0}, 105), Error::invalid_amount);
  EXPECT_EQ(w.error_of(FundRewards{w.alice, 1}, 105), Error::insufficient_balance);
  EXPECT_EQ(w.error_of(FundRewards{w.treasury, e18(901)}, 105), Error::insufficient_balance);
  EXPECT_EQ(w.error_of(ClaimRewards{w.alice, {w.f_usd, 40}}, 105), Error::market_not_listed);
  EXPECT_EQ(w.error_of(ClaimRewards{w.alice, std::vector<MarketId>(65, w.f_usd)}, 105), Error::invalid_parameter);
  EXPECT_EQ(w.error_of(ClaimRewards{w.carol, {}}, 105), Error::sanctioned);  // carol is sanctioned
  EXPECT_EQ(w.error_of(ClaimRewards{w.locked, {}}, 105), Error::unauthorized);
  // An operation failing after its rewards were planned leaves them unwritten.
  EXPECT_EQ(w.error_of(Mint{w.alice, w.f_usd, e18(10'000)}, 105), Error::insufficient_balance);
  EXPECT_EQ(w.error_of(Redeem{w.alice, w.f_usd, e18(101)}, 105), Error::insufficient_cash);  // cash first
  EXPECT_EQ(w.error_of(Transfer{w.alice, w.bob, w.f_usd, e18(101)}, 105), Error::insufficient_balance);
  EXPECT_EQ(w.rewards(w.f_usd).supply_block, 100u);
  // The funding bound: 1e41 units in all.
  Mine::expect_ok(w.run(IssueAsset{w.treasury, w.treasury, w.flux, rewards_funded_max()}, 105));
  EXPECT_EQ(w.error_of(FundRewards{w.treasury, rewards_funded_max()}, 105), Error::limit_reached);
}

TEST(RewardsErrors, WithoutGovernanceThereAreNoRewards) {
  test::Scene plain;
  EXPECT_EQ(apply(plain.s, World::start, SetRewardSpeeds{plain.admin, plain.f_usd, 1, 1}).error,
            Error::rewards_disabled);
  EXPECT_EQ(apply(plain.s, World::start, FundRewards{plain.alice, 1}).error, Error::rewards_disabled);
  EXPECT_EQ(apply(plain.s, World::start, ClaimRewards{plain.alice, {}}).error, Error::rewards_disabled);
  // ... and the operations that distribute leave no trace of rewards.
  ASSERT_TRUE(apply(plain.s, 150, Mint{plain.alice, plain.f_usd, e18(1)}).ok());
  EXPECT_TRUE(plain.s.rewards.empty());
  EXPECT_EQ(std::string(error_name(Error::rewards_disabled)), "rewards_disabled");
}

// --- Claims for another holder (claim_rewards_for, Compound's claimComp(holder)) ------

TEST(RewardsClaimFor, AnyonePaysAHoldersFluxIntoTheHoldersWallet) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);
  // Block 110, bob claims for alice: the same 10 blocks * 1 FLUX as alice's own claim in
  // ASupplierAccruesItsSpeedOverBlocks, 10e18, into alice's wallet; bob gets nothing.
  const Outcome o = w.run(ClaimRewardsFor{w.bob, w.alice, {w.f_usd}}, 110);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_EQ(w.flux_of(w.alice), e18(10));
  EXPECT_EQ(w.flux_of(w.bob), U256(0));
  EXPECT_EQ(w.accrued(w.alice), U256(0));
  EXPECT_EQ(w.s.rewards.pool.paid, e18(10));
  ASSERT_EQ(o.events.size(), 2u);
  EXPECT_EQ(std::get<SupplierRewardsDistributed>(o.events[0]).credited, e18(10));
  EXPECT_EQ(std::get<RewardsClaimed>(o.events[1]).claimer, w.alice);
  EXPECT_EQ(std::get<RewardsClaimed>(o.events[1]).amount, e18(10));
  EXPECT_STREQ(request_name(ClaimRewardsFor{}), "claim_rewards_for");
  EXPECT_FALSE(is_admin_request(ClaimRewardsFor{}));
}

TEST(RewardsClaimFor, EachRefusalChangesNothing) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(100), w.f_usd, e18(1), e18(1));
  // run() checks every failure below left the state (and its hash) as it was.
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.carol, w.alice, {}}, 105), Error::sanctioned);  // a sanctioned sender
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.bob, w.carol, {}}, 105), Error::sanctioned);    // a sanctioned holder
  // The locked supply holder may not claim (authorization), nor be claimed for.
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.bob, w.locked, {}}, 105), Error::unauthorized);
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.bob, w.alice, {w.f_usd, 40}}, 105), Error::market_not_listed);
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.bob, w.alice, std::vector<MarketId>(65, w.f_usd)}, 105),
            Error::invalid_parameter);
  // A holder no account has: refused before anything runs (the registry names the
  // field an account, whatever it is called).
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.bob, 9'999, {}}, 105), Error::unknown_account);
  EXPECT_EQ(w.error_of(ClaimRewardsFor{w.bob, no_account, {}}, 105), Error::unknown_account);
  test::Scene plain;
  EXPECT_EQ(apply(plain.s, World::start, ClaimRewardsFor{plain.bob, plain.alice, {}}).error, Error::rewards_disabled);
}

TEST(RewardsViews, ClaimableIsWhatAClaimWouldPayNow) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(1000), w.f_usd, e18(1), 0);
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 104));  // credits 4e18, 200e18 from now
  Mine::expect_ok(w.run(Accrue{w.bob, w.f_eth}, 110));            // the state's block is 110
  const State before = w.s;
  // Stored: 4e18. A claim at 110 would add 6 blocks over 200e18 on 200e18: 6e18.
  const RewardsFigures f = account_rewards(w.s, w.alice);
  EXPECT_EQ(f.error, Error::ok);
  EXPECT_EQ(f.accrued, e18(4));
  EXPECT_EQ(f.claimable, e18(10));
  EXPECT_TRUE(before == w.s);  // a view writes nothing
  EXPECT_EQ(account_rewards(w.s, w.bob).claimable, U256(0));
  Mine::expect_ok(w.run(ClaimRewards{w.alice, {}}, 110));
  EXPECT_EQ(w.flux_of(w.alice), f.claimable);
  EXPECT_EQ(account_rewards(test::Scene{}.s, 0).claimable, U256(0));  // no governance, no rewards
}

TEST(RewardsRequests, AppendedNamesClassesAndNumbers) {
  // Appended at the end of Request, GovernanceAction, Error and EventKind: the earlier
  // ones keep their numbers (the node's wire and RPC codes depend on them).
  EXPECT_EQ(Request{Execute{}}.index(), 42u);
  EXPECT_EQ(Request{SetRewardSpeeds{}}.index(), 43u);
  EXPECT_EQ(Request{FundRewards{}}.index(), 44u);
  EXPECT_EQ(Request{ClaimRewards{}}.index(), 45u);
  EXPECT_EQ(GovernanceAction{SetGovernanceParameter{}}.index(), 16u);
  EXPECT_EQ(GovernanceAction{SetRewardSpeeds{}}.index(), 17u);
  EXPECT_EQ(GovernanceAction{FundRewards{}}.index(), 18u);
  EXPECT_EQ(static_cast<int>(Error::rewards_disabled), static_cast<int>(Error::action_failed) + 1);
  EXPECT_EQ(static_cast<int>(Error::rewards_disabled), 41);  // RPC code 1041 (docs/rpc.md)
  EXPECT_EQ(static_cast<int>(EventKind::reward_speeds_set), static_cast<int>(EventKind::proposal_executed) + 1);
  EXPECT_STREQ(request_name(Request{SetRewardSpeeds{}}), "set_reward_speeds");
  EXPECT_STREQ(request_name(Request{FundRewards{}}), "fund_rewards");
  EXPECT_STREQ(request_name(Request{ClaimRewards{}}), "claim_rewards");
  EXPECT_STREQ(event_name(EventKind::borrower_rewards_distributed), "borrower_rewards_distributed");
  EXPECT_TRUE(is_admin_request(Request{SetRewardSpeeds{}}));
  EXPECT_FALSE(is_admin_request(Request{FundRewards{}}));
  EXPECT_FALSE(is_admin_request(Request{ClaimRewards{}}));
}

// --- Random sequences --------------------------------------------------------------------

// Random operations with speeds on, funding small enough that the reserve runs out
// again and again: every invariant (rewards_backed above all) holds after every step,
// a failure changes nothing, and the FLUX ever paid never exceeds what was funded.
RC_GTEST_PROP(RewardsProperty, TheReserveIsNeverOverdrawn, ()) {
  const auto steps = *rc::gen::resize(
      50,
      rc::gen::container<std::vector<std::array<int, 5>>>(rc::gen::map(
          rc::gen::tuple(rc::gen::inRange(0, 10), rc::gen::inRange(0, 4), rc::gen::inRange(0, 4),
                         rc::gen::inRange(0, 2), rc::gen::inRange(0, 1001)),
          [](const auto& t) {
            return std::array<int, 5>{std::get<0>(t), std::get<1>(t), std::get<2>(t), std::get<3>(t), std::get<4>(t)};
          })));
  Mine w;
  for (AccountId a : {w.alice, w.bob, w.carol, w.dave})
    for (AssetId asset : {w.usd, w.eth}) w.must(Faucet{w.admin, a, asset, e18(1000)});
  w.must(SetSanctioned{w.compliance, w.carol, false});
  w.must(FundRewards{w.treasury, e18(3)});
  w.must(SetRewardSpeeds{w.admin, w.f_usd, e18(1) / 3, e18(1) / 7});
  w.must(SetRewardSpeeds{w.admin, w.f_eth, e18(1) / 11, e18(1)});
  const std::array<AccountId, 4> users{w.alice, w.bob, w.carol, w.dave};
  std::uint64_t block = World::start;
  std::size_t successes = 0;
  for (const auto& st : steps) {
    block += static_cast<std::uint64_t>(st[4] % 7);
    const AccountId a = users[static_cast<std::size_t>(st[1])];
    const AccountId b = users[static_cast<std::size_t>(st[2])];
    const MarketId m = st[3] == 0 ? w.f_usd : w.f_eth;
    const MarketId other = st[3] == 0 ? w.f_eth : w.f_usd;
    const auto share = [&st](const U256& v) { return v * static_cast<unsigned>(st[4]) / 1000; };
    const U256 debt = borrow_balance_stored(w.s.markets[m].book, w.s.accounts[b].position(m));
    Request r = Accrue{a, m};
    switch (st[0]) {
      case 0: r = Mint{a, m, share(w.wallet(a, w.s.markets[m].config.asset))}; break;
      case 1: r = Redeem{a, m, share(w.pos(a, m).tokens)}; break;
      case 2: r = EnterMarkets{a, {m, other}}; break;
      case 3: r = Borrow{a, m, share(w.s.markets[m].book.cash) / 3}; break;
      case 4: r = Repay{a, b, m, st[4] == 1000 ? u256_max() : share(debt)}; break;
      case 5: r = Transfer{a, b, m, share(w.pos(a, m).tokens)}; break;
      case 6: r = ClaimRewards{a, st[4] % 2 ? std::vector<MarketId>{m} : std::vector<MarketId>{}}; break;
      case 7: r = FundRewards{st[4] % 3 ? w.treasury : a, e18(1) * static_cast<unsigned>(st[4] % 4) / 2}; break;
      case 8: r = SetPrice{w.oracle, w.f_eth, e18(1) * static_cast<unsigned>(st[4] + 100) / 100}; break;
      default: r = Liquidate{a, b, m, share(debt) / 2, other}; break;
    }
    const State before = w.s;
    const Outcome o = apply(w.s, block, r);
    const auto violations = check_invariants(before, w.s, r, o);
    RC_ASSERT(violations.empty());
    if (o.ok()) ++successes;
    else RC_ASSERT(before == w.s);
    RC_ASSERT(w.s.rewards.pool.paid <= w.s.rewards.pool.funded);
  }
  // Tags: the share of successful steps in quarters, and whether the reserve ran dry.
  RC_TAG(successes * 4 / (steps.size() + 1), w.s.rewards.pool.allocated == w.s.rewards.pool.funded);
}

// --- Invariants and hash ---------------------------------------------------------------

TEST(RewardsInvariants, EachCheckerFiresOnItsCorruption) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  w.fund_and_set(e18(100), w.f_usd, e18(1), 0);
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(1)}, 110));  // alice accrues 10e18
  const State good = w.s;
  const Request noop = Accrue{w.alice, w.f_usd};
  const auto fired = [&good, &noop](const State& bad, const char* invariant) {
    bool found = false;
    for (const Violation& v : check_invariants(good, bad, noop, Outcome{})) found = found || v.invariant == invariant;
    return found;
  };
  {
    State bad = good;
    bad.rewards.accounts.at(w.alice).accrued += 1;  // owed more than distributed
    EXPECT_TRUE(fired(bad, "rewards_backed"));
  }
  {
    State bad = good;
    bad.rewards.pool.allocated = bad.rewards.pool.funded + 1;  // promised more than funded
    EXPECT_TRUE(fired(bad, "rewards_backed"));
  }
  {
    State bad = good;
    bad.rewards.pool.paid += 1;  // FLUX appears out of nowhere
    EXPECT_TRUE(fired(bad, "underlying_conserved"));
  }
  {
    State bad = good;
    bad.rewards.markets.at(w.f_usd).supply_index -= 1;
    EXPECT_TRUE(fired(bad, "reward_indices_forward"));
  }
  {
    State bad = good;
    bad.rewards.markets.at(w.f_usd).supply_speed = e18(9);  // not an admin request
    EXPECT_TRUE(fired(bad, "protected_parameters"));
  }
  {
    State bad = good;
    bad.governance = Governance{};  // rewards without governance
    EXPECT_TRUE(fired(bad, "rewards_backed"));
  }
  EXPECT_TRUE(check_invariants(good, good, noop, Outcome{}).empty());
}

TEST(RewardsHash, CoversEveryRewardsField) {
  Mine w;
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(100)}, 100));
  const StateHash before_rewards = state_hash(w.s);
  w.fund_and_set(e18(100), w.f_usd, e18(1), e18(2));
  Mine::expect_ok(w.run(Mint{w.alice, w.f_usd, e18(1)}, 110));
  EXPECT_NE(state_hash(w.s), before_rewards);
  const State base = w.s;
  const StateHash h = state_hash(base);
  const std::vector<std::function<void(State&)>> changes = {
      [](State& s) { s.rewards.pool.funded += 1; },
      [](State& s) { s.rewards.pool.allocated += 1; },
      [](State& s) { s.rewards.pool.distributed += 1; },
      [](State& s) { s.rewards.pool.paid += 1; },
      [&w](State& s) { s.rewards.markets.at(w.f_usd).supply_speed += 1; },
      [&w](State& s) { s.rewards.markets.at(w.f_usd).borrow_speed += 1; },
      [&w](State& s) { s.rewards.markets.at(w.f_usd).supply_index += 1; },
      [&w](State& s) { s.rewards.markets.at(w.f_usd).borrow_index += 1; },
      [&w](State& s) { s.rewards.markets.at(w.f_usd).supply_block += 1; },
      [&w](State& s) { s.rewards.markets.at(w.f_usd).borrow_block += 1; },
      [&w](State& s) { s.rewards.accounts.at(w.alice).accrued += 1; },
      [&w](State& s) { s.rewards.accounts.at(w.alice).markets.at_or_insert(w.f_usd).supplier_index += 1; },
      [&w](State& s) { s.rewards.accounts.at(w.alice).markets.at_or_insert(w.f_usd).borrower_index += 1; },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    State changed = base;
    changes[i](changed);
    EXPECT_NE(state_hash(changed), h) << "change " << i;
    EXPECT_FALSE(changed == base) << "change " << i;
  }
}

}  // namespace
}  // namespace flux
