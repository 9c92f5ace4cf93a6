// flux::apply: the effects of each operation that succeeds, derived by hand from
// docs/protocol.md, and the role rules. (Failures and atomicity: engine_atomicity_test.cpp.)
#include "engine/engine.hpp"
#include "engine/interest.hpp"
#include "engine/request.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::Scene;
using test::u;
using test::World;

std::vector<EventKind> kinds(const Outcome& o) {
  std::vector<EventKind> out;
  for (const Event& e : o.events) out.push_back(kind_of(e));
  return out;
}

TEST(Engine, MintCreditsTokensAtTheInitialRate) {
  World w;
  w.prices_and_compliance();
  w.must(Faucet{w.admin, w.alice, w.usd, e18(1000)});
  const Outcome o = w.must(Mint{w.alice, w.f_usd, e18(100)});
  // tokens = 100e18 * 1e18 / 1e18 (initial rate) = 100e18; no interest at the start block.
  EXPECT_EQ(w.pos(w.alice, w.f_usd).tokens, e18(100));
  EXPECT_EQ(w.wallet(w.alice, w.usd), e18(900));
  EXPECT_EQ(w.book(w.f_usd).cash, e18(100));
  EXPECT_EQ(w.book(w.f_usd).total_supply, e18(100));
  ASSERT_EQ(kinds(o), std::vector<EventKind>{EventKind::minted});
  EXPECT_EQ(std::get<Minted>(o.events[0]).underlying, e18(100));
  EXPECT_EQ(std::get<Minted>(o.events[0]).tokens, e18(100));
}

