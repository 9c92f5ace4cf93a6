// A proposal's actions in storage (node/action_codec.hpp): each action type is written
// under its registry tag and reads back as itself.
#include "node/action_codec.hpp"

#include <gtest/gtest.h>

namespace flux::node::records {
namespace {

TEST(ActionCodec, EveryActionRoundTripsUnderItsTag) {
  State s;
  const AccountId timelock = s.account_id("@timelock");
  const AccountId a = s.account_id("alice");
  MarketConfig c;
  c.symbol = "fNEW";
  c.initial_exchange_rate = 200;
  c.collateral_factor = 9;
  c.access = Access::permissioned;
  c.kyc_group = 77;
  c.mint_paused = true;
  RateModelParams rm;
  rm.kind = RateModelKind::jump;
  rm.base_per_year = 11;
  rm.kink = 14;
  // In GovernanceAction's order, so that the tag of the i-th is i + 1 (state_codec.hpp).
  const std::vector<GovernanceAction> actions = {
      ListMarket{timelock, c, rm, 999},
      SetCollateralFactor{timelock, 1, 21},
      SetReserveFactor{timelock, 0, 22},
      SetProtocolSeizeShare{timelock, 1, 23},
      SetRateModel{timelock, 0, rm},
      SetCloseFactor{timelock, 24},
      SetLiquidationIncentive{timelock, 25},
      SetBorrowCap{timelock, 1, 26},
      SetSupplyCap{timelock, 0, 27},
      SetPriceCap{timelock, 1, 28},
      SetPaused{timelock, 1, PauseAction::borrow, true},
      SetPauseGuardian{timelock, a},
      SetMarketAccess{timelock, 1, Access::permissionless, 3},
      ReduceReservesTo{timelock, 0, 29, a},
      SetKycGroupAdmin{timelock, 4, a, false},
      SetSanctionsAdmin{timelock, a, true},
      SetGovernanceParameter{timelock, GovernanceParameter::quorum_votes, 30},
      SetRewardSpeeds{timelock, 1, 31, 32},
      FundRewards{timelock, 33},
      ScheduleUpgrade{timelock, 7, 123456789},
      SetOracle{timelock, a}};
  ASSERT_EQ(actions.size(), std::variant_size_v<GovernanceAction>);
  for (std::size_t i = 0; i < actions.size(); ++i) {
    ASSERT_EQ(actions[i].index(), i);
    Writer w;
    write_action(w, s, actions[i]);
    const std::string bytes = w.take();
    ASSERT_GE(bytes.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(bytes[1]), i + 1) << "tag of action " << i;  // bytes[0]: the version
    Reader r(bytes);
    EXPECT_EQ(read_action(r, s, timelock), actions[i]) << "action " << i;
    EXPECT_NO_THROW(r.end());
  }
}

TEST(ActionCodec, AnUnknownTagIsMalformed) {
  State s;
  for (const std::uint8_t tag : {0, 22, 255}) {
    Writer w;
    w.u8(tag);
    const std::string bytes = w.take();
    Reader r(bytes);
    EXPECT_THROW(read_action(r, s, 0), Malformed) << int(tag);
  }
}

}  // namespace
}  // namespace flux::node::records
