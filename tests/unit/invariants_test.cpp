// Invariant checkers (rippled's InvariantCheck tests): each test corrupts a state on
// purpose — a fake "after" next to a real "before" — and expects exactly that checker
// to fire, by its Violation::invariant name; clean cases report nothing.
#include "engine/invariants.hpp"
#include "engine/risk.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <set>

namespace flux {
namespace {

using test::e18;
using test::Scene;
using test::World;

std::set<std::string> fired(const State& before, const State& after, const Request& request, Error error = Error::ok) {
  Outcome outcome;
  outcome.error = error;
  std::set<std::string> names;
  for (const Violation& v : check_invariants(before, after, request, outcome)) {
    EXPECT_FALSE(v.detail.empty()) << v.invariant;
    names.insert(v.invariant);
  }
  return names;
}

using Names = std::set<std::string>;

// The Scene, plus alice holding 10e18 fFUND (permissioned) and 10e18 fPL (permissionless).
struct Base : Scene {
  Base() {
    must(Faucet{admin, alice, fund, e18(10)});
    must(Mint{alice, f_fund, e18(10)});
    must(Mint{alice, f_pl, e18(10)});
  }
};

TEST(Invariants, RealRequestsReportNothing) {
  Base w;
  const std::vector<std::pair<std::uint64_t, Request>> requests = {
      {110, Accrue{w.bob, w.f_eth}},
      {110, Mint{w.bob, w.f_eth, e18(1)}},
      {110, Borrow{w.alice, w.f_eth, e18(1)}},
      {120, Repay{w.bob, w.alice, w.f_eth, e18(3)}},
      {120, Transfer{w.alice, w.bob, w.f_fund, e18(1)}},
      {120, RedeemUnderlying{w.bob, w.f_eth, e18(1)}},
      {120, SetPrice{w.oracle, w.f_eth, e18(6)}},
      {130, Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_usd}},
      {130, Borrow{w.alice, w.f_eth, e18(100)}},  // fails: failed requests are checked too
      {140, ReduceReserves{w.admin, w.f_eth, 1}},
  };
  for (const auto& [block, request] : requests) {
    const State before = w.s;
    const Outcome o = apply(w.s, block, request);
    EXPECT_TRUE(check_invariants(before, w.s, request, o).empty()) << request_name(request);
  }
}

TEST(Invariants, FailedChangesNothing) {
  Base w;
  State after = w.s;
  // Move fUSD tokens (an open market, total supply unchanged): only the failure rule breaks.
  after.accounts[w.alice].positions.at_or_insert(w.f_usd).tokens -= e18(1);
  after.accounts[w.bob].positions.at_or_insert(w.f_usd).tokens += e18(1);
  const Request r = Mint{w.alice, w.f_usd, 1};
  EXPECT_EQ(fired(w.s, after, r, Error::paused), Names{"failed_changes_nothing"});
  EXPECT_EQ(fired(w.s, after, r, Error::ok), Names{});  // the same change is fine on success
  EXPECT_EQ(fired(w.s, w.s, r, Error::paused), Names{});
  after = w.s;
  after.block += 1;  // even a field no other checker looks at
  EXPECT_EQ(fired(w.s, after, r, Error::paused), Names{"failed_changes_nothing"});
}

TEST(Invariants, ExchangeRateConsistentNeedsNonNegativeBacking) {
  Base w;
  State after = w.s;
  // reserves 100e18 + 1 > cash 100e18 + borrows 0
  after.markets[w.f_usd].book.total_reserves = e18(100) + 1;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"exchange_rate_consistent"});
  after.markets[w.f_usd].book.total_reserves = e18(100);  // backing exactly 0 is defined
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{});
}

// The remembered valuation (risk.cpp) must hold the exchange rate its inputs give.
TEST(Invariants, ExchangeRateConsistentChecksTheRememberedRate) {
  Base w;
  State after = w.s;
  // Asking for liquidity fills the memo of every entered market.
  ASSERT_NO_THROW(account_liquidity(BookView(after), w.alice, after.accounts[w.alice].entered_markets));
  ASSERT_TRUE(after.markets[w.f_usd].valuation.filled);
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{});
  // A memo whose inputs match the book but whose rate is one unit off is stale.
  after.markets[w.f_usd].valuation.exchange_rate.w[0] += 1;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"exchange_rate_consistent"});
  // Once the book moves on, the memo no longer claims to describe it: nothing to check.
  after.markets[w.f_usd].book.cash += 1;
  after.assets[after.markets[w.f_usd].config.asset].issued += 1;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{});
}

TEST(Invariants, SupplyMatchesBalances) {
  Base w;
  State after = w.s;
  after.markets[w.f_usd].book.total_supply += 1;  // fTokens nobody holds
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"supply_matches_balances"});
  after = w.s;
  after.accounts[w.carol].positions.at_or_insert(w.f_eth).tokens = 1;  // a balance outside the supply
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"supply_matches_balances"});
}

