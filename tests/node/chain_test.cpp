// The chain: admission of signed transactions, blocks, receipts, replay.
#include "node/chain.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

using crypto::Address20;
using crypto::Field;
using crypto::PrivateKey;
using crypto::TypedStruct;

constexpr std::uint64_t kChain = 31337;

PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}

U256 e18(std::uint64_t n) { return U256(n) * mantissa_one(); }

// Keys 1..4: admin (also oracle, guardian, compliance), alice, bob, carol.
struct Net {
  PrivateKey admin = key(1), alice = key(2), bob = key(3), carol = key(4);
  State genesis;
  MarketId f_usd = 0, f_eth = 0;

  Net() {
    genesis.blocks_per_year = 1'000'000;
    genesis.block = 10;
    genesis.risk.close_factor = e18(1) / 2;
    genesis.risk.liquidation_incentive = e18(11) / 10;
    const AccountId a = genesis.account_id(account_name(crypto::address_of(admin)));
    genesis.roles.admin = genesis.roles.oracle = genesis.roles.pause_guardian = genesis.roles.compliance = a;
    const AssetId usd = genesis.add_asset("USD", 18);
    const AssetId eth = genesis.add_asset("ETH", 18);
    f_usd = genesis.add_market(market("fUSD", usd), genesis.block);
    f_eth = genesis.add_market(market("fETH", eth), genesis.block);
  }
  MarketConfig market(const char* symbol, AssetId asset) const {
    MarketConfig c;
    c.symbol = symbol;
    c.asset = asset;
    c.initial_exchange_rate = mantissa_one();
    c.collateral_factor = e18(1) / 2;
    c.price = e18(1);
    RateModelParams zero;
    c.rate_model = make_rate_model(zero, genesis.blocks_per_year);
    return c;
  }
};

Address20 addr(const PrivateKey& k) { return crypto::address_of(k); }

