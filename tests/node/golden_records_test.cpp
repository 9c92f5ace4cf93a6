// Golden bytes of every state record the node stores (state_codec.hpp), for the fixed
// scene of golden_scene.hpp. Each expected value is written by hand from the format in
// state_codec.hpp: a version byte, then the fields in a fixed order; u8/u16/u32/u64
// big-endian; a U256 as a length byte and that many big-endian bytes without leading
// zeros ("00" for zero); a string as a u32 length and its bytes; a list as a u32 count
// and its items. One comment per field. A change to any record's layout fails here.
#include "golden_scene.hpp"

#include "node/state_codec.hpp"

#include <gtest/gtest.h>

#include <map>

namespace flux::node {
namespace {

using golden::bytes;
using golden::hex;

// 1e36, Compound's initial reward index, is 0xc097ce7bc90715b34b9f1000000000 (15
// bytes: 10^36 = 2^36 * 5^36, and 5^36 = 0xc097ce7bc90715b34b9f1; times 2^36 appends
// nine hex zeros). The scene's indices are 1e36 + 1, + 2 and + 7.
constexpr std::string_view initial_index_plus_1 = "0f c097ce7bc90715b34b9f1000000001";
constexpr std::string_view initial_index_plus_2 = "0f c097ce7bc90715b34b9f1000000002";
constexpr std::string_view initial_index_plus_7 = "0f c097ce7bc90715b34b9f1000000007";

const std::string meta = bytes({
    "01",                         // version
    "02 03e8",                    // blocks per year: 1000
    "0000000000000005",           // block 5
    "01 33",                      // close factor 0x33
    "01 44",                      // liquidation incentive 0x44
    "01",                         // transfer paused
    "00",                         // seize not paused
    "00000002 746c",              // admin "tl"
    "00000005 61646d696e",        // pause guardian "admin"
    "00000002 616c",              // oracle "al"
    "00000002 626f",              // compliance "bo"
    "00000000",                   // sanctions admin: none ("")
    "00000002 6c6b",              // locked supply holder "lk"
    "00000001",                   // one KYC group admin:
    "00000007", "00000002 626f",  //   group 7: "bo"
    "0002",                       // 2 assets
    "0001",                       // 1 market
});

const std::string asset_usd = bytes({
    "01",                   // version
    "00000003 555344",      // symbol "USD"
    "06",                   // decimals
    "02 05dc",              // issued 1500
    "00000005 61646d696e",  // issuer "admin"
    "01",                   // permissioned
    "00000007",             // KYC group 7
});

const std::string asset_flux = bytes({
    "01",                 // version
    "00000004 464c5558",  // symbol "FLUX"
    "12",                 // decimals 18
    "02 03e8",            // issued 1000
    "00000000",           // issuer: none
    "00",                 // not permissioned
    "00000000",           // KYC group 0
});

const std::string market_fusd = bytes({
    "01",                 // version
    "00000004 66555344",  // symbol "fUSD"
    "0000",               // asset 0
    "01 02",              // initial exchange rate 2
    "01 03",              // reserve factor 3
    "01 04",              // protocol seize share 4
    "01 05",              // collateral factor 5
    "01",                 // rate model kind: jump
    "01 06",
    "01 07",  //   base per year 6, multiplier per year 7
    "01 08",
    "01 09",                //   jump multiplier per year 8, kink 9
    "02",                   // access: permissioned
    "00000007",             // KYC group 7
    "02 0100",              // borrow cap 256
    "02 0200",              // supply cap 512
    "01",                   // mint paused
    "00",                   // borrow not paused
    "01 0a",                // price 10
    "01 0b",                // price cap 11
    "02 03e8",              // cash 1000
    "01 c8",                // total borrows 200
    "01 0a",                // total reserves 10
    "02 0fa0",              // total supply 4000
    "08 0de0b6b3a7640000",  // borrow index 1e18
    "0000000000000005",     // accrual block 5
});

const std::string account_al = bytes({
    "01",                          // version
    "00000002",                    // 2 wallet entries:
    "0000", "02 01f4",             //   USD 500
    "0001", "02 0258",             //   FLUX 600
    "00000001",                    // 1 position:
    "0000", "02 0fa0",             //   fUSD: 4000 fTokens,
    "01 11", "01 12",              //   principal 0x11, interest index 0x12
    "0000000000000001",            // entered markets: bit 0
    "00000002 00000007 00000009",  // KYC groups 7 and 9
    "00",                          // not sanctioned
});

// An account holding nothing but sanctioned; "tl", "admin" and "lk" hold nothing at
// all and are stored only because the meta record names them.
const std::string account_bo = bytes({"01", "00000000", "00000000", "0000000000000000", "00000000", "01"});
const std::string account_empty = bytes({"01", "00000000", "00000000", "0000000000000000", "00000000", "00"});

const std::string governance = bytes({
    "02",                                 // version 2: durations in seconds, then the block interval
    "0001",                               // token: asset 1
    "00000002 746c",                      // timelock "tl"
    "01 64",                              // proposal threshold 100
    "000000000000000a",                   // voting delay 10 s
    "0000000000000014",                   // voting period 20 s
    "02 012c",                            // quorum 300
    "000000000000001e",                   // timelock delay 30 s
    "00000000000003e8",                   // block interval 1000 ms
    "0000000000000001",                   // proposal count 1
    "00000001",                           // 1 latest proposal:
    "00000002 616c", "0000000000000001",  // "al": 1
});

const std::string voter_al = bytes({
    "01",                                       // version
    "00000002 616c",                            // delegate "al"
    "00000001", "0000000000000003", "02 0258",  // 1 checkpoint: from block 3, 600 votes
});
const std::string voter_bo = bytes({"01", "00000002 616c", "00000000"});  // delegates to "al"; no checkpoints

const std::string proposal_1 = bytes({
    "01",             // version
    "00000002 616c",  // proposer "al"
    "00000001",       // 1 action:
    "06",
    "01 55",             //   tag 6 SetCloseFactor, value 0x55
    "00000002 7570",     // description "up"
    "000000000000000f",  // start block 15
    "0000000000000023",  // end block 35
    "02 012c",           // quorum 300
    "0000000000000040",  // eta 0x40
    "02 0258",           // for 600
    "01 02",             // against 2
    "01 03",             // abstain 3
    "00",                // not canceled
    "01",                // executed
    "00000001",          // 1 receipt:
    "00000002 616c",
    "01",
    "02 0258",  // "al" voted for (1) with 600
});

const std::string rewards = bytes({
    "01",                  // version
    "01 64", "01 50",      // funded 100, allocated 80
    "01 3c", "01 28",      // distributed 60, paid 40
    "00000001",            // 1 market:
    "0000",                //   fUSD
    "01 02", "01 03",      //   supply speed 2, borrow speed 3
    initial_index_plus_1,  //   supply index
    initial_index_plus_2,  //   borrow index
    "0000000000000004",    //   supply block 4
    "0000000000000005",    //   borrow block 5
});

const std::string reward_al = bytes({
    "01",                  // version
    "01 14",               // accrued 20
    "00000001",            // 1 market:
    "0000",                //   fUSD
    initial_index_plus_7,  //   supplier index
    "00",                  //   borrower index 0 (the initial one)
});

const std::string rules = bytes({
    "01",                // version
    "00000001",          // rule version 1
    "01",                // an upgrade is scheduled:
    "00000002",          //   to version 2
    "0000000000000064",  //   at block 100
});

// Every record of the scene, by key: "asset/" and "market/" + u16 BE id, "proposal/" +
// u64 BE id, "account/", "voter/" and "reward/" + name.
std::map<std::string, std::string> expected_records() {
  return {
      {"meta", meta},
      {"asset/" + bytes("0000"), asset_usd},
      {"asset/" + bytes("0001"), asset_flux},
      {"market/" + bytes("0000"), market_fusd},
      {"account/al", account_al},
      {"account/bo", account_bo},
      {"account/tl", account_empty},
      {"account/admin", account_empty},
      {"account/lk", account_empty},
      {"governance", governance},
      {"voter/al", voter_al},
      {"voter/bo", voter_bo},
      {"proposal/" + bytes("0000000000000001"), proposal_1},
      {"rewards", rewards},
      {"reward/al", reward_al},
      {"rules", rules},
  };
}

TEST(GoldenRecords, EachEncoderWritesItsFormat) {
  const State s = golden::scene();
  const AccountId al = *s.find_account("al");
  const AccountId bo = *s.find_account("bo");
  EXPECT_EQ(hex(encode_meta(s)), hex(meta));
  EXPECT_EQ(hex(encode_asset(s, 0)), hex(asset_usd));
  EXPECT_EQ(hex(encode_asset(s, 1)), hex(asset_flux));
  EXPECT_EQ(hex(encode_market(s.markets[0])), hex(market_fusd));
  EXPECT_EQ(hex(encode_account(s, al)), hex(account_al));
  EXPECT_EQ(hex(encode_account(s, bo)), hex(account_bo));
  EXPECT_EQ(hex(encode_account(s, *s.find_account("lk"))), hex(account_empty));
  EXPECT_EQ(hex(encode_governance(s)), hex(governance));
  EXPECT_EQ(hex(encode_voter(s, al)), hex(voter_al));
  EXPECT_EQ(hex(encode_voter(s, bo)), hex(voter_bo));
  EXPECT_EQ(hex(encode_proposal(s, s.governance.proposals.at(0))), hex(proposal_1));
  EXPECT_EQ(hex(encode_rewards(s.rewards)), hex(rewards));
  EXPECT_EQ(hex(encode_reward_account(s.rewards.accounts.at(al))), hex(reward_al));
  EXPECT_EQ(hex(encode_rules(s)), hex(rules));
}

TEST(GoldenRecords, RulesWithoutAScheduledUpgrade) {
  State s = golden::scene();
  s.rule_version = 3;
  s.scheduled_upgrade.reset();
  EXPECT_EQ(hex(encode_rules(s)), hex(bytes({"01", "00000003", "00"})));  // version, rule version 3, none scheduled
}

TEST(GoldenRecords, KeysAndTheWholeStateExactly) {
  EXPECT_EQ(meta_key(), "meta");
  EXPECT_EQ(asset_key(0x0102), "asset/" + bytes("0102"));
  EXPECT_EQ(market_key(0x0304), "market/" + bytes("0304"));
  EXPECT_EQ(account_key("0xab"), "account/0xab");
  EXPECT_EQ(governance_key(), "governance");
  EXPECT_EQ(voter_key("al"), "voter/al");
  EXPECT_EQ(proposal_key(0x0102030405060708), "proposal/" + bytes("0102030405060708"));
  EXPECT_EQ(rewards_key(), "rewards");
  EXPECT_EQ(reward_account_key("al"), "reward/al");
  EXPECT_EQ(rules_key(), "rules");

  // encode_state: exactly these records, none more (16: see expected_records).
  const auto encoded = encode_state(golden::scene());
  std::map<std::string, std::string> records(encoded.begin(), encoded.end());
  EXPECT_EQ(encoded.size(), records.size()) << "a record written twice";
  const auto expected = expected_records();
  ASSERT_EQ(expected.size(), 16u);
  EXPECT_EQ(records.size(), expected.size());
  for (const auto& [key, value] : expected) {
    const auto it = records.find(key);
    ASSERT_NE(it, records.end()) << "missing " << hex(key);
    EXPECT_EQ(hex(it->second), hex(value)) << "record " << hex(key);
  }
  for (const auto& [key, value] : records) EXPECT_TRUE(expected.count(key)) << "unexpected record " << hex(key);
}

TEST(GoldenRecords, TheHandWrittenRecordsReadBackAsTheScene) {
  // The other direction: the decoder reads the hand-written bytes as exactly the scene.
  CodecError error;
  const auto decoded = decode_state(expected_records(), error);
  ASSERT_TRUE(decoded) << error.key << ": " << error.detail;
  EXPECT_TRUE(*decoded == golden::scene());
}

}  // namespace
}  // namespace flux::node