TEST(Invariants, IndexAndBlockForward) {
  Base w;
  w.must(Accrue{w.alice, w.f_eth}, 110);  // borrow index 1000020000000000000
  State after = w.s;
  after.markets[w.f_eth].book.borrow_index = e18(1);
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{"index_and_block_forward"});
  after = w.s;
  after.markets[w.f_eth].book.accrual_block = 109;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{"index_and_block_forward"});
}

TEST(Invariants, BorrowsCoverBalances) {
  Base w;
  State after = w.s;
  // alice owes 1e18 more than total borrows account for.
  after.accounts[w.alice].positions.at_or_insert(w.f_eth).principal += e18(1);
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{"borrows_cover_balances"});
  // One unit above is rounding dust: with one borrower and an unchanged index the
  // allowance is (0 + 1) * (1e18 + 1) / 1e18 rounded up, + 1 = 3 units.
  after = w.s;
  after.accounts[w.alice].positions.at_or_insert(w.f_eth).principal += 1;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{});
}

TEST(Invariants, DebtsInEnteredMarkets) {
  Base w;
  State after = w.s;
  // alice's fETH debt (Base: she borrowed) stays, but fETH leaves her entered markets:
  // her liquidity would no longer count it.
  ASSERT_FALSE(after.accounts[w.alice].position(w.f_eth)->principal.is_zero());
  after.accounts[w.alice].entered_markets &= ~(std::uint64_t{1} << w.f_eth);
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{"debts_in_entered_markets"});
  // A debt with no interest index cannot be brought forward (and would divide by 0).
  State unindexed = w.s;
  unindexed.accounts[w.alice].positions.at_or_insert(w.f_eth).interest_index = 0;
  EXPECT_EQ(fired(w.s, unindexed, Accrue{w.alice, w.f_eth}).count("debts_in_entered_markets"), 1u);
}

TEST(Invariants, NoUserShortfall) {
  Base w;
  State after = w.s;
  // alice's debt grows by 20 ETH (and total borrows with it): 30 * 2 = 60e18 > 50e18.
  after.accounts[w.alice].positions.at_or_insert(w.f_eth).principal += e18(20);
  after.markets[w.f_eth].book.total_borrows += e18(20);
  EXPECT_EQ(fired(w.s, after, Borrow{w.alice, w.f_eth, e18(20)}), Names{"no_user_shortfall"});
  EXPECT_EQ(fired(w.s, after, Redeem{w.alice, w.f_usd, 0}), Names{"no_user_shortfall"});
  EXPECT_EQ(fired(w.s, after, ExitMarket{w.alice, w.f_usd}), Names{"no_user_shortfall"});
  // Only for the sender of those operations, and only when they succeed.
  EXPECT_EQ(fired(w.s, after, Borrow{w.bob, w.f_eth, 0}), Names{});
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{});
  // A price missing in an entered market makes the liquidity uncomputable: reported too.
  State no_price = w.s;
  no_price.markets[w.f_usd].config.price = 0;
  EXPECT_EQ(fired(no_price, no_price, Transfer{w.alice, w.bob, w.f_usd, 0}), Names{"no_user_shortfall"});
}

// Regression (found by flux fuzz under AddressSanitizer): an exit from a market by an
// account the same request created is a success (Compound's exitMarket of a market never
// entered), and the checker read that account in the state before, where it does not exist.
// It must read nothing out of range: the new account entered nothing, so nothing fires.
TEST(Invariants, NoUserShortfallOfAnAccountTheRequestCreated) {
  Base w;
  State after = w.s;
  const auto created = static_cast<AccountId>(w.s.accounts.size());
  after.accounts.emplace_back();
  after.account_names.push_back("newcomer");
  EXPECT_EQ(fired(w.s, after, ExitMarket{created, w.f_usd}), Names{});
  EXPECT_EQ(fired(w.s, after, Borrow{created, w.f_usd, 0}), Names{});
  // An id neither state knows (a request no chain would build) is no shortfall either.
  EXPECT_EQ(fired(w.s, w.s, Redeem{created + 7, w.f_usd, 0}), Names{});
}