TypedStruct message(const char* type, const PrivateKey& from, std::uint64_t nonce, std::vector<Field> own) {
  TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", addr(from)});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}

Transaction faucet(const Net& n, std::uint64_t nonce, const PrivateKey& to, const char* asset, const U256& amount) {
  return sign_transaction(
      message(
          "Faucet", n.admin, nonce,
          {{"account", "address", addr(to)}, {"asset", "string", std::string(asset)}, {"amount", "uint256", amount}}),
      kChain, n.admin);
}
Transaction mint(const PrivateKey& from, std::uint64_t nonce, const char* market, const U256& amount) {
  return sign_transaction(
      message("Mint", from, nonce, {{"market", "string", std::string(market)}, {"amount", "uint256", amount}}), kChain,
      from);
}

TEST(Chain, AdmitsAppliesAndRecordsReceipts) {
  Net n;
  Chain chain(kChain, n.genesis);
  ASSERT_TRUE(chain.submit(faucet(n, 0, n.alice, "USD", e18(100))).ok());
  ASSERT_TRUE(chain.submit(mint(n.alice, 0, "fUSD", e18(40))).ok());
  ASSERT_TRUE(chain.submit(mint(n.alice, 1, "fUSD", e18(80))).ok());  // more than she has left
  EXPECT_EQ(chain.next_nonce(addr(n.alice)), 2u);
  const Block block = chain.produce_block(1000);
  EXPECT_EQ(block.header.number, 11u);
  ASSERT_EQ(block.receipts.size(), 3u);
  EXPECT_EQ(block.receipts[0].error, Error::ok);
  EXPECT_EQ(block.receipts[1].error, Error::ok);
  // The failed mint is in the block with its error and changed only the nonce.
  EXPECT_EQ(block.receipts[2].error, Error::insufficient_balance);
  EXPECT_TRUE(block.receipts[2].events.empty());
  EXPECT_EQ(chain.confirmed_nonce(addr(n.alice)), 2u);
  const State& s = chain.state();
  const AccountId alice = *s.find_account(account_name(addr(n.alice)));
  // 40e18 at exchange rate 1.0 -> 40e18 fTokens; 60e18 left in the wallet.
  EXPECT_EQ(s.accounts[alice].position(n.f_usd)->tokens, e18(40));
  EXPECT_EQ(s.accounts[alice].wallet_balance(0), e18(60));
  EXPECT_EQ(block.header.state_hash, chain.node_state_hash());
  EXPECT_EQ(chain.pending(), 0u);
}

TEST(Chain, RejectsBeforeTheBlock) {
  Net n;
  Chain chain(kChain, n.genesis);
  const auto rejection = [&](const Transaction& tx) {
    auto r = chain.submit(tx);
    return r.ok() ? std::string("admitted") : std::string(rejection_name(r.error().kind));
  };
  // Signed for another chain: recovers to another address.
  Transaction other_chain = sign_transaction(mint(n.alice, 0, "fUSD", 1).message, 1, n.alice);
  EXPECT_EQ(rejection(other_chain), "wrong_signer");
  // Signed by someone else than the sender field says.
  Transaction forged = sign_transaction(mint(n.alice, 0, "fUSD", 1).message, kChain, n.bob);
  EXPECT_EQ(rejection(forged), "wrong_signer");
  // A tampered field after signing.
  Transaction tampered = mint(n.alice, 0, "fUSD", 1);
  tampered.message.fields[3].value = U256(2);
  EXPECT_EQ(rejection(tampered), "wrong_signer");
  // A malleable (high-s) twin of a valid signature: s' = n - s, v flipped.
  Transaction high_s = mint(n.alice, 0, "fUSD", 1);
  {
    const auto& order = crypto::secp256k1_order();
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
      const int d = order[static_cast<std::size_t>(i)] - high_s.signature[32 + static_cast<std::size_t>(i)] - borrow;
      high_s.signature[32 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(d & 0xFF);
      borrow = d < 0 ? 1 : 0;
    }
    high_s.signature[64] = high_s.signature[64] == 27 ? 28 : 27;
  }
  EXPECT_EQ(rejection(high_s), "bad_signature");
  // Nonces: skipped, then used.
  EXPECT_EQ(rejection(mint(n.alice, 1, "fUSD", 1)), "nonce_skipped");
  EXPECT_EQ(rejection(mint(n.alice, 0, "fUSD", 1)), "admitted");
  EXPECT_EQ(rejection(mint(n.alice, 0, "fUSD", 1)), "nonce_used");
  // A role operation from an account without the role.
  const Transaction price = sign_transaction(
      message("SetPrice", n.bob, 0, {{"market", "string", std::string("fUSD")}, {"price", "uint256", e18(2)}}), kChain,
      n.bob);
  EXPECT_EQ(rejection(price), "unauthorized");
  // Outside the node's bounds: close factor 0.95.
  const Transaction close =
      sign_transaction(message("SetCloseFactor", n.admin, 0, {{"value", "uint256", e18(95) / 100}}), kChain, n.admin);
  EXPECT_EQ(rejection(close), "out_of_bounds");
  // Nothing rejected reached the mempool.
  EXPECT_EQ(chain.pending(), 1u);
}

// Two faucets, two mints, an empty block: blocks 11, 12 and 13 (genesis is at 10).
std::vector<Block> three_blocks(const Net& n, Chain& live) {
  std::vector<Block> blocks;
  EXPECT_TRUE(live.submit(faucet(n, 0, n.alice, "USD", e18(100))).ok());
  EXPECT_TRUE(live.submit(faucet(n, 1, n.bob, "ETH", e18(10))).ok());
  blocks.push_back(live.produce_block(1000));
  EXPECT_TRUE(live.submit(mint(n.alice, 0, "fUSD", e18(50))).ok());
  EXPECT_TRUE(live.submit(mint(n.bob, 0, "fETH", e18(5))).ok());
  blocks.push_back(live.produce_block(2000));
  blocks.push_back(live.produce_block(3000));  // empty
  return blocks;
}

TEST(Chain, ReplayReproducesEveryBlockAndCatchesTampering) {
  Net n;
  Chain live(kChain, n.genesis);
  const std::vector<Block> blocks = three_blocks(n, live);

  Chain replica(kChain, n.genesis);
  for (const Block& b : blocks) ASSERT_EQ(replica.replay_block(b), std::nullopt);
  EXPECT_EQ(replica.node_state_hash(), live.node_state_hash());
  EXPECT_EQ(replica.head().hash(), live.head().hash());

  Chain tampered(kChain, n.genesis);
  ASSERT_EQ(tampered.replay_block(blocks[0]), std::nullopt);
  Block changed = blocks[1];
  changed.header.state_hash.bytes[0] ^= 1;
  EXPECT_NE(tampered.replay_block(changed), std::nullopt);
}

// fluxd verify's replay runs every invariant checker: on the state after each block (3
// here), with --each-transaction also on each transaction (4), and names the first
// one a corrupted state breaks.
TEST(Chain, VerifyingReplayRunsEveryInvariantChecker) {
  Net n;
  Chain live(kChain, n.genesis);
  const std::vector<Block> blocks = three_blocks(n, live);

  Chain clean(kChain, n.genesis);
  clean.set_replay_checks(Chain::ReplayChecks::each_transaction);
  for (const Block& b : blocks) ASSERT_EQ(clean.replay_block(b), std::nullopt);
  EXPECT_EQ(clean.invariant_checks(), 4u + 3u);

  // One fUSD token more in the market's supply than any account holds, behind the
  // engine's back, before the second block (number 12: genesis is at 10): its first
  // transaction's check names the law.
  Chain corrupted(kChain, n.genesis);
  corrupted.set_replay_checks(Chain::ReplayChecks::each_transaction);
  ASSERT_EQ(corrupted.replay_block(blocks[0]), std::nullopt);
  corrupted.state_for_fault_injection().markets[n.f_usd].book.total_supply += 1;
  const auto problem = corrupted.replay_block(blocks[1]);
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("block 12, transaction"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("breaks "), std::string::npos) << *problem;
  EXPECT_NE(problem->find("supply_matches_balances"), std::string::npos) << *problem;

  // After each block only: the state after the block names it.
  Chain per_block(kChain, n.genesis);
  per_block.set_replay_checks(Chain::ReplayChecks::each_block);
  for (const Block& b : blocks) ASSERT_EQ(per_block.replay_block(b), std::nullopt);
  EXPECT_EQ(per_block.invariant_checks(), 3u);
  per_block.state_for_fault_injection().markets[n.f_usd].book.total_supply += 1;
  const auto after_block = per_block.replay_block(live.produce_block(4000));
  ASSERT_TRUE(after_block.has_value());
  EXPECT_NE(after_block->find("the state after block 14 breaks "), std::string::npos) << *after_block;
  EXPECT_NE(after_block->find("supply_matches_balances"), std::string::npos) << *after_block;

  // Without the full checks (a restart's replay) only a differing receipt or state hash
  // can notice, and it names no law (here the Mint's exchange rate fails: math_error).
  Chain unchecked(kChain, n.genesis);
  ASSERT_EQ(unchecked.replay_block(blocks[0]), std::nullopt);
  unchecked.state_for_fault_injection().markets[n.f_usd].book.total_supply += 1;
  const auto hash_only = unchecked.replay_block(blocks[1]);
  ASSERT_TRUE(hash_only.has_value());
  EXPECT_EQ(hash_only->find("supply_matches_balances"), std::string::npos) << *hash_only;
  EXPECT_EQ(unchecked.invariant_checks(), 0u);
}

TEST(Transactions, WireFormatRoundTripsAndRejectsBadShapes) {
  Net n;
  const Transaction tx = mint(n.alice, 3, "fUSD", e18(7));
  const auto back = parse_transaction(to_json(tx));
  ASSERT_TRUE(back.ok()) << back.error().detail;
  EXPECT_EQ(transaction_hash(*back, kChain), transaction_hash(tx, kChain));
  EXPECT_EQ(back->signature, tx.signature);

  const auto kind = [](const nlohmann::json& j) {
    auto r = parse_transaction(j);
    return r.ok() ? std::string("ok") : std::string(rejection_name(r.error().kind));
  };
  nlohmann::json wire = to_json(tx);
  auto without = [&](const char* field) {
    nlohmann::json j = wire;
    j["message"].erase(field);
    return j;
  };
  EXPECT_EQ(kind(without("amount")), "malformed");
  nlohmann::json extra = wire;
  extra["message"]["memo"] = "hi";
  EXPECT_EQ(kind(extra), "malformed");
  nlohmann::json negative = wire;
  negative["message"]["amount"] = "-1";
  EXPECT_EQ(kind(negative), "malformed");
  nlohmann::json fractional = wire;
  fractional["message"]["amount"] = 1.5;
  EXPECT_EQ(kind(fractional), "malformed");
  nlohmann::json huge = wire;
  huge["message"]["amount"] = std::string(80, '9');
  EXPECT_EQ(kind(huge), "malformed");
  nlohmann::json nonce_too_big = wire;
  nonce_too_big["message"]["nonce"] = "18446744073709551616";  // 2^64
  EXPECT_EQ(kind(nonce_too_big), "malformed");
  nlohmann::json bad_address = wire;
  bad_address["message"]["sender"] = "0x1234";
  EXPECT_EQ(kind(bad_address), "malformed");
  nlohmann::json unknown = wire;
  unknown["type"] = "Steal";
  EXPECT_EQ(kind(unknown), "unknown_type");
  nlohmann::json short_signature = wire;
  short_signature["signature"] = "0x1234";
  EXPECT_EQ(kind(short_signature), "bad_signature");
  EXPECT_EQ(kind(nlohmann::json::array()), "malformed");
}

TEST(Transactions, EveryTypeHasSenderAndNonceFirst) {
  ASSERT_GE(transaction_types().size(), 30u);
  for (const TransactionType& t : transaction_types()) {
    ASSERT_GE(t.fields.size(), 2u) << t.name;
    EXPECT_EQ(t.fields[0].name, "sender") << t.name;
    EXPECT_EQ(t.fields[1].name, "nonce") << t.name;
  }
}

}  // namespace
}  // namespace flux::node

