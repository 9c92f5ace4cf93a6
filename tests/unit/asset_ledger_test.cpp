// The asset ledger (issue, burn, transfer of underlying tokens) and list_market with
// its seed supply. Numbers are small and worked out in the comments.
#include "engine/engine.hpp"
#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <set>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::World;

// The World plus: an issuer for USD, FUND made permissioned (KYC group 1) with its
// own issuer, a locked supply holder, and the usual prices and KYC (alice and bob in
// group 1, dave in group 2, carol sanctioned).
struct Ledger : World {
  AccountId usd_issuer = 0, fund_issuer = 0, locked = 0;
  Ledger() {
    usd_issuer = s.account_id("usd-issuer");
    fund_issuer = s.account_id("fund-issuer");
    locked = s.account_id("locked");
    s.assets[usd].issuer = usd_issuer;
    s.assets[fund].issuer = fund_issuer;
    s.assets[fund].permissioned = true;
    s.assets[fund].kyc_group = 1;
    s.roles.locked_supply_holder = locked;
    prices_and_compliance();
  }
  // Applies and checks every invariant, as replay does.
  Outcome run(const Request& r, std::uint64_t block = start) {
    const State before = s;
    Outcome o = apply(s, block, r);
    const auto violations = check_invariants(before, s, r, o);
    for (const auto& v : violations) ADD_FAILURE() << v.invariant << ": " << v.detail;
    if (!o.ok()) {
      EXPECT_EQ(before, s) << "a failed request changed the state";
    }
    return o;
  }
};

TEST(AssetLedger, IssuerIssuesAndBurns) {
  Ledger w;
  ASSERT_TRUE(w.run(IssueAsset{w.usd_issuer, w.alice, w.usd, e18(50)}).ok());
  EXPECT_EQ(w.wallet(w.alice, w.usd), e18(50));
  EXPECT_EQ(w.s.assets[w.usd].issued, e18(50));
  ASSERT_TRUE(w.run(IssueAsset{w.usd_issuer, w.usd_issuer, w.usd, e18(7)}).ok());
  ASSERT_TRUE(w.run(BurnAsset{w.usd_issuer, w.usd, e18(3)}).ok());
  EXPECT_EQ(w.wallet(w.usd_issuer, w.usd), e18(4));  // 7 - 3
  EXPECT_EQ(w.s.assets[w.usd].issued, e18(54));      // 50 + 7 - 3
}

TEST(AssetLedger, OnlyTheIssuerIssuesOrBurns) {
  Ledger w;
  EXPECT_EQ(w.run(IssueAsset{w.admin, w.alice, w.usd, 1}).error, Error::unauthorized);
  EXPECT_EQ(w.run(IssueAsset{w.usd_issuer, w.alice, w.eth, 1}).error, Error::unauthorized);  // ETH has no issuer
  EXPECT_EQ(w.run(BurnAsset{w.alice, w.usd, 0}).error, Error::unauthorized);
  EXPECT_EQ(w.run(IssueAsset{w.usd_issuer, w.alice, 9, 1}).error, Error::unknown_asset);
  // Burning more than the issuer holds.
  EXPECT_EQ(w.run(BurnAsset{w.usd_issuer, w.usd, 1}).error, Error::insufficient_balance);
  // Issuing past 2^256 - 1 units.
  ASSERT_TRUE(w.run(IssueAsset{w.usd_issuer, w.alice, w.usd, u256_max()}).ok());
  EXPECT_EQ(w.run(IssueAsset{w.usd_issuer, w.bob, w.usd, 1}).error, Error::math_error);
}

TEST(AssetLedger, TransfersMoveBalances) {
  Ledger w;
  ASSERT_TRUE(w.run(IssueAsset{w.usd_issuer, w.alice, w.usd, e18(10)}).ok());
  ASSERT_TRUE(w.run(TransferAsset{w.alice, w.dave, w.usd, e18(4)}).ok());
  EXPECT_EQ(w.wallet(w.alice, w.usd), e18(6));
  EXPECT_EQ(w.wallet(w.dave, w.usd), e18(4));
  ASSERT_TRUE(w.run(TransferAsset{w.alice, w.alice, w.usd, e18(6)}).ok());  // to oneself: nothing moves
  EXPECT_EQ(w.wallet(w.alice, w.usd), e18(6));
  EXPECT_EQ(w.run(TransferAsset{w.alice, w.dave, w.usd, e18(6) + 1}).error, Error::insufficient_balance);
}

