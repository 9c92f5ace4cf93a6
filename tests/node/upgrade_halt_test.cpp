// The chain at a protocol upgrade (engine/upgrade.hpp): an admin schedules rule
// version 3, which this build does not implement, and the chain produces, replays
// and admits nothing at or past its activation block; the schedule survives a
// restart from the stored records; a cancel before the block lets it go on. And
// version 2, which it implements: from the first successful request at its block, the
// header's state hash is the state root (engine/state_root.hpp) kept from change sets.
#include "node/chain.hpp"
#include "node/state_codec.hpp"

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/state_hash.hpp"
#include "engine/state_root.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

using crypto::Field;
using crypto::PrivateKey;
using crypto::TypedStruct;

constexpr std::uint64_t kChain = 31337;
constexpr char kHaltAt14[] =
    "protocol rule version 3 activates at block 14; this fluxd implements up to version 2: upgrade fluxd";

PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}

// Key 1 is the admin (and every other role); key 2 a user. One market, fUSD. The
// genesis is at block 10, so the first block is 11.
struct Net {
  PrivateKey admin = key(1), alice = key(2);
  State genesis;
  Net() {
    genesis.blocks_per_year = 1'000'000;
    genesis.block = 10;
    genesis.risk.close_factor = mantissa_one() / 2;
    genesis.risk.liquidation_incentive = mantissa_one();
    const AccountId a = genesis.account_id(account_name(crypto::address_of(admin)));
    genesis.roles.admin = genesis.roles.oracle = genesis.roles.pause_guardian = genesis.roles.compliance = a;
    MarketConfig c;
    c.symbol = "fUSD";
    c.asset = genesis.add_asset("USD", 18);
    c.initial_exchange_rate = mantissa_one();
    c.price = mantissa_one();
    c.rate_model = make_rate_model(RateModelParams{}, genesis.blocks_per_year);
    genesis.add_market(std::move(c), genesis.block);
  }
};

TypedStruct message(const char* type, const PrivateKey& from, std::uint64_t nonce, std::vector<Field> own) {
  TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", crypto::address_of(from)});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}
Transaction schedule(const PrivateKey& from, std::uint64_t nonce, std::uint32_t version, std::uint64_t activation) {
  return sign_transaction(
      message("ScheduleUpgrade", from, nonce,
              {{"version", "uint32", U256(version)}, {"activationBlock", "uint64", U256(activation)}}),
      kChain, from);
}
Transaction accrue(const PrivateKey& from, std::uint64_t nonce) {
  return sign_transaction(message("Accrue", from, nonce, {{"market", "string", std::string("fUSD")}}), kChain, from);
}

// A chain whose block 11 scheduled version 3 at block 14, then produced 12 and 13.
struct Scheduled {
  Net n;
  Chain chain{kChain, n.genesis};
  std::vector<Block> blocks;
  std::map<std::string, std::string> records;
  Scheduled() {
    for (auto& [k, v] : chain.all_records()) records[k] = v;
    EXPECT_TRUE(chain.submit(schedule(n.admin, 0, 3, 14)).ok());
    for (std::uint64_t t = 1; t <= 3; ++t) {
      blocks.push_back(chain.produce_block(t * 1000));
      for (auto& [k, v] : chain.take_changes()) records[k] = v;
    }
  }
};

TEST(UpgradeHalt, TheScheduleIsATransactionOfTheAdminOnly) {
  Net n;
  Chain chain(kChain, n.genesis);
  auto refused = chain.submit(schedule(n.alice, 0, 3, 14));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, Rejection::unauthorized);
  ASSERT_TRUE(chain.submit(schedule(n.admin, 0, 3, 14)).ok());
  const Block b = chain.produce_block(1000);
  ASSERT_EQ(b.receipts.size(), 1u);
  EXPECT_EQ(b.receipts[0].error, Error::ok);
  ASSERT_EQ(b.receipts[0].events.size(), 1u);
  EXPECT_EQ(kind_of(b.receipts[0].events[0]), EventKind::upgrade_scheduled);
  ASSERT_TRUE(chain.state().scheduled_upgrade.has_value());
  EXPECT_EQ(*chain.state().scheduled_upgrade, (ScheduledUpgrade{3, 14}));
}