namespace flux::node {
namespace {

// The records a restart loads give back the same state: every block's changes,
// applied over genesis, equal a full encoding, and resume() checks the state hash.
TEST(StateRecords, ChangesOverGenesisRebuildTheStateAndResumeChecksIt) {
  Net n;
  Chain live(kChain, n.genesis);
  std::map<std::string, std::string> stored;
  for (auto& [k, v] : live.all_records()) stored[k] = v;
  ASSERT_TRUE(live.submit(faucet(n, 0, n.alice, "USD", e18(100))).ok());
  ASSERT_TRUE(live.submit(faucet(n, 1, n.bob, "ETH", e18(10))).ok());
  ASSERT_TRUE(live.submit(mint(n.alice, 0, "fUSD", e18(50))).ok());
  ASSERT_TRUE(live.submit(mint(n.bob, 0, "fETH", e18(5))).ok());
  live.produce_block(1000);
  for (auto& [k, v] : live.take_changes()) stored[k] = v;
  ASSERT_TRUE(live.submit(mint(n.alice, 1, "fUSD", e18(500))).ok());  // fails: only 50 left
  const Block last = live.produce_block(2000);
  for (auto& [k, v] : live.take_changes()) stored[k] = v;

  std::string error;
  auto resumed = Chain::resume(kChain, stored, last.header, {}, error);
  ASSERT_TRUE(resumed.has_value()) << error;
  EXPECT_EQ(resumed->node_state_hash(), live.node_state_hash());
  EXPECT_EQ(resumed->confirmed_nonce(addr(n.alice)), 2u);
  // It goes on from there: the next nonce is admitted, the used one is not.
  EXPECT_TRUE(resumed->submit(mint(n.alice, 2, "fUSD", 1)).ok());
  EXPECT_FALSE(resumed->submit(mint(n.alice, 1, "fUSD", 1)).ok());

  // A record that lost its last byte, or a changed balance, is caught.
  auto truncated = stored;
  const std::string alice = "account/" + account_name(addr(n.alice));
  truncated[alice].pop_back();
  EXPECT_FALSE(Chain::resume(kChain, truncated, last.header, {}, error).has_value());
  EXPECT_NE(error.find(alice), std::string::npos) << error;
  auto altered = stored;
  altered[alice].back() ^= 1;  // the sanctioned flag: 0 -> 1, still well formed
  EXPECT_FALSE(Chain::resume(kChain, altered, last.header, {}, error).has_value());
  EXPECT_NE(error.find("state hashes to"), std::string::npos) << error;
}

}  // namespace
}  // namespace flux::node

