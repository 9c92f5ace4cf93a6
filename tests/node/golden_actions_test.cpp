// Golden bytes of every governance action a proposal may carry, in the two encodings
// that hold one:
//  - the state codec (state_codec.cpp): a tag byte, fixed forever (1 ListMarket ..
//    21 SetOracle), then the action's fields in a fixed order, without the sender
//    (always the timelock); markets by u16 id, accounts by name;
//  - the state hash (state_hash.cpp): the action's index in GovernanceAction, as a
//    u64, so the variant's order is part of consensus too.
// Expected bytes are written by hand from state_codec.hpp's format (see
// golden_records_test.cpp for the primitives).
#include "golden_scene.hpp"

#include "engine/request.hpp"
#include "node/state_codec.hpp"

#include <gtest/gtest.h>

#include <set>

namespace flux::node {
namespace {

using golden::bytes;
using golden::hex;

struct GoldenAction {
  GovernanceAction action;
  std::size_t variant_index;  // its index in GovernanceAction: the state hash's action tag
  std::string record;         // hex of its bytes in a proposal record
};

// Accounts "al" (00000002 616c) and "bo" (00000002 626f) of the scene; market 0; the
// timelock "tl" (id 0) as every action's sender. Values 0x21.. are all different.
std::vector<GoldenAction> golden_actions(const State& s) {
  const AccountId tl = s.governance.timelock;
  const AccountId al = *s.find_account("al");
  const AccountId bo = *s.find_account("bo");
  MarketConfig listed;
  listed.symbol = "fX";
  listed.asset = 0;
  listed.initial_exchange_rate = 0x21;
  listed.reserve_factor = 0x22;
  listed.protocol_seize_share = 0x23;
  listed.collateral_factor = 0x24;
  listed.access = Access::permissionless;
  listed.kyc_group = 0x25;
  listed.borrow_cap = 0x26;
  listed.supply_cap = 0x27;
  listed.mint_paused = true;
  listed.borrow_paused = false;
  listed.price = 0x28;
  listed.price_cap = 0x29;
  const RateModelParams linear{RateModelKind::linear, 0x2a, 0x2b, 0x2c, 0x2d};
  const RateModelParams jump{RateModelKind::jump, 0x34, 0x35, 0x36, 0x37};
  return {
      {ListMarket{tl, listed, linear, U256(0x2e)}, 0,
       "01"                          // tag 1 ListMarket
       "00000002 6658"               // symbol "fX"
       "0000"                        // asset 0
       "01 21 01 22"                 // initial exchange rate, reserve factor
       "01 23 01 24"                 // protocol seize share, collateral factor
       "01"                          // access: permissionless
       "00000025"                    // KYC group 0x25
       "01 26 01 27"                 // borrow cap, supply cap
       "01 00"                       // mint paused, borrow not paused
       "01 28 01 29"                 // price, price cap
       "00 01 2a 01 2b 01 2c 01 2d"  // rate model: linear, base, multiplier, jump multiplier, kink
       "01 2e"},                     // seed amount
      {SetCollateralFactor{tl, 0, U256(0x31)}, 1, "02 0000 01 31"},          // tag 2, market 0, value
      {SetReserveFactor{tl, 0, U256(0x32)}, 2, "03 0000 01 32"},             // tag 3, market 0, value
      {SetProtocolSeizeShare{tl, 0, U256(0x33)}, 3, "04 0000 01 33"},        // tag 4, market 0, value
      {SetRateModel{tl, 0, jump}, 4, "05 0000 01 01 34 01 35 01 36 01 37"},  // tag 5, market, jump model
      {SetCloseFactor{tl, U256(0x38)}, 5, "06 01 38"},                       // tag 6, value
      {SetLiquidationIncentive{tl, U256(0x39)}, 6, "07 01 39"},              // tag 7, value
      {SetBorrowCap{tl, 0, U256(0x3a)}, 7, "08 0000 01 3a"},                 // tag 8, market 0, value
      {SetSupplyCap{tl, 0, U256(0x3b)}, 8, "09 0000 01 3b"},                 // tag 9, market 0, value
      {SetPriceCap{tl, 0, U256(0x3c)}, 9, "0a 0000 01 3c"},                  // tag 10, market 0, cap
      {SetPaused{tl, 0, PauseAction::borrow, true}, 10, "0b 0000 01 01"},    // tag 11, market 0, borrow (1), paused
      {SetPauseGuardian{tl, al}, 11, "0c 00000002 616c"},                    // tag 12, account "al"
      {SetMarketAccess{tl, 0, Access::permissioned, 0x3d}, 12,
       "0d 0000 02 0000003d"},  // tag 13, market 0, access 2 (permissioned), group
      {ReduceReservesTo{tl, 0, U256(0x3e), bo}, 13, "0e 0000 01 3e 00000002 626f"},  // tag 14, market, amount, to "bo"
      {SetKycGroupAdmin{tl, 0x3f, al, true}, 14, "0f 0000003f 00000002 616c 01"},    // tag 15, group, "al", granted
      {SetSanctionsAdmin{tl, bo, false}, 15, "10 00000002 626f 00"},                 // tag 16, "bo", revoked
      {SetGovernanceParameter{tl, GovernanceParameter::quorum_votes, U256(0x40)}, 16,
       "11 03 01 40"},  // tag 17, parameter 3 (quorum votes), value
      {SetRewardSpeeds{tl, 0, U256(0x41), U256(0x42)}, 17,
       "12 0000 01 41 01 42"},                        // tag 18, market 0, supply speed, borrow speed
      {FundRewards{tl, U256(0x43)}, 18, "13 01 43"},  // tag 19, amount
      {ScheduleUpgrade{tl, 5, 0x44}, 19, "14 00000005 0000000000000044"},  // tag 20, version 5, block 0x44
      {SetOracle{tl, bo}, 20, "15 00000002 626f"},                         // tag 21, account "bo"
  };
}

// The scene's proposal 1 (golden_records_test.cpp) around one action.
std::string proposal_with(const std::string& action_hex) {
  return bytes({"01", "00000002 616c", "00000001"}) + bytes(action_hex) +
         bytes({"00000002 7570", "000000000000000f", "0000000000000023", "02 012c", "0000000000000040", "02 0258",
                "01 02", "01 03", "00", "01", "00000001", "00000002 616c", "01", "02 0258"});
}

TEST(GoldenActions, EveryActionIsInTheTable) {
  const State s = golden::scene();
  const auto table = golden_actions(s);
  // A new GovernanceAction alternative needs its golden bytes here.
  ASSERT_EQ(table.size(), std::variant_size_v<GovernanceAction>);
  ASSERT_EQ(table.size(), 21u);
  std::set<std::size_t> indices;
  for (const GoldenAction& g : table) indices.insert(g.action.index());
  EXPECT_EQ(indices.size(), table.size()) << "an alternative twice";
}

// The state hash tags an action with its index in GovernanceAction: appending keeps
// every earlier index; reordering the variant would change every stored chain's hash.
TEST(GoldenActions, StateHashTagIsTheVariantIndex) {
  const State s = golden::scene();
  for (const GoldenAction& g : golden_actions(s)) EXPECT_EQ(g.action.index(), g.variant_index) << action_name(g.action);
}

TEST(GoldenActions, CodecTagAndFieldsOfEachAction) {
  State s = golden::scene();
  for (const GoldenAction& g : golden_actions(s)) {
    s.governance.proposals.at(0).actions = {g.action};
    EXPECT_EQ(hex(encode_proposal(s, s.governance.proposals.at(0))), hex(proposal_with(g.record)))
        << action_name(g.action);
  }
}

TEST(GoldenActions, HandWrittenActionsReadBack) {
  // Each hand-written action, in the scene's proposal 1, reads back as that action
  // (one at a time: a proposal carries at most max_proposal_actions).
  const State s = golden::scene();
  const auto encoded = encode_state(s);
  for (const GoldenAction& g : golden_actions(s)) {
    std::map<std::string, std::string> records(encoded.begin(), encoded.end());
    records[proposal_key(1)] = proposal_with(g.record);
    CodecError error;
    const auto decoded = decode_state(records, error);
    ASSERT_TRUE(decoded) << action_name(g.action) << ": " << error.key << ": " << error.detail;
    const Proposal& back = decoded->governance.proposals.at(0);
    ASSERT_EQ(back.actions.size(), 1u);
    EXPECT_TRUE(back.actions[0] == g.action) << action_name(g.action);
  }
}

TEST(GoldenActions, AnUnknownTagIsMalformed) {
  // Tag 22 is the next free one: no action has it yet.
  State s = golden::scene();
  const auto encoded = encode_state(s);
  std::map<std::string, std::string> records(encoded.begin(), encoded.end());
  std::string& record = records.at(proposal_key(1));
  const std::size_t tag_at = 1 + 4 + 2 + 4;                   // version, proposer "al", action count
  ASSERT_EQ(static_cast<unsigned char>(record[tag_at]), 6u);  // SetCloseFactor's tag
  record[tag_at] = 22;
  CodecError error;
  EXPECT_FALSE(decode_state(records, error));
  EXPECT_EQ(error.key, proposal_key(1));
  EXPECT_EQ(error.detail, "unknown governance action tag 22");
}

}  // namespace
}  // namespace flux::node
