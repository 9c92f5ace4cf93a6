// Flux's deliberate fixes of Flux Protocol's reference contracts (docs/flux-protocol.md,
// "Fixes in force"): each scenario runs twice, under Flux's rules and under the
// reference's (every fix off), and the values of both are computed by hand in the
// comments. A small deployment: USDT (18 decimals, $1, collateral ratio 1.25) and
// WBTC (8 decimals, $20,000, ratio 1.5), tax 10%, liquidation fee 6%.
#include "engine/engine.hpp"
#include "engine/flux_protocol/views.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace flux {
namespace {

namespace fp = flux_protocol;

constexpr std::uint64_t kStart = 1'635'000'000;
const U256 e18 = pow10(18);

struct World {
  State s;
  AccountId admin = 0, alice = 0, bob = 0, carol = 0, dave = 0, team = 0, guard = 0;
  MarketId usdt = 0, wbtc = 1;
  std::uint64_t block = 1000;

  explicit World(bool flux_rules) {
    s.protocol = Protocol::flux_protocol;
    s.parameter_rules = flux_rules ? ParameterRules::flux : ParameterRules::reference;
    s.blocks_per_year = U256(2'102'400);
    s.time = kStart;
    s.block = block;
    for (const char* name : {"admin", "alice", "bob", "carol", "dave", "team", "guard"}) s.account_id(name);
    admin = *s.find_account("admin");
    alice = *s.find_account("alice");
    bob = *s.find_account("bob");
    carol = *s.find_account("carol");
    dave = *s.find_account("dave");
    team = *s.find_account("team");
    guard = *s.find_account("guard");
    s.roles.admin = s.roles.oracle = s.roles.pause_guardian = s.roles.compliance = admin;
    fp::Settings& settings = s.protocol_settings;
    settings.tax_rate = e18 / 10;
    settings.liquidation_fee_rate = 6 * e18 / 100;
    settings.team = team;
    settings.guard = guard;
    settings.fixes = flux_rules ? fp::Fixes{} : fp::reference_rules();
    const AssetId usd = s.add_asset("USDT", 18);
    const AssetId btc = s.add_asset("WBTC", 8);
    usdt = list(usd, "fUSDT", 125 * e18 / 100, e18);
    wbtc = list(btc, "fWBTC", 15 * e18 / 10, 20'000 * e18 * pow10(10));
  }
  MarketId list(AssetId asset, const char* symbol, const U256& ratio, const U256& stored_price) {
    MarketConfig c;
    c.symbol = symbol;
    c.asset = asset;
    c.initial_exchange_rate = e18;
    c.price = stored_price;
    const MarketId id = s.add_market(std::move(c), kStart);
    s.markets[id].pool.collateral_ratio = ratio;
    return id;
  }
  // Runs at `at` seconds after the start, one block per new timestamp.
  Outcome run(const Request& r, std::uint64_t at = 0) {
    if (kStart + at > s.time) ++block;
    return apply(s, block, kStart + at, r);
  }
  void fund(AccountId a, AssetId asset, const U256& amount) { ASSERT_TRUE(run(Faucet{admin, a, asset, amount}).ok()); }
  U256 ftokens(AccountId a, MarketId m) const { return fp::ftokens_of(s.accounts[a], m); }
  U256 debt(AccountId a, MarketId m) const { return fp::debt_of(s.accounts[a], m, s.markets[m]); }
  U256 wallet(AccountId a, MarketId m) const { return s.accounts[a].wallet_balance(s.markets[m].config.asset); }
  std::size_t joined(AccountId a) const { return s.protocol_account(a).joined.size(); }
};

// bob: 1 WBTC supplied, 10,000 USDT borrowed from carol's 100,000; all at the start.
void bob_borrows(World& w) {
  w.fund(w.carol, 0, 100'000 * e18);
  w.fund(w.bob, 1, pow10(8));
  ASSERT_TRUE(w.run(Mint{w.carol, w.usdt, 100'000 * e18}).ok());
  ASSERT_TRUE(w.run(Mint{w.bob, w.wbtc, pow10(8)}).ok());
  ASSERT_TRUE(w.run(Borrow{w.bob, w.usdt, 10'000 * e18}).ok());
}

TEST(FluxProtocolFixes, RedeemRoundsTheFTokensBurnedUp) {
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    w.fund(w.alice, 0, U256(1000));
    w.fund(w.bob, 0, U256(500));
    ASSERT_TRUE(w.run(Mint{w.alice, w.usdt, U256(1000)}).ok());  // 1,000 fTokens at 1.0
    ASSERT_TRUE(w.run(Donate{w.bob, w.usdt, U256(500)}).ok());   // rate (1,000 + 500) / 1,000 = 1.5
    EXPECT_EQ(fp::pool_exchange_rate(w.s, w.usdt), 15 * e18 / 10);
    ASSERT_TRUE(w.run(RedeemUnderlying{w.alice, w.usdt, U256(10)}).ok());
    // 10 units are 10 / 1.5 = 6.67 fTokens: the reference burns 6 (worth 9 units),
    // Flux 7 (worth 10.5): the redeemer never takes out more than she gives up.
    EXPECT_EQ(w.ftokens(w.alice, w.usdt), U256(flux ? 993 : 994));
    EXPECT_EQ(w.wallet(w.alice, w.usdt), U256(10));
  }
}

TEST(FluxProtocolFixes, APoolWhoseReservesExceedItsCashStillAccrues) {
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    // A pool bricked as a borrow into its reserves leaves it: cash 1e18, borrows 1e22
    // (10,000 USDT, not above the escalator's 10,000e18 activation), reserves 2e18.
    MarketBook& b = w.s.markets[w.usdt].book;
    b.cash = e18;
    b.total_borrows = pow10(22);
    b.total_reserves = 2 * e18;
    b.total_supply = pow10(22);
    w.s.assets[0].issued = e18;
    const State before = w.s;
    const Outcome o = w.run(Accrue{w.alice, w.usdt}, 10);
    if (!flux) {
      // utilization 1e22 / (1e18 + 1e22 - 2e18) > 1.0001: the table is read past its end.
      EXPECT_EQ(o.error, Error::math_error);
      EXPECT_TRUE(w.s == before);
      continue;
    }
    ASSERT_TRUE(o.ok()) << error_name(o.error);
    // Counted as 100% used: the annual rate is capped at 100%, x1 (the first update
    // starts the escalator at x1: borrows are not above 10,000e18), so per second
    // floor(1e18 / 31,536,000) = 31,709,791,983; over 10 s 317,097,919,830.
    // interest = 317,097,919,830 x 1e22 / 1e18 = 3,170,979,198,300,000; a tenth of it
    // goes to reserves.
    EXPECT_EQ(b.total_borrows, pow10(22) + U256(3'170'979'198'300'000ULL));
    EXPECT_EQ(b.total_reserves, 2 * e18 + U256(317'097'919'830'000ULL));
    EXPECT_EQ(b.borrow_index, e18 + U256(317'097'919'830ULL));
  }
}

// bob's 1 WBTC falls to $10,500: supply value 10,500 against 10,000 borrowed, a ratio
// of 1.05, below the 1.10 line. dave borrowed 0.95 WBTC (on 100,000 USDT), so fWBTC's
// cash is 0.05 WBTC: it cannot pay out bob's 1 WBTC.
void bob_underwater_in_an_illiquid_market(World& w) {
  bob_borrows(w);
  w.fund(w.dave, 0, 100'000 * e18);
  ASSERT_TRUE(w.run(Mint{w.dave, w.usdt, 100'000 * e18}).ok());
  ASSERT_TRUE(w.run(Borrow{w.dave, w.wbtc, U256(95'000'000)}).ok());
  ASSERT_TRUE(w.run(SetPrice{w.admin, w.wbtc, 10'500 * e18 * pow10(10)}).ok());
  ASSERT_TRUE(fp::liquidatable(w.s, w.bob));
  w.fund(w.alice, 0, 10'000 * e18);
}

TEST(FluxProtocolFixes, IlliquidCollateralIsLiquidatedAsFTokens) {
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    bob_underwater_in_an_illiquid_market(w);
    const Outcome o = w.run(LiquidatePosition{w.alice, w.bob});
    if (!flux) {
      EXPECT_EQ(o.error, Error::insufficient_cash);  // MARKET_CASH_INSUFFICIENT: bob stays underwater
      continue;
    }
    ASSERT_TRUE(o.ok()) << error_name(o.error);
    // alice repays all 10,000 USDT and takes bob's 100,000,000 fWBTC less 6%:
    // 94,000,000; the fee's 6,000,000 fWBTC go half to the team, half to the Guard.
    EXPECT_EQ(w.wallet(w.alice, w.usdt), U256(0));
    EXPECT_EQ(w.ftokens(w.alice, w.wbtc), U256(94'000'000));
    EXPECT_EQ(w.ftokens(w.team, w.wbtc), U256(3'000'000));
    EXPECT_EQ(w.ftokens(w.guard, w.wbtc), U256(3'000'000));
    EXPECT_EQ(w.ftokens(w.bob, w.wbtc), U256(0));
    EXPECT_EQ(w.debt(w.bob, w.usdt), U256(0));
    EXPECT_EQ(w.s.markets[w.usdt].book.total_borrows, U256(0));
    EXPECT_EQ(w.s.markets[w.wbtc].book.total_supply, pow10(8));  // moved, not burnt
    EXPECT_EQ(w.joined(w.bob), 0U);                              // nothing left anywhere
  }
}

TEST(FluxProtocolFixes, IlliquidCollateralGoesToTheGuardOnAMarginCall) {
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    bob_underwater_in_an_illiquid_market(w);
    const Outcome o = w.run(MarginCall{w.carol, w.bob});
    if (!flux) {
      // bob's fWBTC comes first in his set: moving it runs the redeem check on him,
      // who still owes 10,000 USDT (REDEEM_INSUFFICIENT_COLLATERAL).
      EXPECT_EQ(o.error, Error::insufficient_liquidity);
      continue;
    }
    ASSERT_TRUE(o.ok()) << error_name(o.error);
    EXPECT_EQ(w.ftokens(w.guard, w.wbtc), pow10(8));
    EXPECT_EQ(w.debt(w.guard, w.usdt), 10'000 * e18);
    EXPECT_EQ(w.debt(w.bob, w.usdt), U256(0));
    EXPECT_EQ(w.s.markets[w.usdt].book.total_borrows, 10'000 * e18);  // the Guard's now
    EXPECT_EQ(w.joined(w.bob), 0U);
  }
}

// The per-second borrow rate at 10% utilization, as the reference's model computes it
// (tests/flux-protocol/vectors/rate-model-sweep.json, k = 1000).
U256 rate_at_ten_percent() {
  std::ifstream in(std::string(FLUX_PROTOCOL_VECTORS) + "/rate-model-sweep.json");
  const nlohmann::json d = nlohmann::json::parse(in);
  const auto& row = d.at("rows").at(1000);
  EXPECT_EQ(row.at(0).get<std::string>(), "1000");
  return *parse_u256(row.at(6).get<std::string>());
}

TEST(FluxProtocolFixes, LiquidationJudgesTheBorrowerOnInterestAccruedToNow) {
  const U256 rate = rate_at_ten_percent();
  const std::uint64_t half_year = 15'768'000;
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    bob_borrows(w);  // fUSDT: cash 90,000, borrows 10,000: utilization exactly 0.1
    ASSERT_TRUE(w.run(SetPrice{w.admin, w.wbtc, 11'100 * e18 * pow10(10)}).ok());
    // As last accrued: 11,100 / 10,000 = 1.11, above the line.
    EXPECT_FALSE(fp::liquidatable(w.s, w.bob));
    w.fund(w.alice, 0, 20'000 * e18);
    const Outcome o = w.run(LiquidatePosition{w.alice, w.bob}, half_year);
    if (!flux) {
      EXPECT_EQ(o.error, Error::insufficient_shortfall);  // LIQUIDATE_BORROWER_IS_FINAL
      continue;
    }
    ASSERT_TRUE(o.ok()) << error_name(o.error);
    // Half a year at `rate` (x1: one update, at 10%): the index grows by
    // rate x 15,768,000 and bob's 10,000 by the same factor, about 1.25%, so he owes
    // about 10,125 and 11,100 / 10,125 = 1.096 < 1.10. alice pays exactly that debt.
    const U256 index = e18 + rate * half_year;
    const U256 owed = index * 10'000;  // floor(index x 1e18 / 1e18) x 10,000e18 / 1e18
    EXPECT_GT(owed, 10'090 * e18);     // past the line: 11,100 / 1.1 = 10,090.9
    EXPECT_EQ(w.wallet(w.alice, w.usdt), 20'000 * e18 - owed);
    // and takes bob's 1 WBTC, less 6%, as underlying (the WBTC pool has the cash).
    EXPECT_EQ(w.wallet(w.alice, w.wbtc), U256(94'000'000));
  }
}

TEST(FluxProtocolFixes, ReservesAreWithdrawnAfterAccruing) {
  const U256 rate = rate_at_ten_percent();
  const std::uint64_t half_year = 15'768'000;
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    bob_borrows(w);
    const Outcome o = w.run(WithdrawReserves{w.carol, w.usdt}, half_year);
    if (!flux) {
      EXPECT_EQ(o.error, Error::insufficient_reserves);  // nothing accrued since the borrow: TAX_IS_ZERO
      continue;
    }
    ASSERT_TRUE(o.ok()) << error_name(o.error);
    // interest = rate x 15,768,000 x 10,000e18 / 1e18; a tenth to reserves, all paid out.
    const U256 interest = rate * half_year * 10'000;
    EXPECT_EQ(w.wallet(w.team, w.usdt), interest / 10);
    EXPECT_EQ(w.s.markets[w.usdt].book.total_reserves, U256(0));
  }
}

TEST(FluxProtocolFixes, AFullRepayLeavesTheMarketsSet) {
  for (const bool flux : {true, false}) {
    SCOPED_TRACE(flux ? "Flux's rules" : "the reference's");
    World w(flux);
    bob_borrows(w);
    EXPECT_EQ(w.joined(w.bob), 2U);  // fWBTC (supplied), fUSDT (borrowed)
    ASSERT_TRUE(w.run(Repay{w.bob, w.bob, w.usdt, u256_max()}).ok());
    EXPECT_EQ(w.debt(w.bob, w.usdt), U256(0));
    // The reference keeps fUSDT in bob's set (it counts towards the 20-market limit).
    EXPECT_EQ(w.joined(w.bob), flux ? 1U : 2U);
  }
}

}  // namespace
}  // namespace flux