TEST(Engine, MintAtAnInitialRateOf2e26GivesFiftyFTokensPerToken) {
  World w;
  MarketConfig c = w.config("fDAI", w.usd, 0, 0, Access::open);
  c.initial_exchange_rate = u("200000000000000000000000000");
  const MarketId m = w.s.add_market(c, World::start);
  w.must(Faucet{w.admin, w.alice, w.usd, e18(1)});
  w.must(Mint{w.alice, m, e18(1)});
  // 1e18 * 1e18 / 2e26 = 5e9 = 50 fTokens of 8 decimals.
  EXPECT_EQ(w.pos(w.alice, m).tokens, U256(5'000'000'000ULL));
}

// fETH at block 110, from the Scene (cash 10e18, borrows 10e18, reserves 0, supply 20e18):
//   util = 10e18 * 1e18 / 20e18 = 0.5e18; rate = 0.5e18 * 2e12 / 1e18 + 1e12 = 2e12
//   sif = 2e12 * 10 = 2e13; interest = 2e13 * 10e18 / 1e18 = 2e14
//   borrows = 10000200000000000000; reserves = 0.1e18 * 2e14 / 1e18 = 2e13
//   index = 2e13 * 1e18 / 1e18 + 1e18 = 1000020000000000000
//   rate = (10e18 + 10000200000000000000 - 2e13) * 1e18 / 20e18 = 1000009000000000000
const U256 borrows_110 = u("10000200000000000000");
const U256 reserves_110 = u("20000000000000");
const U256 index_110 = u("1000020000000000000");
const U256 rate_110 = u("1000009000000000000");

TEST(Engine, AccrueFollowsTheReferenceFormulas) {
  Scene w;
  const Outcome o = w.must(Accrue{w.alice, w.f_eth}, 110);
  EXPECT_EQ(w.book(w.f_eth).total_borrows, borrows_110);
  EXPECT_EQ(w.book(w.f_eth).total_reserves, reserves_110);
  EXPECT_EQ(w.book(w.f_eth).borrow_index, index_110);
  EXPECT_EQ(w.book(w.f_eth).accrual_block, 110u);
  EXPECT_EQ(w.book(w.f_eth).cash, e18(10));
  EXPECT_EQ(exchange_rate_stored(w.s.markets[w.f_eth].config, w.book(w.f_eth)), rate_110);
  EXPECT_EQ(w.s.block, 110u);
  ASSERT_EQ(kinds(o), std::vector<EventKind>{EventKind::interest_accrued});
  EXPECT_EQ(std::get<InterestAccrued>(o.events[0]).interest, u("200000000000000"));
  EXPECT_EQ(std::get<InterestAccrued>(o.events[0]).borrow_index, index_110);
  // A second accrual in the same block changes nothing and reports nothing.
  const State before = w.s;
  EXPECT_TRUE(w.must(Accrue{w.alice, w.f_eth}, 110).events.empty());
  EXPECT_EQ(w.s, before);
}

TEST(Engine, MintAfterInterestUsesTheAccruedRate) {
  Scene w;
  w.must(Mint{w.bob, w.f_eth, e18(10)}, 110);
  // tokens = 10e18 * 1e18 / 1000009000000000000 = 9999910000809992710 (truncated)
  EXPECT_EQ(w.pos(w.bob, w.f_eth).tokens, e18(20) + u("9999910000809992710"));
  EXPECT_EQ(w.book(w.f_eth).total_supply, e18(20) + u("9999910000809992710"));
  EXPECT_EQ(w.book(w.f_eth).cash, e18(20));
  EXPECT_EQ(w.book(w.f_eth).total_borrows, borrows_110);
  EXPECT_EQ(w.wallet(w.bob, w.eth), U256(0));
}

TEST(Engine, RedeemByTokensTruncatesTheAmount) {
  Scene w;
  w.must(Redeem{w.bob, w.f_eth, e18(1)}, 110);
  // amount = 1000009000000000000 * 1e18 / 1e18
  EXPECT_EQ(w.wallet(w.bob, w.eth), e18(10) + rate_110);
  EXPECT_EQ(w.pos(w.bob, w.f_eth).tokens, e18(19));
  EXPECT_EQ(w.book(w.f_eth).cash, e18(10) - rate_110);
  EXPECT_EQ(w.book(w.f_eth).total_supply, e18(19));
}

TEST(Engine, RedeemUnderlyingRoundsTheBurnUp) {
  Scene w;
  w.must(RedeemUnderlying{w.bob, w.f_eth, e18(1)}, 110);
  // 1e36 / 1000009000000000000 = 999991000080999271 remainder 6561e12: burn ...272 (fix 4)
  const U256 burnt = u("999991000080999272");
  EXPECT_EQ(w.pos(w.bob, w.f_eth).tokens, e18(20) - burnt);
  EXPECT_EQ(w.book(w.f_eth).total_supply, e18(20) - burnt);
  EXPECT_EQ(w.wallet(w.bob, w.eth), e18(11));
  EXPECT_EQ(w.book(w.f_eth).cash, e18(9));
}

TEST(Engine, RedeemOfZeroSucceedsAndAccrues) {
  Scene w;
  w.must(Redeem{w.alice, w.f_usd, 0}, 110);
  w.must(Redeem{w.bob, w.f_eth, 0}, 110);
  EXPECT_EQ(w.book(w.f_eth).borrow_index, index_110);
  EXPECT_EQ(w.pos(w.bob, w.f_eth).tokens, e18(20));
}

TEST(Engine, BorrowEntersTheMarketAndRecordsPrincipalAndIndex) {
  Scene w(false);
  const Outcome o = w.must(Borrow{w.alice, w.f_eth, e18(10)});
  EXPECT_TRUE(w.s.accounts[w.alice].has_entered(w.f_eth));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, e18(10));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).interest_index, e18(1));
  EXPECT_EQ(w.wallet(w.alice, w.eth), e18(10));
  EXPECT_EQ(w.book(w.f_eth).cash, e18(10));
  EXPECT_EQ(w.book(w.f_eth).total_borrows, e18(10));
  EXPECT_EQ(kinds(o), (std::vector<EventKind>{EventKind::market_entered, EventKind::borrowed}));
  EXPECT_EQ(std::get<Borrowed>(o.events[1]).borrow_balance, e18(10));
}

TEST(Engine, BorrowOfZeroEntersTheMarket) {
  Scene w(false);
  w.must(Borrow{w.bob, w.f_usd, 0});
  EXPECT_TRUE(w.s.accounts[w.bob].has_entered(w.f_usd));
}

TEST(Engine, BorrowUpToExactlyTheCollateralValue) {
  Scene w(false);
  // Collateral 50e18 USD; 25 ETH at price 2 is 50e18 USD: shortfall 0, allowed, but the
  // market holds only 20 ETH. 20 ETH (40e18 USD) succeeds.
  EXPECT_EQ(apply(w.s, 100, Borrow{w.alice, w.f_eth, e18(25)}).error, Error::insufficient_cash);
  EXPECT_EQ(apply(w.s, 100, Borrow{w.alice, w.f_eth, e18(25) + 1}).error, Error::insufficient_liquidity);
  w.must(Borrow{w.alice, w.f_eth, e18(20)});
}

