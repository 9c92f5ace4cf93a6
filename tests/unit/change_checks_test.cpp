// The laws checked on a request's change set (engine/change_checks.hpp), which the
// node runs on every transaction: silent on every step of every scenario
// (journal_test.cpp), and naming the law when an entry moved behind the engine's back.
// Each case applies a real request, then changes one entry it wrote the way a bug
// would, and checks the law that must notice.
#include "engine_fixture.hpp"
#include "governance_fixture.hpp"

#include "engine/change_checks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace flux::test {
namespace {

TEST(ChangeChecks, AMintKeepsEveryLaw) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 1, Mint{w.alice, w.f_usd, e18(50)});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
}

TEST(ChangeChecks, FTokensThatAppearFromNowhereBreakTheSupplyLaw) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 1, Mint{w.alice, w.f_usd, e18(50)});
  ASSERT_TRUE(o.ok());
  // fUSD has no borrows, so its exchange rate is still the initial 1: 50e18 USD mint
  // 50e18 fTokens. One more unit of supply than the balances gained:
  w.s.markets[w.f_usd].book.total_supply += 1;
  EXPECT_EQ(check_changes(w.s, o.changes),
            "market fUSD: fToken supply changed by 50000000000000000001 but balances by 50000000000000000000");
}

TEST(ChangeChecks, UnitsThatAppearFromNowhereBreakTheAssetLaw) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 1, Mint{w.alice, w.f_usd, e18(50)});
  ASSERT_TRUE(o.ok());
  // The wallet lost 50e18 and the cash gained 50e18: 0 net, as USD issued nothing. A
  // unit more in the wallet makes it +1 against 0 issued.
  w.s.accounts[w.alice].wallet.at_or_insert(w.usd) += 1;
  EXPECT_EQ(check_changes(w.s, o.changes),
            "asset USD: wallets, market cash and reserves changed by 1 units but its issued units by 0");
}

TEST(ChangeChecks, AFaucetIssuesWhatTheWalletGains) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 1, Faucet{w.admin, w.bob, w.usd, e18(7)});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
  w.s.assets[w.usd].issued += 1;  // issued 7e18 + 1 against wallets +7e18
  EXPECT_NE(check_changes(w.s, o.changes), std::nullopt);
}

using test_governance::flux_units;
using test_governance::Gov;
using ::testing::HasSubstr;
using ::testing::Optional;

TEST(ChangeChecks, ReservesBeyondCashAndBorrowsBreakTheMarketLaw) {
  Scene w;  // alice borrowed 10 ETH from fETH, which bob supplied 20 ETH to
  const Outcome o = apply(w.s, World::start + 1, Accrue{w.alice, w.f_eth});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
  MarketBook& book = w.s.markets[w.f_eth].book;
  book.total_reserves = book.cash + book.total_borrows + 1;
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("market fETH: reserves")));
}

TEST(ChangeChecks, ABorrowIndexThatGoesBackBreaksTheMarketLaw) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 10, Accrue{w.alice, w.f_eth});
  ASSERT_TRUE(o.ok());
  // Ten blocks of interest on 10 ETH moved the index up from its value at the borrow.
  w.s.markets[w.f_eth].book.borrow_index = e18(1) - 1;
  EXPECT_EQ(check_changes(w.s, o.changes), "market fETH: borrow index or accrual block went back");
}

TEST(ChangeChecks, AnAccrualBlockThatGoesBackBreaksTheMarketLaw) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 10, Accrue{w.alice, w.f_eth});
  ASSERT_TRUE(o.ok());
  w.s.markets[w.f_eth].book.accrual_block = World::start - 1;
  EXPECT_EQ(check_changes(w.s, o.changes), "market fETH: borrow index or accrual block went back");
}

TEST(ChangeChecks, ADebtWithoutAnInterestIndexBreaksTheAccountLaw) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 1, Borrow{w.alice, w.f_eth, e18(1)});
  ASSERT_TRUE(o.ok());
  w.s.accounts[w.alice].positions.at_or_insert(w.f_eth).interest_index = 0;
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("with no interest index")));
}

TEST(ChangeChecks, DebtInAMarketNotEnteredIsHiddenDebt) {
  Scene w;
  const Outcome o = apply(w.s, World::start + 1, Borrow{w.alice, w.f_eth, e18(1)});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
  // The borrow entered fETH for alice (Compound's borrowAllowed does the same): without
  // it, her liquidity would not count the debt.
  w.s.accounts[w.alice].entered_markets &= ~(std::uint64_t{1} << w.f_eth);
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("a market it has not entered")));
}

