// The durable node: blocks survive a restart with the same state hash, a restart
// loads state records (then checks their hash), verify replays from genesis, and a
// directory of another genesis is refused.
#include "fluxd/node_service.hpp"
#include "fluxd/rpc_methods.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"
#include "node/block_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace flux::fluxd {
namespace {

using node::Transaction;
constexpr std::uint64_t kChain = 31337;

crypto::PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return crypto::PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}

State genesis(const U256& close_factor = mantissa_one() / 2) {
  State s;
  s.blocks_per_year = 1'000'000;
  s.block = 0;
  s.risk.close_factor = close_factor;
  s.risk.liquidation_incentive = mantissa_one();
  const AccountId admin = s.account_id(node::account_name(crypto::address_of(key(1))));
  s.roles.admin = s.roles.oracle = s.roles.pause_guardian = s.roles.compliance = admin;
  const AssetId usd = s.add_asset("USD", 18);
  MarketConfig c;
  c.symbol = "fUSD";
  c.asset = usd;
  c.initial_exchange_rate = mantissa_one();
  RateModelParams linear;
  linear.base_per_year = mantissa_one() / 10;  // 10% a year: accrual moves the state every block
  c.rate_model = make_rate_model(linear, s.blocks_per_year);
  s.add_market(std::move(c), 0);
  return s;
}