TEST(Engine, SecondBorrowAddsToTheAccruedBalance) {
  Scene w;
  w.must(Borrow{w.alice, w.f_eth, e18(1)}, 110);
  // balance at 110 = 10e18 * 1000020000000000000 / 1e18 = 10000200000000000000, + 1e18
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, borrows_110 + e18(1));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).interest_index, index_110);
  EXPECT_EQ(w.book(w.f_eth).total_borrows, borrows_110 + e18(1));
}

TEST(Engine, RepayMaxClearsTheAccruedDebt) {
  Scene w;
  w.must(Faucet{w.admin, w.alice, w.eth, e18(1)});
  const Outcome o = w.must(Repay{w.alice, w.alice, w.f_eth, u256_max()}, 110);
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, U256(0));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).interest_index, index_110);
  EXPECT_EQ(w.wallet(w.alice, w.eth), e18(11) - borrows_110);
  EXPECT_EQ(w.book(w.f_eth).total_borrows, U256(0));
  EXPECT_EQ(w.book(w.f_eth).cash, e18(10) + borrows_110);
  EXPECT_EQ(w.book(w.f_eth).total_reserves, reserves_110);
  EXPECT_EQ(kinds(o), (std::vector<EventKind>{EventKind::interest_accrued, EventKind::repaid}));
  EXPECT_EQ(std::get<Repaid>(o.events[1]).amount, borrows_110);
}

TEST(Engine, RepayOnBehalfUsesThePayersWallet) {
  Scene w;
  w.must(Repay{w.bob, w.alice, w.f_eth, e18(4)});
  EXPECT_EQ(w.wallet(w.bob, w.eth), e18(6));
  EXPECT_EQ(w.wallet(w.alice, w.eth), e18(10));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, e18(6));
  EXPECT_EQ(w.book(w.f_eth).total_borrows, e18(6));
}

TEST(Engine, RepayNeverUnderflowsTotalBorrows) {
  // Fix 1: a stored balance one unit above total borrows is still fully repayable and
  // total borrows floors at zero.
  Scene w;
  w.s.markets[w.f_eth].book.total_borrows -= 1;
  w.s.markets[w.f_eth].book.cash += 1;  // keep the book otherwise as it was
  w.s.assets[w.eth].issued += 1;
  w.must(Repay{w.alice, w.alice, w.f_eth, e18(10)});
  EXPECT_EQ(w.book(w.f_eth).total_borrows, U256(0));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, U256(0));
}

TEST(Engine, TransferMovesTokensUpToTheLiquidityLimit) {
  Scene w;
  // Sending 60e18 leaves 40e18 * 0.5 = 20e18 of collateral for 20e18 of debt: allowed.
  const Outcome o = w.must(Transfer{w.alice, w.bob, w.f_usd, e18(60)});
  EXPECT_EQ(w.pos(w.alice, w.f_usd).tokens, e18(40));
  EXPECT_EQ(w.pos(w.bob, w.f_usd).tokens, e18(60));
  EXPECT_EQ(w.book(w.f_usd).total_supply, e18(100));
  ASSERT_EQ(kinds(o), std::vector<EventKind>{EventKind::transferred});
  EXPECT_EQ(std::get<Transferred>(o.events[0]).to, w.bob);
}

TEST(Engine, LiquidationRepaysAndSeizesWithTheProtocolShare) {
  Scene w;
  w.must(SetPrice{w.oracle, w.f_eth, e18(6)});
  // alice: collateral 50e18, debt 10e18 * 6 = 60e18: shortfall 10e18; close factor
  // allows 5e18. Repay 2e18:
  //   num = 1.1e18 * 6e18 / 1e18 = 6.6e18; den = 1e18 * 1e18 / 1e18 = 1e18
  //   ratio = 6.6e18; seize = 6.6e18 * 2e18 / 1e18 = 13.2e18
  //   protocol = 13.2e18 * 0.05e18 / 1e18 = 0.66e18; liquidator = 12.54e18
  const Outcome o = w.must(Liquidate{w.bob, w.alice, w.f_eth, e18(2), w.f_usd});
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, e18(8));
  EXPECT_EQ(w.book(w.f_eth).total_borrows, e18(8));
  EXPECT_EQ(w.book(w.f_eth).cash, e18(12));
  EXPECT_EQ(w.wallet(w.bob, w.eth), e18(8));
  EXPECT_EQ(w.pos(w.alice, w.f_usd).tokens, u("86800000000000000000"));
  EXPECT_EQ(w.pos(w.bob, w.f_usd).tokens, u("12540000000000000000"));
  EXPECT_EQ(w.book(w.f_usd).total_supply, u("99340000000000000000"));
  // reserves += 1e18 * 0.66e18 / 1e18; the exchange rate stays exactly 1e18.
  EXPECT_EQ(w.book(w.f_usd).total_reserves, u("660000000000000000"));
  EXPECT_EQ(exchange_rate_stored(w.s.markets[w.f_usd].config, w.book(w.f_usd)), e18(1));
  EXPECT_EQ(kinds(o), (std::vector<EventKind>{EventKind::repaid, EventKind::liquidated, EventKind::seized}));
  EXPECT_EQ(std::get<Liquidated>(o.events[1]).tokens_seized, u("13200000000000000000"));
  EXPECT_EQ(std::get<Seized>(o.events[2]).liquidator_tokens, u("12540000000000000000"));
  EXPECT_EQ(std::get<Seized>(o.events[2]).protocol_tokens, u("660000000000000000"));
}