TEST(UpgradeHalt, ProducesUpToTheBlockBeforeActivationThenRefuses) {
  Scheduled s;
  EXPECT_EQ(s.blocks.back().header.number, 13u);
  ASSERT_TRUE(s.chain.upgrade_halt().has_value());
  EXPECT_EQ(*s.chain.upgrade_halt(), kHaltAt14);
  EXPECT_THROW(s.chain.produce_block(4000), UpgradeRequired);
  EXPECT_EQ(s.chain.head().number, 13u);  // the refusal changed nothing
  auto refused = s.chain.submit(accrue(s.n.alice, 0));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, Rejection::upgrade_required);
  EXPECT_EQ(refused.error().detail, kHaltAt14);
  EXPECT_EQ(s.chain.pending(), 0u);
}

TEST(UpgradeHalt, NotHaltedOneBlockEarlier) {
  Net n;
  Chain chain(kChain, n.genesis);
  ASSERT_TRUE(chain.submit(schedule(n.admin, 0, 3, 14)).ok());
  chain.produce_block(1000);  // 11
  chain.produce_block(2000);  // 12: the next is 13, still version 1
  EXPECT_FALSE(chain.upgrade_halt().has_value());
  EXPECT_TRUE(chain.submit(accrue(n.alice, 0)).ok());
  const Block b13 = chain.produce_block(3000);
  ASSERT_EQ(b13.receipts.size(), 1u);
  EXPECT_EQ(b13.receipts[0].error, Error::ok);  // block 13 runs under version 1
  EXPECT_TRUE(chain.upgrade_halt().has_value());
}

TEST(UpgradeHalt, ReplayStopsAtTheActivationBlockWithTheSameMessage) {
  Scheduled s;
  Chain replica(kChain, s.n.genesis);
  for (const Block& b : s.blocks) ASSERT_EQ(replica.replay_block(b), std::nullopt) << b.header.number;
  EXPECT_EQ(replica.node_state_hash(), s.chain.node_state_hash());
  // A block 14, as a build implementing version 3 could have made it: refused.
  Block next;
  next.header.number = 14;
  next.header.time_ms = 4000;
  next.header.parent_hash = replica.head().hash();
  const auto refused = replica.replay_block(next);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(*refused, kHaltAt14);
  EXPECT_EQ(replica.head().number, 13u);
}

TEST(UpgradeHalt, ARestartFromTheStoredRecordsRefusesAgain) {
  Scheduled s;
  ASSERT_TRUE(s.records.contains(rules_key()));
  std::string error;
  auto resumed = Chain::resume(kChain, s.records, s.blocks.back().header, {}, error);
  ASSERT_TRUE(resumed.has_value()) << error;
  EXPECT_EQ(resumed->node_state_hash(), s.chain.node_state_hash());
  EXPECT_EQ(resumed->state().scheduled_upgrade, s.chain.state().scheduled_upgrade);
  ASSERT_TRUE(resumed->upgrade_halt().has_value());
  EXPECT_EQ(*resumed->upgrade_halt(), kHaltAt14);
  // Schema 2 records always hold the rules: a state without them is refused, not guessed.
  auto without = s.records;
  without.erase(rules_key());
  EXPECT_FALSE(Chain::resume(kChain, without, s.blocks.back().header, {}, error).has_value());
  EXPECT_NE(error.find("rules"), std::string::npos) << error;
}

TEST(UpgradeHalt, ACancelBeforeTheBlockLetsTheChainGoOn) {
  Net n;
  Chain chain(kChain, n.genesis);
  ASSERT_TRUE(chain.submit(schedule(n.admin, 0, 3, 14)).ok());
  chain.produce_block(1000);                                   // 11
  ASSERT_TRUE(chain.submit(schedule(n.admin, 1, 1, 0)).ok());  // cancel: the current version, block 0
  const Block b12 = chain.produce_block(2000);
  ASSERT_EQ(b12.receipts.size(), 1u);
  EXPECT_EQ(b12.receipts[0].error, Error::ok);
  EXPECT_FALSE(chain.state().scheduled_upgrade.has_value());
  for (std::uint64_t t = 3; t <= 5; ++t) EXPECT_NO_THROW(chain.produce_block(t * 1000));
  EXPECT_EQ(chain.head().number, 15u);
  EXPECT_FALSE(chain.upgrade_halt().has_value());
}