TEST(AssetLedger, SanctionedAccountsNeitherSendNorReceive) {
  Ledger w;
  ASSERT_TRUE(w.run(IssueAsset{w.usd_issuer, w.alice, w.usd, e18(10)}).ok());
  EXPECT_EQ(w.run(TransferAsset{w.alice, w.carol, w.usd, 1}).error, Error::sanctioned);
  EXPECT_EQ(w.run(IssueAsset{w.usd_issuer, w.carol, w.usd, 1}).error, Error::sanctioned);
  ASSERT_TRUE(w.run(SetSanctioned{w.compliance, w.carol, false}).ok());
  ASSERT_TRUE(w.run(TransferAsset{w.alice, w.carol, w.usd, 1}).ok());
  ASSERT_TRUE(w.run(SetSanctioned{w.compliance, w.carol, true}).ok());
  EXPECT_EQ(w.run(TransferAsset{w.carol, w.alice, w.usd, 1}).error, Error::sanctioned);
}

TEST(AssetLedger, PermissionedAssetMovesOnlyBetweenKycdAccounts) {
  Ledger w;
  // FUND: group 1. alice and bob are in it, dave only in group 2, carol sanctioned.
  ASSERT_TRUE(w.run(IssueAsset{w.fund_issuer, w.alice, w.fund, e18(5)}).ok());
  EXPECT_EQ(w.run(IssueAsset{w.fund_issuer, w.dave, w.fund, 1}).error, Error::kyc_required);
  ASSERT_TRUE(w.run(TransferAsset{w.alice, w.bob, w.fund, e18(2)}).ok());
  EXPECT_EQ(w.run(TransferAsset{w.alice, w.dave, w.fund, 1}).error, Error::kyc_required);
  // A sanctioned account fails a KYC point with kyc_required, as in markets.
  ASSERT_TRUE(w.run(SetKyc{w.compliance, w.carol, 1, true}).ok());
  EXPECT_EQ(w.run(TransferAsset{w.alice, w.carol, w.fund, 1}).error, Error::kyc_required);
  // Revoking bob's KYC freezes his FUND where it is.
  ASSERT_TRUE(w.run(SetKyc{w.compliance, w.bob, 1, false}).ok());
  EXPECT_EQ(w.run(TransferAsset{w.bob, w.alice, w.fund, 1}).error, Error::kyc_required);
  EXPECT_EQ(w.wallet(w.bob, w.fund), e18(2));
}

TEST(AssetLedger, PermittedHoldersCatchesAWalletMovedWithoutKyc) {
  Ledger w;
  State after = w.s;
  after.accounts[w.dave].wallet.at_or_insert(w.fund) = 1;  // dave is not in FUND's group
  after.assets[w.fund].issued += 1;
  std::set<std::string> names;
  for (const auto& v : check_invariants(w.s, after, Accrue{w.alice, w.f_usd}, Outcome{})) names.insert(v.invariant);
  EXPECT_EQ(names, std::set<std::string>{"permitted_holders"});
}

TEST(Compliance, GroupDelegatesChangeOnlyTheirGroupAndTheSanctionsAdminOnlyTheList) {
  Ledger w;
  const AccountId group2_admin = w.s.account_id("group2-admin");
  const AccountId sanctions_admin = w.s.account_id("sanctions-admin");
  w.s.roles.kyc_group_admins.at_or_insert(2) = group2_admin;
  w.s.roles.sanctions_admin = sanctions_admin;
  EXPECT_TRUE(w.run(SetKyc{group2_admin, w.alice, 2, true}).ok());
  EXPECT_EQ(w.run(SetKyc{group2_admin, w.alice, 1, false}).error, Error::unauthorized);
  EXPECT_EQ(w.run(SetSanctioned{group2_admin, w.alice, true}).error, Error::unauthorized);
  EXPECT_TRUE(w.run(SetSanctioned{sanctions_admin, w.alice, true}).ok());
  EXPECT_EQ(w.run(SetKyc{sanctions_admin, w.bob, 2, true}).error, Error::unauthorized);
  EXPECT_TRUE(w.run(SetKyc{w.compliance, w.bob, 7, true}).ok());  // the registry's owner: any group
}

// --- list_market -----------------------------------------------------------------

ListMarket new_market(const Ledger& w, const char* symbol, const U256& seed) {
  ListMarket r{w.admin, w.config(symbol, w.usd, frac(1, 1), frac(2, 2), Access::open), test::linear(0, e18(1)), seed};
  r.config.price = e18(1);
  r.config.initial_exchange_rate = frac(2, 2);  // 0.02: one unit of underlying mints 50 fTokens
  return r;
}