TEST(Engine, DeprecatedMarketLiquidatesAHealthyBorrowerUpToTheWholeDebt) {
  Scene w;
  w.must(SetCollateralFactor{w.admin, w.f_eth, 0});
  w.must(SetPaused{w.guardian, w.f_eth, PauseAction::borrow, true});
  w.must(SetReserveFactor{w.admin, w.f_eth, e18(1)});
  EXPECT_EQ(apply(w.s, 100, Liquidate{w.bob, w.alice, w.f_eth, e18(10) + 1, w.f_usd}).error, Error::too_much_repay);
  w.must(Liquidate{w.bob, w.alice, w.f_eth, e18(10), w.f_usd});
  // seize = (1.1e18 * 2e18 / 1e18) * 1e18 / 1e18 * 10e18 / 1e18 = 22e18; protocol 1.1e18
  EXPECT_EQ(w.pos(w.alice, w.f_usd).tokens, e18(78));
  EXPECT_EQ(w.pos(w.bob, w.f_usd).tokens, u("20900000000000000000"));
  EXPECT_EQ(w.pos(w.alice, w.f_eth).principal, U256(0));
}

TEST(Engine, EnterAndExitMarkets) {
  Scene w;
  Outcome o = w.must(EnterMarkets{w.bob, {w.f_usd, w.f_eth, w.f_usd}});
  EXPECT_EQ(w.s.accounts[w.bob].entered_markets, 0b11u);
  EXPECT_EQ(kinds(o), (std::vector<EventKind>{EventKind::market_entered, EventKind::market_entered}));
  // Entering again: success, nothing changes, nothing reported.
  State before = w.s;
  EXPECT_TRUE(w.must(EnterMarkets{w.bob, {w.f_eth}}).events.empty());
  EXPECT_EQ(w.s, before);
  o = w.must(ExitMarket{w.bob, w.f_eth});
  EXPECT_EQ(w.s.accounts[w.bob].entered_markets, 0b01u);
  EXPECT_EQ(kinds(o), std::vector<EventKind>{EventKind::market_exited});
  // Exiting a market not entered: success, nothing changes.
  before = w.s;
  EXPECT_TRUE(w.must(ExitMarket{w.bob, w.f_fund}).events.empty());
  EXPECT_EQ(w.s, before);
}

TEST(Engine, AddAndReduceReservesMoveCashAndIssuedUnits) {
  Scene w;
  const U256 issued = w.s.assets[w.usd].issued;  // 1000e18 from the faucet
  EXPECT_EQ(issued, e18(1000));
  w.must(AddReserves{w.admin, w.f_usd, e18(5)});
  EXPECT_EQ(w.book(w.f_usd).cash, e18(105));
  EXPECT_EQ(w.book(w.f_usd).total_reserves, e18(5));
  EXPECT_EQ(w.s.assets[w.usd].issued, e18(1005));
  w.must(ReduceReserves{w.admin, w.f_usd, e18(3)});
  EXPECT_EQ(w.book(w.f_usd).cash, e18(102));
  EXPECT_EQ(w.book(w.f_usd).total_reserves, e18(2));
  EXPECT_EQ(w.s.assets[w.usd].issued, e18(1002));
  w.must(ReduceReserves{w.admin, w.f_usd, 0});  // zero runs every check and succeeds
}