Transaction make_tx(const char* type, unsigned signer, std::uint64_t nonce, std::vector<crypto::Field> own) {
  crypto::TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", crypto::address_of(key(signer))});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return node::sign_transaction(std::move(m), kChain, key(signer));
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("flux-service-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(NodeService, BlocksSurviveARestartAndVerify) {
  TempDir dir;
  std::string error;
  crypto::Hash32 head_hash, state_hash, mint_hash;
  {
    auto node = NodeService::open(dir.path, kChain, genesis(), {}, error);
    ASSERT_TRUE(node) << error;
    const auto alice = crypto::address_of(key(2));
    ASSERT_TRUE(node->submit(make_tx("Faucet", 1, 0,
                                     {{"account", "address", alice},
                                      {"asset", "string", std::string("USD")},
                                      {"amount", "uint256", mantissa_one() * 100}}))
                    .ok());
    auto mint = node->submit(
        make_tx("Mint", 2, 0, {{"market", "string", std::string("fUSD")}, {"amount", "uint256", mantissa_one() * 40}}));
    ASSERT_TRUE(mint.ok());
    mint_hash = *mint;
    for (std::uint64_t t = 1; t <= 5; ++t) ASSERT_TRUE(node->produce(t * 1000, error)) << error;
    head_hash = node->read([](const node::Chain& c) { return c.head().hash(); });
    state_hash = node->read([](const node::Chain& c) { return c.node_state_hash(); });
    EXPECT_EQ(node->block_of_transaction(mint_hash), std::optional<std::uint64_t>(1));
  }
  {
    auto node = NodeService::open(dir.path, kChain, genesis(), {}, error);
    ASSERT_TRUE(node) << error;
    EXPECT_EQ(node->read([](const node::Chain& c) { return c.head().hash(); }), head_hash);
    EXPECT_EQ(node->read([](const node::Chain& c) { return c.node_state_hash(); }), state_hash);
    // Alice's next nonce survived: 1 is admitted, 0 is not.
    EXPECT_FALSE(node->submit(make_tx("Accrue", 2, 0, {{"market", "string", std::string("fUSD")}})).ok());
    EXPECT_TRUE(node->submit(make_tx("Accrue", 2, 1, {{"market", "string", std::string("fUSD")}})).ok());
    ASSERT_TRUE(node->produce(6000, error)) << error;
    auto block = node->block(1, error);
    ASSERT_TRUE(block) << error;
    ASSERT_EQ(block->receipts.size(), 2u);
    EXPECT_EQ(block->receipts[1].transaction_hash, mint_hash);
  }
  std::uint64_t checked = 0;
  EXPECT_EQ(NodeService::verify(dir.path, kChain, genesis(), checked), std::nullopt);
  EXPECT_EQ(checked, 6u);
  // Another genesis (another close factor) is not this directory's.
  EXPECT_FALSE(NodeService::open(dir.path, kChain, genesis(mantissa_one() / 4), {}, error));
  EXPECT_NE(NodeService::verify(dir.path, kChain, genesis(mantissa_one() / 4), checked), std::nullopt);
}

TEST(NodeService, ReceiptsWaitAndSurviveARestart) {
  TempDir dir;
  std::string error;
  const auto alice = crypto::address_of(key(2));
  const auto usd = [] { return crypto::Field{"market", "string", std::string("fUSD")}; };
  crypto::Hash32 mint_hash, redeem_hash;
  nlohmann::json mint_receipt;
  {
    auto node = NodeService::open(dir.path, kChain, genesis(), {}, error);
    ASSERT_TRUE(node) << error;
    ASSERT_TRUE(node->submit(make_tx("Faucet", 1, 0,
                                     {{"account", "address", alice},
                                      {"asset", "string", std::string("USD")},
                                      {"amount", "uint256", mantissa_one() * 100}}))
                    .ok());
    mint_hash = *node->submit(make_tx("Mint", 2, 0, {usd(), {"amount", "uint256", mantissa_one() * 40}}));
    // Alice holds 40 fTokens and the market 40 USD: redeeming 41 fails in the block, on
    // the cash check, which Compound's redeemFresh makes before the balance's.
    redeem_hash = *node->submit(make_tx("Redeem", 2, 1, {usd(), {"tokens", "uint256", mantissa_one() * 41}}));

    nlohmann::json receipt;
    crypto::Hash32 never_sent;
    never_sent.data()[0] = 1;
    EXPECT_EQ(node->wait_for_receipt(never_sent, std::chrono::milliseconds(1000), receipt),
              NodeService::WaitOutcome::unknown);  // at once, not after the timeout
    EXPECT_EQ(node->wait_for_receipt(mint_hash, std::chrono::milliseconds(10), receipt),
              NodeService::WaitOutcome::timed_out);  // pending: no block yet
    EXPECT_FALSE(node->receipt(mint_hash));

    // A waiter on another thread wakes when the block is committed.
    NodeService::WaitOutcome outcome = NodeService::WaitOutcome::unknown;
    std::thread waiter([&] { outcome = node->wait_for_receipt(mint_hash, std::chrono::seconds(10), mint_receipt); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(node->produce(1000, error)) << error;
    waiter.join();
    ASSERT_EQ(outcome, NodeService::WaitOutcome::committed);
    EXPECT_EQ(mint_receipt["block_number"], 1);
    EXPECT_EQ(mint_receipt["transaction_index"], 1);
    EXPECT_EQ(mint_receipt["ok"], true);
    EXPECT_EQ(mint_receipt["transaction_hash"], mint_hash.hex());

    auto failed = node->receipt(redeem_hash);
    ASSERT_TRUE(failed);
    EXPECT_EQ((*failed)["ok"], false);
    EXPECT_EQ((*failed)["error"], "insufficient_cash");
    EXPECT_TRUE((*failed)["events"].empty());
    // The RPC form: the engine error's code (1000 + its number) and name.
    const nlohmann::json rpc = rpc_receipt(*failed);
    EXPECT_EQ(rpc["error"]["code"], 1000 + static_cast<int>(Error::insufficient_cash));
    EXPECT_EQ(rpc["error"]["name"], "insufficient_cash");
  }
  // A new process has no receipts in memory: they come back from storage, the same.
  auto node = NodeService::open(dir.path, kChain, genesis(), {}, error);
  ASSERT_TRUE(node) << error;
  auto again = node->receipt(mint_hash);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, mint_receipt);
  nlohmann::json receipt;
  EXPECT_EQ(node->wait_for_receipt(redeem_hash, std::chrono::milliseconds(10), receipt),
            NodeService::WaitOutcome::committed);
  EXPECT_EQ(receipt["transaction_index"], 2);
  auto block = node->block_json(1, error);
  ASSERT_TRUE(block) << error;
  EXPECT_EQ((*block)["receipts"].size(), 3U);
  EXPECT_FALSE(node->block_json(2, error));
}

// flux_getTransactionReceipt and flux_getBlock give a failed Execute's failed action
// with its error as {code, name, message}, like the receipt's own error.
TEST(RpcReceipt, AFailedActionsErrorIsExpanded) {
  node::Receipt r;
  r.type = "Execute";
  r.error = Error::action_failed;
  r.failed_action = node::FailedAction{2, "SetSupplyCap", Error::market_not_listed};
  const nlohmann::json out = rpc_receipt(node::receipt_json(r, State{}));
  EXPECT_EQ(out["error"]["name"], "action_failed");
  const nlohmann::json& f = out["failed_action"];
  EXPECT_EQ(f["index"], 2);
  EXPECT_EQ(f["type"], "SetSupplyCap");
  // Engine errors are 1000 + their number; market_not_listed is the fourth after ok.
  EXPECT_EQ(f["error"]["code"], 1004);
  EXPECT_EQ(f["error"]["name"], "market_not_listed");
  EXPECT_EQ(f["error"]["message"], "the market is not listed");
}

}  // namespace
}  // namespace flux::fluxd
