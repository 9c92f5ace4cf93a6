// A Flux Protocol chain in the node: a genesis file with protocol = "flux-protocol"
// (config/dev-flux.toml's schema), signed transactions applied at their block's time
// (interest accrues per second), and the deployment's records (the protocol record,
// each pool's terms and escalator, each account's joined markets and allowances)
// stored and read back, so a restart and a replay reach the same state hash.
#include "node/chain.hpp"
#include "node/genesis/genesis.hpp"
#include "node/state_codec.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/state_hash.hpp"
#include "scenario/protocol_trace.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace flux::node {
namespace {

using crypto::Address20;
using crypto::Field;
using crypto::PrivateKey;
using crypto::TypedStruct;

constexpr std::uint64_t kChain = 31338;
constexpr std::uint64_t kStart = 1'700'000'000;  // the genesis's time, seconds

PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}
Address20 addr(const PrivateKey& k) { return crypto::address_of(k); }
std::string hex(const PrivateKey& k) { return account_name(addr(k)); }
U256 e18(std::uint64_t n) { return U256(n) * mantissa_one(); }

// Keys 1..3: the admin (also the oracle), alice, bob. The Guard is an address no key controls.
struct Net {
  PrivateKey admin = key(1), alice = key(2), bob = key(3);
  State genesis;

  Net() {
    const std::string toml = R"(protocol = "flux-protocol"
chain_id = 31338
start_time = 1700000000
rule_version = 2
[roles]
admin = ")" + hex(admin) + R"("
oracle = ")" + hex(admin) + R"("
[flux_protocol]
guard = "0x000000000000000000000000000000000000600d"
[[assets]]
symbol = "USDT"
decimals = 18
[[assets]]
symbol = "WBTC"
decimals = 8
[[markets]]
symbol = "fUSDT"
asset = "USDT"
collateral_ratio = "1.25"
price = "1"
[[markets]]
symbol = "fWBTC"
asset = "WBTC"
collateral_ratio = "1.5"
price = "30000"
[[balances]]
account = ")" + hex(alice) + R"("
asset = "WBTC"
amount = "2"
[[balances]]
account = ")" + hex(bob) + R"("
asset = "USDT"
amount = "1000000"
)";
    genesis = genesis::build_genesis(genesis::parse_genesis_config(toml, "flux.toml")).state;
  }
};