TEST(UpgradeHalt, RulesRecordRoundTripsAndRejectsNonsense) {
  State s;
  s.rule_version = 3;
  s.scheduled_upgrade = ScheduledUpgrade{7, 1'000'000'000'000ULL};
  const std::string bytes = encode_rules(s);
  // version byte 1, u32 3, flag 1, u32 7, u64 10^12
  EXPECT_EQ(bytes, std::string("\x01\x00\x00\x00\x03\x01\x00\x00\x00\x07\x00\x00\x00\xe8\xd4\xa5\x10\x00", 18));
  Net n;
  std::map<std::string, std::string> records;
  for (auto& [k, v] : encode_state(n.genesis)) records[k] = v;
  records[rules_key()] = bytes;
  CodecError error;
  auto decoded = decode_state(records, error);
  ASSERT_TRUE(decoded.has_value()) << error.key << ": " << error.detail;
  EXPECT_EQ(decoded->rule_version, 3u);
  EXPECT_EQ(decoded->scheduled_upgrade, s.scheduled_upgrade);
  // A schedule not above the version, rule version 0, a truncated record: refused.
  for (const std::string& bad :
       {std::string("\x01\x00\x00\x00\x03\x01\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x09", 18),
        std::string("\x01\x00\x00\x00\x00\x00", 6), std::string("\x01\x00\x00", 3)}) {
    records[rules_key()] = bad;
    EXPECT_FALSE(decode_state(records, error).has_value());
    EXPECT_EQ(error.key, rules_key());
  }
}

Transaction borrow(const PrivateKey& from, std::uint64_t nonce) {
  return sign_transaction(
      message("Borrow", from, nonce, {{"market", "string", std::string("fUSD")}, {"amount", "uint256", U256(1)}}),
      kChain, from);
}

// The node's hash under version 1, as chain.hpp describes it: Keccak-256 of the tag,
// the engine's flat hash and each nonce (address, u64) in address order.
crypto::Hash32 flat_node_hash(const Chain& chain, const std::vector<PrivateKey>& senders) {
  crypto::Bytes bytes;
  for (char c : std::string("flux-node-state-v1")) bytes.push_back(static_cast<std::uint8_t>(c));
  const StateHash engine = state_hash(chain.state());
  bytes.insert(bytes.end(), engine.begin(), engine.end());
  std::map<crypto::Address20, std::uint64_t> nonces;
  for (const PrivateKey& k : senders)
    if (const std::uint64_t n = chain.confirmed_nonce(crypto::address_of(k)); n > 0) nonces[crypto::address_of(k)] = n;
  for (const auto& [address, nonce] : nonces) {
    bytes.insert(bytes.end(), address.bytes.begin(), address.bytes.end());
    for (int i = 7; i >= 0; --i) bytes.push_back(static_cast<std::uint8_t>(nonce >> (8 * i)));
  }
  return crypto::keccak256(crypto::ByteView(bytes));
}

// The node's hash under version 2, as chain.hpp describes it: the state root over the
// engine's entries and a leaf per nonce (0xFF || address -> big-endian u64).
crypto::Hash32 root_node_hash(const Chain& chain, const std::vector<PrivateKey>& senders) {
  MerkleMap map;
  put_state(map, chain.state());
  for (const PrivateKey& k : senders) {
    const crypto::Address20 address = crypto::address_of(k);
    const std::uint64_t nonce = chain.confirmed_nonce(address);
    if (nonce == 0) continue;
    std::string key(1, '\xFF'), value;
    key.append(address.bytes.begin(), address.bytes.end());
    for (int i = 7; i >= 0; --i) value.push_back(static_cast<char>((nonce >> (8 * i)) & 0xFF));
    map.put(key, value);
  }
  const StateHash root = map.root();
  crypto::Hash32 out;
  std::copy(root.begin(), root.end(), out.bytes.begin());
  return out;
}