TEST(ListMarket, ListsConfiguredAndSeededAtOnce) {
  Ledger w;
  w.s.accounts[w.admin].wallet.at_or_insert(w.usd) = e18(1);
  w.s.assets[w.usd].issued = e18(1);
  const Outcome o = w.run(new_market(w, "fNEW", 1000), 150);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  const MarketId id = *w.s.market_by_symbol("fNEW");
  const Market& m = w.s.markets[id];
  // 1000 units at 0.02: 1000 * 1e18 / 2e16 = 50,000 fTokens, all locked.
  EXPECT_EQ(m.book.cash, U256(1000));
  EXPECT_EQ(m.book.total_supply, U256(50'000));
  EXPECT_EQ(w.pos(w.locked, id).tokens, U256(50'000));
  EXPECT_EQ(m.book.accrual_block, 150u);
  EXPECT_EQ(m.book.borrow_index, mantissa_one());
  EXPECT_EQ(m.config.collateral_factor, frac(5, 1));
  // multiplier 1e18 per year / 1,000,000 blocks = 1e12 per block
  EXPECT_EQ(m.config.rate_model.multiplier_per_block, U256(1'000'000'000'000ULL));
  EXPECT_EQ(w.wallet(w.admin, w.usd), e18(1) - 1000);
  // The locked holder can never move that supply.
  EXPECT_EQ(w.run(Redeem{w.locked, id, 1}, 150).error, Error::unauthorized);
  EXPECT_EQ(w.run(Transfer{w.locked, w.alice, id, 1}, 150).error, Error::unauthorized);
}

TEST(ListMarket, RefusesAnythingIncomplete) {
  Ledger w;
  w.s.accounts[w.admin].wallet.at_or_insert(w.usd) = e18(1);
  w.s.assets[w.usd].issued = e18(1);
  ListMarket r = new_market(w, "fNEW", 1000);
  r.sender = w.alice;
  EXPECT_EQ(w.run(r).error, Error::unauthorized);
  EXPECT_EQ(w.run(new_market(w, "fUSD", 1000)).error, Error::invalid_parameter);  // symbol taken
  r = new_market(w, "fNEW", 1000);
  r.config.collateral_factor = frac(98, 2) + 1;
  EXPECT_EQ(w.run(r).error, Error::invalid_parameter);
  r = new_market(w, "fNEW", 1000);
  r.config.price = 0;  // a collateral factor without a price
  EXPECT_EQ(w.run(r).error, Error::price_error);
  r = new_market(w, "fNEW", 1000);
  r.rate_model.kind = RateModelKind::jump;  // kink 0
  EXPECT_EQ(w.run(r).error, Error::invalid_parameter);
  EXPECT_EQ(w.run(new_market(w, "fNEW", 0)).error, Error::invalid_amount);  // no seed
  // 1 unit at 0.02 mints 50 fTokens, but at an exchange rate of 2 it mints 0.
  r = new_market(w, "fNEW", 1);
  r.config.initial_exchange_rate = e18(2);
  EXPECT_EQ(w.run(r).error, Error::invalid_amount);
  EXPECT_EQ(w.run(new_market(w, "fNEW", e18(1) + 1)).error, Error::insufficient_balance);
  w.s.roles.locked_supply_holder = no_account;
  EXPECT_EQ(w.run(new_market(w, "fNEW", 1000)).error, Error::invalid_parameter);
}

// A symbol has at most max_symbol_bytes (32) bytes, like every string a transaction
// carries (issue 9): 33 is invalid_parameter, 32 lists.
TEST(ListMarket, SymbolsAreAtMost32Bytes) {
  Ledger w;
  w.s.accounts[w.admin].wallet.at_or_insert(w.usd) = e18(1);
  w.s.assets[w.usd].issued = e18(1);
  const std::string long_symbol(33, 'f');
  EXPECT_EQ(w.run(new_market(w, long_symbol.c_str(), 1000)).error, Error::invalid_parameter);
  EXPECT_FALSE(w.s.market_by_symbol(long_symbol));
  const std::string at_limit(32, 'f');
  EXPECT_TRUE(w.run(new_market(w, at_limit.c_str(), 1000)).ok());
  EXPECT_TRUE(w.s.market_by_symbol(at_limit));
}

// The seed of a permissioned market goes to the locked holder, which is the protocol's
// own account: no KYC needed, and the permitted_holders invariant does not object.
// The admin paying the seed in a fund token must itself be KYC'd to receive it.
TEST(ListMarket, APermissionedMarketIsSeededToo) {
  Ledger w;
  EXPECT_EQ(w.run(Faucet{w.admin, w.admin, w.fund, e18(1)}).error, Error::kyc_required);
  ASSERT_TRUE(w.run(SetKyc{w.compliance, w.admin, 1, true}).ok());
  ASSERT_TRUE(w.run(Faucet{w.admin, w.admin, w.fund, e18(1)}).ok());
  ListMarket r = new_market(w, "fFUND2", 1000);
  r.config.asset = w.fund;
  r.config.access = Access::permissioned;
  r.config.kyc_group = 1;
  ASSERT_TRUE(w.run(r).ok());
  EXPECT_EQ(w.pos(w.locked, *w.s.market_by_symbol("fFUND2")).tokens, U256(50'000));
}

}  // namespace
}  // namespace flux