TypedStruct message(const char* type, const PrivateKey& from, std::uint64_t nonce, std::vector<Field> own) {
  TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", addr(from)});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}
Transaction signed_by(const PrivateKey& from, std::uint64_t nonce, const char* type, std::vector<Field> own) {
  return sign_transaction(message(type, from, nonce, std::move(own)), kChain, from);
}
Transaction market_amount(const char* type, const PrivateKey& from, std::uint64_t nonce, const char* market,
                          const U256& amount) {
  return signed_by(from, nonce, type, {{"market", "string", std::string(market)}, {"amount", "uint256", amount}});
}
std::uint64_t at(std::uint64_t seconds_after_start) { return (kStart + seconds_after_start) * 1'000; }

// The stored records after applying changes (an empty value deletes, as the store does).
void store(std::map<std::string, std::string>& stored,
           const std::vector<std::pair<std::string, std::string>>& changes) {
  for (const auto& [k, v] : changes) {
    if (v.empty()) stored.erase(k);
    else stored[k] = v;
  }
}

// Three blocks: bob supplies USDT and alice WBTC; alice borrows USDT and lets bob move
// some of her fWBTC; an hour later bob accrues the USDT pool.
std::vector<Block> three_blocks(const Net& n, Chain& live, std::map<std::string, std::string>& stored) {
  std::vector<Block> blocks;
  EXPECT_TRUE(live.submit(market_amount("Mint", n.bob, 0, "fUSDT", e18(500'000))).ok());
  EXPECT_TRUE(live.submit(market_amount("Mint", n.alice, 0, "fWBTC", U256(100'000'000))).ok());  // 1 WBTC
  blocks.push_back(live.produce_block(at(10)));
  store(stored, live.take_changes());
  EXPECT_TRUE(live.submit(market_amount("Borrow", n.alice, 1, "fUSDT", e18(10'000))).ok());
  EXPECT_TRUE(live.submit(signed_by(n.alice, 2, "Approve",
                                    {{"spender", "address", addr(n.bob)},
                                     {"market", "string", std::string("fWBTC")},
                                     {"tokens", "uint256", U256(1'000)}}))
                  .ok());
  blocks.push_back(live.produce_block(at(100)));
  store(stored, live.take_changes());
  EXPECT_TRUE(live.submit(signed_by(n.bob, 1, "Accrue", {{"market", "string", std::string("fUSDT")}})).ok());
  blocks.push_back(live.produce_block(at(3'700)));
  store(stored, live.take_changes());
  return blocks;
}

TEST(FluxProtocolChain, TransactionsRunAtTheirBlocksTime) {
  Net n;
  Chain live(kChain, n.genesis);
  EXPECT_EQ(live.head().time_ms, kStart * 1'000);  // no block is stamped before the genesis
  std::map<std::string, std::string> stored;
  const std::vector<Block> blocks = three_blocks(n, live, stored);
  for (const Block& b : blocks)
    for (const Receipt& r : b.receipts) EXPECT_EQ(r.error, Error::ok) << r.type << ": " << error_name(r.error);
  for (const std::string& report : live.take_invariant_reports()) ADD_FAILURE() << report;
  const State& s = live.state();
  EXPECT_EQ(s.protocol, Protocol::flux_protocol);
  EXPECT_EQ(s.time, kStart + 3'700);
  const MarketId usdt = *s.market_by_symbol("fUSDT");
  const MarketId wbtc = *s.market_by_symbol("fWBTC");
  // The pool accrued at the last block's time, in seconds; 3,600 s of interest on the
  // 10,000 USDT borrowed 100 s after block 1 (the rate is positive at 2% utilization).
  EXPECT_EQ(s.markets[usdt].book.accrual_block, kStart + 3'700);
  EXPECT_GT(s.markets[usdt].book.total_borrows, e18(10'000));
  EXPECT_EQ(s.markets[wbtc].book.accrual_block, kStart + 10);  // untouched since alice's supply
  // alice is in fWBTC (supplied first) then fUSDT (borrowed), and bob may move 1,000
  // of her fWBTC units.
  const AccountId alice = *s.find_account(hex(n.alice));
  const AccountId bob = *s.find_account(hex(n.bob));
  const flux_protocol::ProtocolAccount& pa = s.protocol_accounts.at(alice);
  EXPECT_EQ(pa.joined, (std::vector<std::uint16_t>{wbtc, usdt}));
  EXPECT_EQ(pa.allowance(wbtc, bob), U256(1'000));
}

TEST(FluxProtocolChain, RefusesCompoundsOwnTransactionsAtAdmission) {
  Net n;
  Chain live(kChain, n.genesis);
  const auto r = live.submit(signed_by(n.admin, 0, "SetCloseFactor", {{"value", "uint256", e18(1) / 2}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(rejection_name(r.error().kind), "would_fail");
  EXPECT_NE(r.error().detail.find("wrong_protocol"), std::string::npos) << r.error().detail;
}

TEST(FluxProtocolChain, ARestartAndAReplayReachTheSameState) {
  Net n;
  Chain live(kChain, n.genesis);
  std::map<std::string, std::string> stored;
  store(stored, live.all_records());
  const std::vector<Block> blocks = three_blocks(n, live, stored);
  // The deployment's records are there, beside Compound's.
  EXPECT_EQ(stored.count(protocol_key()), 1U);
  EXPECT_EQ(stored.count(pool_key(0)), 1U);
  EXPECT_EQ(stored.count(protocol_account_key(hex(n.alice))), 1U);

  std::string error;
  auto resumed = Chain::resume(kChain, stored, blocks.back().header, {}, error);
  ASSERT_TRUE(resumed.has_value()) << error;
  EXPECT_EQ(resumed->node_state_hash(), live.node_state_hash());
  EXPECT_EQ(state_hash(resumed->state()), state_hash(live.state()));
  EXPECT_EQ(resumed->state().protocol_accounts, live.state().protocol_accounts);

  Chain replica(kChain, n.genesis);
  for (const Block& b : blocks) ASSERT_EQ(replica.replay_block(b), std::nullopt);
  EXPECT_EQ(replica.head().hash(), live.head().hash());

  // A damaged deployment record is refused, naming it: a pool status that does not
  // exist, a byte too many, a missing pool.
  auto altered = stored;
  flux_protocol::PoolTerms bad = live.state().markets[0].pool;
  bad.status = static_cast<flux_protocol::MarketStatus>(3);
  altered[pool_key(0)] = encode_pool(bad);
  EXPECT_FALSE(Chain::resume(kChain, altered, blocks.back().header, {}, error).has_value());
  EXPECT_NE(error.find(pool_key(0)), std::string::npos) << error;
  altered = stored;
  altered[protocol_key()] += '\0';
  EXPECT_FALSE(Chain::resume(kChain, altered, blocks.back().header, {}, error).has_value());
  EXPECT_NE(error.find("left over"), std::string::npos) << error;
  altered = stored;
  altered.erase(pool_key(1));
  EXPECT_FALSE(Chain::resume(kChain, altered, blocks.back().header, {}, error).has_value());
  EXPECT_NE(error.find(pool_key(1)), std::string::npos) << error;
}

// Every part of a deployment after 469 steps of the reference's random trace
// (liquidations, margin calls, credit lines, allowances, a stopped pool) survives
// being written and read back: the same state hash.
TEST(FluxProtocolRecords, AWholeTracesStateRoundTrips) {
  std::ifstream in(std::string(FLUX_PROTOCOL_VECTORS) + "/random-1.json");
  scenario::TraceResult r = scenario::replay_protocol_trace(in);
  ASSERT_TRUE(r.passed());
  State& s = r.final_state;
  s.parameter_rules = ParameterRules::flux;  // the node's (the trace ran the reference's)
  ASSERT_FALSE(s.protocol_accounts.empty());
  std::map<std::string, std::string> records;
  for (auto& [k, v] : encode_state(s)) records[k] = v;
  CodecError error;
  const std::optional<State> back = decode_state(records, error);
  ASSERT_TRUE(back.has_value()) << error.key << ": " << error.detail;
  EXPECT_EQ(state_hash(*back), state_hash(s));
  EXPECT_EQ(back->protocol_settings, s.protocol_settings);
  EXPECT_EQ(back->time, s.time);
  // A Compound state writes none of these records.
  State compound;
  for (const auto& [k, v] : encode_state(compound)) {
    EXPECT_NE(k, protocol_key());
    EXPECT_NE(k.rfind("pool/", 0), 0U) << k;
  }
}

// Allowances are kept by spender id, and a restart gives accounts other ids (roles
// first, then by name): two spenders whose ids and names are in opposite orders must
// hash alike before and after, and a replica replaying from genesis must agree on the
// blocks that follow the restart.
TEST(FluxProtocolChain, AllowancesHashAlikeWhateverTheAccountIds) {
  Net n;
  // A spender created after bob (a higher id) whose address sorts before bob's.
  unsigned k = 4;
  while (hex(key(k)) > hex(n.bob)) ++k;
  const PrivateKey early_name = key(k);
  Chain live(kChain, n.genesis);
  std::map<std::string, std::string> stored;
  store(stored, live.all_records());
  std::vector<Block> blocks;
  auto approve = [&n](std::uint64_t nonce, const PrivateKey& spender, std::uint64_t tokens) {
    return signed_by(n.alice, nonce, "Approve",
                     {{"spender", "address", addr(spender)},
                      {"market", "string", std::string("fWBTC")},
                      {"tokens", "uint256", U256(tokens)}});
  };
  ASSERT_TRUE(live.submit(market_amount("Mint", n.alice, 0, "fWBTC", U256(100'000'000))).ok());
  // It holds something, so it has an account record: a restart names it before bob.
  ASSERT_TRUE(live.submit(signed_by(n.admin, 0, "Faucet",
                                    {{"account", "address", addr(early_name)},
                                     {"asset", "string", std::string("USDT")},
                                     {"amount", "uint256", U256(1)}}))
                  .ok());
  ASSERT_TRUE(live.submit(approve(1, n.bob, 10)).ok());
  ASSERT_TRUE(live.submit(approve(2, early_name, 20)).ok());
  blocks.push_back(live.produce_block(at(10)));
  store(stored, live.take_changes());
  for (const Receipt& r : blocks.back().receipts) ASSERT_EQ(r.error, Error::ok) << r.type;
  const State& s = live.state();
  ASSERT_LT(*s.find_account(hex(n.bob)), *s.find_account(hex(early_name)));

  std::string error;
  auto resumed = Chain::resume(kChain, stored, blocks.back().header, {}, error);
  ASSERT_TRUE(resumed.has_value()) << error;
  EXPECT_GT(*resumed->state().find_account(hex(n.bob)), *resumed->state().find_account(hex(early_name)));
  EXPECT_EQ(resumed->node_state_hash(), live.node_state_hash());
  // The next block, made by the resumed chain, replays on a chain that never restarted.
  ASSERT_TRUE(resumed->submit(approve(3, n.bob, 30)).ok());
  ASSERT_TRUE(resumed->submit(approve(4, key(k + 1), 40)).ok());
  blocks.push_back(resumed->produce_block(at(20)));
  Chain replica(kChain, n.genesis);
  for (const Block& b : blocks) ASSERT_EQ(replica.replay_block(b), std::nullopt);
  EXPECT_EQ(replica.node_state_hash(), resumed->node_state_hash());
}

}  // namespace
}  // namespace flux::node
