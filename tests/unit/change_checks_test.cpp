// The conservation laws checked on a request's change set (engine/change_checks.hpp),
// which the node runs on every transaction: silent on every step of every scenario,
// and naming the law when an entry moved behind the engine's back.
#include "engine_fixture.hpp"

#include "engine/change_checks.hpp"

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

}  // namespace
}  // namespace flux::test