TEST(StateRootUpgrade, VersionTwoMakesTheHeaderHashTheStateRootFromItsFirstSuccessfulRequest) {
  Net n;
  const std::vector<PrivateKey> senders{n.admin, n.alice};
  Chain chain(kChain, n.genesis);
  std::map<std::string, std::string> records;
  for (auto& [k, v] : chain.all_records()) records[k] = v;
  std::vector<Block> blocks;
  // (Each block is produced before its expected hash is computed: the order in which
  // a call's arguments are evaluated is unspecified.)
  const auto produce = [&](std::uint64_t t) {
    blocks.push_back(chain.produce_block(t * 1000));
    for (auto& [k, v] : chain.take_changes()) records[k] = v;
    return blocks.back();
  };
  ASSERT_TRUE(chain.submit(schedule(n.admin, 0, 2, 13)).ok());
  Block b = produce(1);  // 11: scheduled
  EXPECT_EQ(b.header.state_hash, flat_node_hash(chain, senders));
  ASSERT_TRUE(chain.submit(accrue(n.alice, 0)).ok());
  b = produce(2);  // 12: still version 1
  EXPECT_EQ(b.header.state_hash, flat_node_hash(chain, senders));
  // 13, the activation block: a failed request activates nothing, so the state is
  // still under version 1 and so is its hash (only the nonce moved).
  ASSERT_TRUE(chain.submit(borrow(n.alice, 1)).ok());
  b = produce(3);
  ASSERT_EQ(b.receipts.size(), 1u);
  EXPECT_NE(b.receipts[0].error, Error::ok);
  EXPECT_EQ(chain.state().rule_version, 1u);
  EXPECT_EQ(b.header.state_hash, flat_node_hash(chain, senders));
  // 14: the first success writes version 2; from here the header carries the root.
  ASSERT_TRUE(chain.submit(accrue(n.alice, 2)).ok());
  b = produce(4);
  ASSERT_EQ(b.receipts[0].error, Error::ok);
  EXPECT_EQ(kind_of(b.receipts[0].events.front()), EventKind::rule_version_activated);
  EXPECT_EQ(chain.state().rule_version, 2u);
  EXPECT_EQ(b.header.state_hash, root_node_hash(chain, senders));
  EXPECT_NE(b.header.state_hash, flat_node_hash(chain, senders));
  // 15 empty: the parent's hash. 16, 17: the kept root is the rebuilt one.
  const crypto::Hash32 at_14 = b.header.state_hash;
  EXPECT_EQ(produce(5).header.state_hash, at_14);
  for (std::uint64_t t = 6; t <= 7; ++t) {
    ASSERT_TRUE(chain.submit(accrue(n.alice, t - 3)).ok());
    ASSERT_TRUE(chain.submit(accrue(n.admin, t - 5)).ok());
    b = produce(t);
    EXPECT_EQ(b.header.state_hash, root_node_hash(chain, senders)) << t;
  }
  // A replay from genesis and a restart from the stored records agree.
  Chain replica(kChain, n.genesis);
  for (const Block& block : blocks) ASSERT_EQ(replica.replay_block(block), std::nullopt) << block.header.number;
  EXPECT_EQ(replica.node_state_hash(), chain.head().state_hash);
  std::string error;
  auto resumed = Chain::resume(kChain, records, chain.head(), {}, error);
  ASSERT_TRUE(resumed.has_value()) << error;
  EXPECT_EQ(resumed->node_state_hash(), chain.head().state_hash);
  // A copy builds its own map: producing on it does not move the original's.
  Chain copy = chain;
  ASSERT_TRUE(copy.submit(accrue(n.alice, 5)).ok());
  copy.produce_block(8000);
  EXPECT_EQ(chain.node_state_hash(), chain.head().state_hash);
  EXPECT_EQ(copy.node_state_hash(), copy.rebuilt_state_hash());
  EXPECT_NE(copy.node_state_hash(), chain.node_state_hash());
}

}  // namespace
}  // namespace flux::node