TEST(Engine, SetReserveFactorAccruesUnderTheOldFactor) {
  Scene w;
  w.must(SetReserveFactor{w.admin, w.f_eth, e18(1)}, 110);  // 1e18 is the inclusive bound
  EXPECT_EQ(w.book(w.f_eth).total_reserves, reserves_110);  // 0.1 of 2e14, not all of it
  EXPECT_EQ(w.s.markets[w.f_eth].config.reserve_factor, e18(1));
}

TEST(Engine, SetRateModelAccruesUnderTheOldModelThenConverts) {
  Scene w;
  w.must(SetRateModel{w.admin, w.f_eth, test::linear(e18(2), 0)}, 110);
  EXPECT_EQ(w.book(w.f_eth).total_borrows, borrows_110);
  EXPECT_EQ(w.s.markets[w.f_eth].config.rate_model.base_per_block, U256(2'000'000'000'000ULL));  // 2e18 / 1e6
  EXPECT_EQ(w.s.markets[w.f_eth].config.rate_model.multiplier_per_block, U256(0));
}

TEST(Engine, ParameterSettersStoreTheirValues) {
  Scene w;
  // 0.98 is allowed, under an incentive that leaves the liquidation margin (0.98 * 1
  // <= 0.99; the World's 1.1 would not: risk.hpp).
  w.must(SetLiquidationIncentive{w.admin, e18(1)});
  w.must(SetCollateralFactor{w.admin, w.f_usd, u("980000000000000000")});
  w.must(SetCollateralFactor{w.admin, w.f_eth, 0});  // 0 needs no price
  w.must(SetProtocolSeizeShare{w.admin, w.f_usd, e18(1)});
  w.must(SetCloseFactor{w.admin, e18(2)});
  w.must(SetLiquidationIncentive{w.admin, frac(101, 2)});  // 0.98 * 1.01 = 0.9898
  w.must(SetPriceCap{w.admin, w.f_eth, e18(1)});
  EXPECT_EQ(w.s.markets[w.f_usd].config.collateral_factor, u("980000000000000000"));
  EXPECT_EQ(w.s.markets[w.f_usd].config.protocol_seize_share, e18(1));
  EXPECT_EQ(w.s.risk.close_factor, e18(2));
  EXPECT_EQ(w.s.risk.liquidation_incentive, frac(101, 2));
  EXPECT_EQ(w.s.markets[w.f_eth].config.price_cap, e18(1));
}

TEST(Engine, SupplyCapMayBeReachedExactly) {
  Scene w;
  w.must(SetSupplyCap{w.admin, w.f_usd, e18(150)});
  // supplied after = 1e18 * 100e18 / 1e18 + 50e18 = 150e18 <= cap
  w.must(Mint{w.alice, w.f_usd, e18(50)});
  EXPECT_EQ(apply(w.s, 100, Mint{w.alice, w.f_usd, 1}).error, Error::supply_cap_reached);
}

TEST(Engine, BorrowCapMustStayStrictlyAbove) {
  Scene w;
  w.must(SetBorrowCap{w.admin, w.f_eth, e18(11)});
  EXPECT_EQ(apply(w.s, 100, Borrow{w.alice, w.f_eth, e18(1)}).error, Error::borrow_cap_reached);  // 11 < 11 fails
  w.must(SetBorrowCap{w.admin, w.f_eth, e18(11) + 1});
  w.must(Borrow{w.alice, w.f_eth, e18(1)});
}

TEST(Engine, FaucetIssuesUnits) {
  World w;
  const Outcome o = w.must(Faucet{w.admin, w.carol, w.fund, 7});
  EXPECT_EQ(w.wallet(w.carol, w.fund), U256(7));
  EXPECT_EQ(w.s.assets[w.fund].issued, U256(7));
  ASSERT_EQ(kinds(o), std::vector<EventKind>{EventKind::faucet});
}

TEST(Engine, ComplianceRegistry) {
  World w;
  w.must(SetKyc{w.compliance, w.alice, 3, true});
  w.must(SetKyc{w.compliance, w.alice, 1, true});
  w.must(SetKyc{w.compliance, w.alice, 3, true});  // granting twice keeps one entry
  EXPECT_EQ(w.s.accounts[w.alice].kyc_groups, (std::vector<std::uint32_t>{1, 3}));
  w.must(SetKyc{w.compliance, w.alice, 1, false});
  EXPECT_EQ(w.s.accounts[w.alice].kyc_groups, (std::vector<std::uint32_t>{3}));
  w.must(SetSanctioned{w.compliance, w.bob, true});
  EXPECT_TRUE(w.s.accounts[w.bob].sanctioned);
  w.must(SetSanctioned{w.compliance, w.bob, false});
  EXPECT_FALSE(w.s.accounts[w.bob].sanctioned);
}