TEST(ChangeChecks, VotesFollowTheFluxThatMoves) {
  Gov w;  // alice, bob and dave hold FLUX and delegate to themselves
  const Outcome o = apply(w.s, 101, TransferAsset{w.alice, w.bob, w.flux, flux_units(1'000)});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
  // bob's checkpoint at block 101 holds his votes: one more than his FLUX is a bug.
  w.s.governance.voters.at(w.bob).checkpoints.back().votes += 1;
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("votes changed by")));
}

TEST(ChangeChecks, OnlyTheBlocksOwnCheckpointMayChangeOrBeAdded) {
  Gov w;  // each holder's first checkpoint is at block 100
  const Outcome o = apply(w.s, 101, TransferAsset{w.alice, w.bob, w.flux, flux_units(1'000)});
  ASSERT_TRUE(o.ok());
  std::vector<Checkpoint>& bob = w.s.governance.voters.at(w.bob).checkpoints;
  ASSERT_EQ(bob.size(), 2u);  // block 100's and block 101's
  const std::vector<Checkpoint> written = bob;
  bob.front().votes += 1;  // history rewritten
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("bob: a checkpoint other than the block's own")));
  bob = written;
  bob.back().from_block = 99;  // the new one dated before the block (and before block 100's)
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("bob: a checkpoint other than the block's own")));
  bob = written;
  bob.pop_back();
  bob.pop_back();  // history dropped (votes then fail too; history is checked per voter first)
  EXPECT_NE(check_changes(w.s, o.changes), std::nullopt);
  bob = written;
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
}

TEST(ChangeChecks, ADelegationMovesTheWholeBalance) {
  Gov w;
  const Outcome o = apply(w.s, 101, Delegate{w.dave, w.bob});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
  // dave's 500,000 FLUX left his own votes and joined bob's; if dave kept his votes:
  Voter& dave = w.s.governance.voters.at(w.dave);
  dave.checkpoints.back().votes = flux_units(500'000);
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("dave: votes changed by 0")));
}

TEST(ChangeChecks, DistributedRewardsAreAccruedOrPaid) {
  Gov w(false);  // the admin sets speeds directly
  ASSERT_TRUE(apply(w.s, 101, Faucet{w.admin, w.alice, w.usd, e18(100)}).ok());
  ASSERT_TRUE(apply(w.s, 101, FundRewards{w.alice, flux_units(1'000)}).ok());
  ASSERT_TRUE(apply(w.s, 101, Mint{w.alice, w.f_usd, e18(100)}).ok());
  ASSERT_TRUE(apply(w.s, 101, SetRewardSpeeds{w.admin, w.f_usd, e18(1), 0}).ok());
  const Outcome o = apply(w.s, 111, ClaimRewards{w.alice, {w.f_usd}});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(check_changes(w.s, o.changes), std::nullopt);
  ASSERT_GT(w.s.rewards.pool.paid, U256(0));
  // Ten blocks at 1 FLUX went to alice and were paid; a credit the reserve never
  // distributed:
  w.s.rewards.accounts[w.alice].accrued += 1;
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("accrued rewards changed by 1 and paid")));
}

TEST(ChangeChecks, RewardCountersAndIndicesOnlyMoveForward) {
  Gov w(false);
  ASSERT_TRUE(apply(w.s, 101, Faucet{w.admin, w.alice, w.usd, e18(100)}).ok());
  ASSERT_TRUE(apply(w.s, 101, FundRewards{w.alice, flux_units(1'000)}).ok());
  ASSERT_TRUE(apply(w.s, 101, Mint{w.alice, w.f_usd, e18(100)}).ok());
  ASSERT_TRUE(apply(w.s, 101, SetRewardSpeeds{w.admin, w.f_usd, e18(1), 0}).ok());
  ASSERT_TRUE(apply(w.s, 111, ClaimRewards{w.alice, {w.f_usd}}).ok());
  const Outcome o = apply(w.s, 121, ClaimRewards{w.alice, {w.f_usd}});  // 10 more FLUX
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(check_changes(w.s, o.changes), std::nullopt);
  const State written = w.s;
  w.s.rewards.pool.allocated = 0;  // was 10 FLUX before this claim
  EXPECT_EQ(check_changes(w.s, o.changes), "rewards reserve: a counter went back");
  w.s = written;
  w.s.rewards.pool.allocated = w.s.rewards.pool.distributed - 1;
  EXPECT_EQ(check_changes(w.s, o.changes), "rewards reserve: counters out of order");
  w.s = written;
  w.s.rewards.markets.at(w.f_usd).supply_index = reward_initial_index() + 1;  // was 1.1e36 before
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("fUSD: a rewards index or its block went back")));
  w.s = written;
  w.s.rewards.accounts.at(w.alice).markets.at_or_insert(w.f_usd).supplier_index += 1;
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("alice: a rewards index beyond fUSD's")));
  w.s = written;
  w.s.rewards.accounts.erase(w.alice);  // her fUSD index (1.1e36 before) dropped
  EXPECT_THAT(check_changes(w.s, o.changes), Optional(HasSubstr("alice: a rewards index went back")));
}

}  // namespace
}  // namespace flux::test