// Regression (found by this test): no_user_shortfall recomputes the sender's liquidity
// from the state after the operation, but the operation checks it hypothetically
// (docs/protocol.md#account-liquidity), with each term truncated separately (price *
// balance / 1e18 + price * amount / 1e18). A borrow the reference accepts with exactly zero liquidity left can
// then show a shortfall of one unit afterwards (price * (balance + amount) / 1e18 rounds
// up by one); the checker allows that one unit. Case: ETH price 1.5e18, alice's collateral worth 2
// units (4 wei of fUSD at factor 0.5), she borrows 1 wei of ETH, then 1 more: the
// engine accepts (1 + 1 <= 2, as the reference does), after it floor(1.5e18 * 2 / 1e18) = 3 > 2.
TEST(Invariants, LegitimateBorrowAtTheRoundingEdgeIsNotAViolation) {
  World w;
  w.prices_and_compliance();
  w.must(SetPrice{w.oracle, w.f_eth, test::frac(15, 1)});
  w.must(Faucet{w.admin, w.alice, w.usd, 4});
  w.must(Faucet{w.admin, w.bob, w.eth, e18(1)});
  w.must(Mint{w.alice, w.f_usd, 4});
  w.must(EnterMarkets{w.alice, {w.f_usd}});
  w.must(Mint{w.bob, w.f_eth, e18(1)});
  w.must(Borrow{w.alice, w.f_eth, 1});
  const State before = w.s;
  const Request second = Borrow{w.alice, w.f_eth, 1};
  const Outcome o = apply(w.s, World::start, second);
  ASSERT_TRUE(o.ok()) << error_name(o.error);  // the reference accepts it
  EXPECT_TRUE(check_invariants(before, w.s, second, o).empty());
}

TEST(Invariants, PermittedHolders) {
  Base w;
  State after = w.s;
  // carol (not KYC'd) receives fFUND: the permissioned market's balance moved to her.
  after.accounts[w.alice].positions.at_or_insert(w.f_fund).tokens -= e18(1);
  after.accounts[w.carol].positions.at_or_insert(w.f_fund).tokens += e18(1);
  EXPECT_EQ(fired(w.s, after, Transfer{w.alice, w.carol, w.f_fund, e18(1)}), Names{"permitted_holders"});
  // dave is KYC'd, but in group 2: still not allowed in a group 1 market.
  after = w.s;
  after.accounts[w.alice].positions.at_or_insert(w.f_fund).tokens -= e18(1);
  after.accounts[w.dave].positions.at_or_insert(w.f_fund).tokens += e18(1);
  EXPECT_EQ(fired(w.s, after, Transfer{w.alice, w.dave, w.f_fund, e18(1)}), Names{"permitted_holders"});
  // carol is sanctioned: she may not gain fPL (permissionless) either; bob may.
  after = w.s;
  after.accounts[w.alice].positions.at_or_insert(w.f_pl).tokens -= e18(1);
  after.accounts[w.carol].positions.at_or_insert(w.f_pl).tokens += e18(1);
  EXPECT_EQ(fired(w.s, after, Transfer{w.alice, w.carol, w.f_pl, e18(1)}), Names{"permitted_holders"});
  after = w.s;
  after.accounts[w.alice].positions.at_or_insert(w.f_pl).tokens -= e18(1);
  after.accounts[w.bob].positions.at_or_insert(w.f_pl).tokens += e18(1);
  EXPECT_EQ(fired(w.s, after, Transfer{w.alice, w.bob, w.f_pl, e18(1)}), Names{});
  // Revoking KYC does not fire while the balance stays untouched.
  after = w.s;
  after.accounts[w.alice].kyc_groups.clear();
  EXPECT_EQ(fired(w.s, after, SetKyc{w.compliance, w.alice, 1, false}), Names{});
}

TEST(Invariants, ProtectedParameters) {
  Base w;
  State after = w.s;
  after.markets[w.f_usd].config.collateral_factor = e18(0);
  EXPECT_EQ(fired(w.s, after, Mint{w.bob, w.f_eth, 0}), Names{"protected_parameters"});
  EXPECT_EQ(fired(w.s, after, SetCollateralFactor{w.admin, w.f_usd, 0}), Names{});
  after = w.s;
  after.accounts[w.carol].kyc_groups = {1};
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"protected_parameters"});
  after = w.s;
  after.accounts[w.carol].sanctioned = false;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"protected_parameters"});
  after = w.s;
  after.risk.close_factor = e18(1);
  EXPECT_EQ(fired(w.s, after, Repay{w.bob, w.alice, w.f_eth, 0}), Names{"protected_parameters"});
  after = w.s;
  after.roles.admin = w.alice;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"protected_parameters"});
  after = w.s;
  after.markets[w.f_eth].config.rate_model.base_per_block += 1;
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_eth}), Names{"protected_parameters"});
}

TEST(Invariants, UnderlyingConserved) {
  Base w;
  State after = w.s;
  after.markets[w.f_usd].book.cash -= 1;  // cash lost
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"underlying_conserved"});
  after = w.s;
  after.accounts[w.bob].wallet.at_or_insert(w.eth) += 1;  // underlying from nowhere
  EXPECT_EQ(fired(w.s, after, Accrue{w.alice, w.f_usd}), Names{"underlying_conserved"});
  after = w.s;
  after.assets[w.fund].issued += 1;  // issued without a holder
  EXPECT_EQ(fired(w.s, after, Faucet{w.admin, w.alice, w.fund, 1}), Names{"underlying_conserved"});
}

}  // namespace
}  // namespace flux