TEST(EngineRoles, GuardianPausesButOnlyTheAdminUnpauses) {
  for (PauseAction action : {PauseAction::mint, PauseAction::borrow, PauseAction::transfer, PauseAction::seize}) {
    World w;
    w.must(SetPaused{w.guardian, w.f_usd, action, true});
    const State paused = w.s;
    const Outcome o = apply(w.s, World::start, SetPaused{w.guardian, w.f_usd, action, false});
    EXPECT_EQ(o.error, Error::unauthorized);
    EXPECT_EQ(w.s, paused);
    w.must(SetPaused{w.admin, w.f_usd, action, false});
    w.must(SetPaused{w.admin, w.f_usd, action, true});
    EXPECT_EQ(apply(w.s, World::start, SetPaused{w.alice, w.f_usd, action, true}).error, Error::unauthorized);
    EXPECT_EQ(apply(w.s, World::start, SetPaused{w.oracle, w.f_usd, action, false}).error, Error::unauthorized);
  }
}

TEST(EngineRoles, PausesLandWhereTheyBelong) {
  World w;
  w.must(SetPaused{w.guardian, w.f_eth, PauseAction::mint, true});
  w.must(SetPaused{w.guardian, w.f_usd, PauseAction::borrow, true});
  // transfer and seize are protocol-wide: the market id is ignored, even an unlisted one.
  w.must(SetPaused{w.guardian, 63, PauseAction::transfer, true});
  w.must(SetPaused{w.guardian, 63, PauseAction::seize, true});
  EXPECT_TRUE(w.s.markets[w.f_eth].config.mint_paused);
  EXPECT_FALSE(w.s.markets[w.f_usd].config.mint_paused);
  EXPECT_TRUE(w.s.markets[w.f_usd].config.borrow_paused);
  EXPECT_FALSE(w.s.markets[w.f_eth].config.borrow_paused);
  EXPECT_TRUE(w.s.risk.transfer_paused);
  EXPECT_TRUE(w.s.risk.seize_paused);
}

// Regression (found in review): transferAllowed checks the protocol-wide transfer
// pause before the listing, so a transfer in a market Flux does not list answers
// `paused` while transfers are paused, and market_not_listed otherwise.
TEST(EngineRoles, TransferPauseIsCheckedBeforeTheListing) {
  Scene w;
  const MarketId unlisted = 63;
  EXPECT_EQ(apply(w.s, World::start, Transfer{w.alice, w.bob, unlisted, 0}).error, Error::market_not_listed);
  w.must(SetPaused{w.guardian, 0, PauseAction::transfer, true});
  EXPECT_EQ(apply(w.s, World::start, Transfer{w.alice, w.bob, unlisted, 0}).error, Error::paused);
}

TEST(EngineRoles, OnlyTheOracleSetsPrices) {
  World w;
  EXPECT_EQ(apply(w.s, World::start, SetPrice{w.admin, w.f_usd, 1}).error, Error::unauthorized);
  w.must(SetPrice{w.oracle, w.f_usd, 1});
  EXPECT_EQ(w.s.markets[w.f_usd].config.price, U256(1));
}

TEST(EngineRequest, SenderNameAndAdminClass) {
  EXPECT_EQ(request_sender(Request{Mint{7, 0, 0}}), 7u);
  EXPECT_STREQ(request_name(Request{RedeemUnderlying{}}), "redeem_underlying");
  EXPECT_STREQ(request_name(Request{ReduceReserves{}}), "reduce_reserves");
  EXPECT_FALSE(is_admin_request(Request{Accrue{}}));
  EXPECT_FALSE(is_admin_request(Request{Liquidate{}}));
  EXPECT_TRUE(is_admin_request(Request{SetPaused{}}));
  EXPECT_TRUE(is_admin_request(Request{Faucet{}}));
}

TEST(EngineErrors, NamesRoundTrip) {
  for (int i = 0; i < error_count; ++i) {
    const auto e = static_cast<Error>(i);
    EXPECT_EQ(error_from_name(error_name(e)), e);
    EXPECT_FALSE(error_message(e).empty());
  }
  EXPECT_EQ(error_name(Error::insufficient_liquidity), "insufficient_liquidity");
  EXPECT_FALSE(error_from_name("no_such_error"));
}

}  // namespace
}  // namespace flux
