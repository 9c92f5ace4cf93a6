// Events as JSON (node/event_json.hpp): every kind's exact JSON, and its way back.
//
// The expected JSON of each kind is written by hand from the table of docs/rpc.md
// ("Events"): which keys the kind has and which field fills each. The events are
// built by hand too, with values all different from one another, so that two fields
// swapping places, or a key a kind should not have, fails. A kind added to Event
// fails KindsTableHasEveryKind until it has a row here (and does not compile until it
// has its JSON in event_json.cpp).
#include "node/block_json.hpp"

#include "crypto/secp256k1.hpp"

#include <gtest/gtest.h>

#include <set>

namespace flux::node {
namespace {

using json = nlohmann::json;

// Names of accounts 0, 1, 2 (as the node names accounts: lowercase addresses).
const std::string A0 = "0x1111111111111111111111111111111111111111";
const std::string A1 = "0x2222222222222222222222222222222222222222";
const std::string A2 = "0x3333333333333333333333333333333333333333";

// The name tables the JSON reads (block_json reads nothing else of a state):
// assets 0 USD, 1 ETH; markets 0 fUSD, 1 fETH; accounts A0, A1, A2.
State names() {
  State s;
  s.assets.resize(2);
  s.assets[0].symbol = "USD";
  s.assets[1].symbol = "ETH";
  s.markets.resize(2);
  s.markets[0].config.symbol = "fUSD";
  s.markets[1].config.symbol = "fETH";
  s.account_names = {A0, A1, A2};
  return s;
}

struct Row {
  Event event;
  json expected;
};

// One row per kind, in EventKind's order (and a second row for the edge cases: a
// protocol-wide parameter, a delegation to no one).
std::vector<Row> rows() {
  const U256 big = U256(1) << 200;  // an amount no 64-bit field could hold
  return {
      {InterestAccrued{.market = 1, .interest = 11, .borrow_index = big},
       {{"event", "interest_accrued"}, {"market", "fETH"}, {"amount", "11"}, {"amount2", big.str()}}},
      {Minted{.market = 0, .account = 1, .underlying = 12, .tokens = 13},
       {{"event", "minted"}, {"market", "fUSD"}, {"account", A1}, {"amount", "12"}, {"amount2", "13"}}},
      {Redeemed{.market = 1, .account = 2, .underlying = 14, .tokens = 15},
       {{"event", "redeemed"}, {"market", "fETH"}, {"account", A2}, {"amount", "14"}, {"amount2", "15"}}},
      {Borrowed{.market = 0, .account = 2, .amount = 16, .borrow_balance = 17},
       {{"event", "borrowed"}, {"market", "fUSD"}, {"account", A2}, {"amount", "16"}, {"amount2", "17"}}},
      {Repaid{.market = 1, .payer = 0, .borrower = 2, .amount = 18, .borrow_balance = 19},
       {{"event", "repaid"}, {"market", "fETH"}, {"account", A0}, {"other", A2}, {"amount", "18"}, {"amount2", "19"}}},
      {Transferred{.market = 0, .from = 2, .to = 1, .tokens = 20},
       {{"event", "transferred"}, {"market", "fUSD"}, {"account", A2}, {"other", A1}, {"amount", "20"}}},
      {Liquidated{.market = 0, .liquidator = 1, .borrower = 2, .repaid = 21, .tokens_seized = 22},
       {{"event", "liquidated"},
        {"market", "fUSD"},
        {"account", A1},
        {"other", A2},
        {"amount", "21"},
        {"amount2", "22"}}},
      {Seized{.market = 1, .liquidator = 1, .borrower = 2, .liquidator_tokens = 23, .protocol_tokens = 24},
       {{"event", "seized"}, {"market", "fETH"}, {"account", A1}, {"other", A2}, {"amount", "23"}, {"amount2", "24"}}},
      {ReservesAdded{.market = 0, .account = 0, .amount = 25},
       {{"event", "reserves_added"}, {"market", "fUSD"}, {"account", A0}, {"amount", "25"}}},
      {ReservesReduced{.market = 1, .account = 2, .amount = 26},
       {{"event", "reserves_reduced"}, {"market", "fETH"}, {"account", A2}, {"amount", "26"}}},
      // No amount: "amount" is "0" (docs/rpc.md).
      {MarketEntered{.market = 1, .account = 1},
       {{"event", "market_entered"}, {"market", "fETH"}, {"account", A1}, {"amount", "0"}}},
      {MarketExited{.market = 0, .account = 2},
       {{"event", "market_exited"}, {"market", "fUSD"}, {"account", A2}, {"amount", "0"}}},
      {ParameterChanged{.market = 1, .value = 27},
       {{"event", "parameter_changed"}, {"market", "fETH"}, {"amount", "27"}}},
      {FaucetPaid{.asset = 1, .account = 2, .amount = 28},
       {{"event", "faucet"}, {"asset", "ETH"}, {"account", A2}, {"amount", "28"}}},
      {ComplianceChanged{.account = 1, .kyc_group = 29, .added = true},
       {{"event", "compliance_changed"}, {"account", A1}, {"amount", "29"}, {"amount2", "1"}}},
      {MarketListed{.market = 1, .seed_holder = 0, .seed_underlying = 30, .seed_tokens = 31},
       {{"event", "market_listed"}, {"market", "fETH"}, {"account", A0}, {"amount", "30"}, {"amount2", "31"}}},
      {AssetIssued{.asset = 0, .recipient = 2, .amount = 32},
       {{"event", "asset_issued"}, {"asset", "USD"}, {"account", A2}, {"amount", "32"}}},
      {AssetBurnt{.asset = 1, .issuer = 1, .amount = 33},
       {{"event", "asset_burnt"}, {"asset", "ETH"}, {"account", A1}, {"amount", "33"}}},
      {AssetTransferred{.asset = 0, .from = 1, .to = 0, .amount = 34},
       {{"event", "asset_transferred"}, {"asset", "USD"}, {"account", A1}, {"other", A0}, {"amount", "34"}}},
      {RoleChanged{.account = 2, .kyc_group = 35, .granted = false},
       {{"event", "role_changed"}, {"account", A2}, {"amount", "35"}, {"amount2", "0"}}},
      {DelegateChanged{.delegator = 1, .delegate = 2},
       {{"event", "delegate_changed"}, {"account", A1}, {"other", A2}, {"amount", "0"}}},
      {VotesChanged{.delegate = 2, .before = 36, .after = 37},
       {{"event", "votes_changed"}, {"account", A2}, {"amount", "36"}, {"amount2", "37"}}},
      {ProposalCreated{
           .proposal = 38, .proposer = 1, .start_block = 39, .end_block = 40, .description = "List WETH\nmore"},
       {{"event", "proposal_created"},
        {"proposal", 38},
        {"account", A1},
        {"amount", "39"},
        {"amount2", "40"},
        {"text", "List WETH\nmore"}}},
      {VoteCast{.proposal = 41, .voter = 0, .votes = 42, .support = 2, .reason = "why not"},
       {{"event", "vote_cast"},
        {"proposal", 41},
        {"account", A0},
        {"amount", "42"},
        {"amount2", "2"},
        {"text", "why not"}}},
      {ProposalCanceled{.proposal = 43, .canceled_by = 2},
       {{"event", "proposal_canceled"}, {"proposal", 43}, {"account", A2}, {"amount", "0"}}},
      {ProposalQueued{.proposal = 44, .queued_by = 1, .eta = 45},
       {{"event", "proposal_queued"}, {"proposal", 44}, {"account", A1}, {"amount", "45"}}},
      {ProposalExecuted{.proposal = 46, .executed_by = 0},
       {{"event", "proposal_executed"}, {"proposal", 46}, {"account", A0}, {"amount", "0"}}},
      {RewardSpeedsSet{.market = 0, .supply_speed = 47, .borrow_speed = 48},
       {{"event", "reward_speeds_set"}, {"market", "fUSD"}, {"amount", "47"}, {"amount2", "48"}}},
      {RewardsFunded{.funder = 0, .amount = 49, .reserve_after = 50},
       {{"event", "rewards_funded"}, {"account", A0}, {"amount", "49"}, {"amount2", "50"}}},
      {RewardsClaimed{.claimer = 1, .amount = 51, .reserve_after = 52},
       {{"event", "rewards_claimed"}, {"account", A1}, {"amount", "51"}, {"amount2", "52"}}},
      {SupplierRewardsDistributed{.market = 1, .supplier = 2, .credited = 53, .supply_index = big + 1},
       {{"event", "supplier_rewards_distributed"},
        {"market", "fETH"},
        {"account", A2},
        {"amount", "53"},
        {"amount2", (big + 1).str()}}},
      {BorrowerRewardsDistributed{.market = 0, .borrower = 1, .credited = 54, .borrow_index = 55},
       {{"event", "borrower_rewards_distributed"},
        {"market", "fUSD"},
        {"account", A1},
        {"amount", "54"},
        {"amount2", "55"}}},
      {UpgradeScheduled{.scheduled_by = 2, .version = 56, .activation_block = 57},
       {{"event", "upgrade_scheduled"}, {"account", A2}, {"amount", "56"}, {"amount2", "57"}}},
      {UpgradeCanceled{.canceled_by = 0, .version = 58, .activation_block = 59},
       {{"event", "upgrade_canceled"}, {"account", A0}, {"amount", "58"}, {"amount2", "59"}}},
      {RuleVersionActivated{.version = 60, .activation_block = 61},
       {{"event", "rule_version_activated"}, {"amount", "60"}, {"amount2", "61"}}},
      // Edge cases: a protocol-wide setting has no market; a delegation to no one
      // names "" as the delegate.
      {ParameterChanged{.market = no_market, .value = 62}, {{"event", "parameter_changed"}, {"amount", "62"}}},
      {DelegateChanged{.delegator = 2, .delegate = no_account},
       {{"event", "delegate_changed"}, {"account", A2}, {"other", ""}, {"amount", "0"}}},
  };
}

TEST(EventJson, KindsTableHasEveryKind) {
  std::set<std::size_t> kinds;
  for (const Row& row : rows()) kinds.insert(row.event.index());
  EXPECT_EQ(kinds.size(), std::variant_size_v<Event>);
  EXPECT_EQ(std::variant_size_v<Event>, static_cast<std::size_t>(event_kind_count));
}

TEST(EventJson, EveryKindWritesTheDocumentedJson) {
  const State s = names();
  for (const Row& row : rows()) {
    const json written = event_json(row.event, s);
    EXPECT_EQ(written, row.expected) << event_name(row.event) << ": " << written.dump();
    // The stored form is this JSON's CBOR: keys in the same (sorted) order, so the
    // same bytes as before events were typed.
    EXPECT_EQ(written.dump(), row.expected.dump());
  }
}

TEST(EventJson, EveryKindReadsBackFromItsJson) {
  const State s = names();
  const EventReader reader(s);
  for (const Row& row : rows()) EXPECT_EQ(reader.read(row.expected), row.event) << row.expected.dump();
}

// One signed transaction (any will do: decode_block checks only that it parses) and
// one receipt holding every event, through encode_block and decode_block with names.
TEST(EventJson, EveryKindRoundTripsThroughAStoredBlock) {
  std::array<std::uint8_t, 32> key_bytes{};
  key_bytes[31] = 7;
  const auto key = crypto::PrivateKey::from_bytes(crypto::ByteView(key_bytes.data(), key_bytes.size())).value();
  crypto::TypedStruct m;
  m.primary_type = "Accrue";
  m.fields.push_back({"sender", "address", crypto::address_of(key)});
  m.fields.push_back({"nonce", "uint64", U256(0)});
  m.fields.push_back({"market", "string", std::string("fUSD")});

  Block block;
  block.header.number = 3;
  block.header.time_ms = 4000;
  block.transactions.push_back(sign_transaction(m, 31337, key));
  Receipt receipt;
  receipt.transaction_hash = transaction_hash(block.transactions[0], 31337);
  receipt.type = "Accrue";
  for (const Row& row : rows()) receipt.events.push_back(row.event);
  block.receipts.push_back(receipt);

  const State s = names();
  std::string error;
  const auto back = decode_block(encode_block(block, s), s, error);
  ASSERT_TRUE(back.has_value()) << error;
  ASSERT_EQ(back->receipts.size(), 1u);
  EXPECT_EQ(back->receipts[0].events, receipt.events);
  // Without names, decode_block restores no events (replay needs none).
  const auto bare = decode_block(encode_block(block, s), error);
  ASSERT_TRUE(bare.has_value()) << error;
  EXPECT_TRUE(bare->receipts[0].events.empty());
}

TEST(EventJson, ReaderRefusesWhatNoEventWrites) {
  const State s = names();
  const EventReader reader(s);
  const auto refuses = [&reader](const json& j, const std::string& why) {
    try {
      reader.read(j);
      ADD_FAILURE() << "read " << j.dump();
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  refuses({{"event", "printed"}, {"amount", "0"}}, "unknown event printed");
  refuses({{"event", "minted"}, {"market", "fXYZ"}, {"account", A0}, {"amount", "1"}, {"amount2", "1"}},
          "unknown market fXYZ");
  refuses({{"event", "minted"}, {"market", "fUSD"}, {"account", "0x9"}, {"amount", "1"}, {"amount2", "1"}},
          "unknown account 0x9");
  refuses({{"event", "minted"}, {"market", "fUSD"}, {"account", A0}, {"amount", "1"}}, "no \"amount2\" string");
  refuses({{"event", "minted"}, {"market", "fUSD"}, {"account", A0}, {"amount", "-1"}, {"amount2", "1"}},
          "\"amount\" is not a decimal amount");
  // "granted" is 1 or 0; a version fits 32 bits.
  refuses({{"event", "role_changed"}, {"account", A0}, {"amount", "0"}, {"amount2", "2"}}, "\"amount2\" is too large");
  refuses({{"event", "rule_version_activated"}, {"amount", "4294967296"}, {"amount2", "1"}}, "\"amount\" is too large");
}

}  // namespace
}  // namespace flux::node