#include "node/block_json.hpp"

namespace flux::node {
namespace {

TEST(BlockStorage, EncodedBlocksDecodeAndReplay) {
  Net n;
  Chain live(kChain, n.genesis);
  ASSERT_TRUE(live.submit(faucet(n, 0, n.alice, "USD", e18(100))).ok());
  ASSERT_TRUE(live.submit(mint(n.alice, 0, "fUSD", e18(50))).ok());
  ASSERT_TRUE(live.submit(mint(n.alice, 1, "fUSD", e18(500))).ok());  // fails in the engine
  const Block block = live.produce_block(1000);
  const std::string bytes = encode_block(block, live.state());
  std::string error;
  auto back = decode_block(bytes, error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->header.hash(), block.header.hash());
  ASSERT_EQ(back->receipts.size(), 3u);
  EXPECT_EQ(back->receipts[2].error, Error::insufficient_balance);
  Chain replica(kChain, n.genesis);
  EXPECT_EQ(replica.replay_block(*back), std::nullopt);
  EXPECT_EQ(replica.node_state_hash(), live.node_state_hash());
  // What is not a block is reported. (Damage inside a well-formed block is the
  // storage layer's to detect: every record it keeps carries a checksum.)
  EXPECT_FALSE(decode_block("not cbor", error).has_value());
}

}  // namespace
}  // namespace flux::node
