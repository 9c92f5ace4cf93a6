// A permissioned asset moves only for accounts in its KYC group, whatever the access
// mode of the market over it (access.hpp, check_underlying_holder). The fuzz simulator
// found the hole: after governance made a market over a fund token open, a redeem paid
// the token to an account outside its group (flux fuzz --seed 1503 --ops 4900).
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux::test {
namespace {

// FUND is a fund token of KYC group 1 (alice and bob are in it, dave in group 2 only),
// and its market fFUND has been made open, as a SetMarketAccess could.
struct OpenMarketOverAFundToken : World {
  OpenMarketOverAFundToken() {
    s.assets[fund].permissioned = true;
    s.assets[fund].kyc_group = 1;
    s.markets[f_fund].config.access = Access::open;
    s.markets[f_fund].config.kyc_group = 0;
    prices_and_compliance();
    must(Faucet{admin, alice, fund, e18(10)});
    must(Mint{alice, f_fund, e18(10)});           // 10e18 fTokens at the initial rate 1
    must(Transfer{alice, dave, f_fund, e18(5)});  // fTokens: the open market checks no one
  }
};

TEST(UnderlyingHolder, ARedeemDoesNotPayAFundTokenOutsideItsGroup) {
  OpenMarketOverAFundToken w;
  const State before = w.s;
  EXPECT_EQ(apply(w.s, World::start, Redeem{w.dave, w.f_fund, e18(5)}).error, Error::kyc_required);
  EXPECT_EQ(apply(w.s, World::start, RedeemUnderlying{w.dave, w.f_fund, e18(5)}).error, Error::kyc_required);
  EXPECT_TRUE(w.s == before);
  EXPECT_TRUE(w.wallet(w.dave, w.fund).is_zero());
  // alice, in the group, redeems: 5e18 fTokens at rate 1 pay 5e18 FUND.
  ASSERT_TRUE(apply(w.s, World::start, Redeem{w.alice, w.f_fund, e18(5)}).ok());
  EXPECT_EQ(w.wallet(w.alice, w.fund), e18(5));
}

TEST(UnderlyingHolder, AMintTakesAFundTokenOnlyFromItsGroup) {
  OpenMarketOverAFundToken w;
  // alice keeps 0 FUND after minting all 10; she is given 3 more, then leaves the group.
  w.must(Faucet{w.admin, w.alice, w.fund, e18(3)});
  w.must(SetKyc{w.compliance, w.alice, 1, false});
  const State before = w.s;
  EXPECT_EQ(apply(w.s, World::start, Mint{w.alice, w.f_fund, e18(3)}).error, Error::kyc_required);
  EXPECT_TRUE(w.s == before);
}

TEST(UnderlyingHolder, AListingTakesAFundTokensSeedOnlyFromItsGroup) {
  // A second market over FUND, listed by the admin with a seed of 1 FUND from its own
  // wallet. An admin outside FUND's group (here: in it, but sanctioned) cannot pay it.
  OpenMarketOverAFundToken w;
  w.s.roles.locked_supply_holder = w.s.account_id("locked");  // receives the seed's fTokens
  w.must(SetKyc{w.compliance, w.admin, 1, true});
  w.must(Faucet{w.admin, w.admin, w.fund, e18(1)});
  ListMarket listing{w.admin, w.config("fFUND2", w.fund, 0, 0, Access::open), linear(0, e18(1)), e18(1)};
  listing.config.price = e18(1);
  w.must(SetSanctioned{w.compliance, w.admin, true});
  const State before = w.s;
  EXPECT_EQ(apply(w.s, World::start, listing).error, Error::kyc_required);
  EXPECT_TRUE(w.s == before);
  w.must(SetSanctioned{w.compliance, w.admin, false});
  const Outcome o = apply(w.s, World::start, listing);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_TRUE(w.wallet(w.admin, w.fund).is_zero());
}

}  // namespace
}  // namespace flux::test
