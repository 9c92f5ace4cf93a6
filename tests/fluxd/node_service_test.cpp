// The durable node: blocks survive a restart with the same state hash, a restart
// loads state records (then checks their hash), verify replays from genesis, and a
// directory of another genesis is refused.
#include "fluxd/node_service.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"

#include <gtest/gtest.h>

#include <filesystem>

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
    ASSERT_TRUE(node->submit(make_tx("Faucet", 1, 0, {{"account", "address", alice}, {"asset", "string", std::string("USD")},
                                                     {"amount", "uint256", mantissa_one() * 100}})).ok());
    auto mint = node->submit(make_tx("Mint", 2, 0, {{"market", "string", std::string("fUSD")},
                                                  {"amount", "uint256", mantissa_one() * 40}}));
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

}  // namespace
}  // namespace flux::fluxd
