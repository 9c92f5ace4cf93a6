// `fluxd --dev --protocol flux`: the Flux Protocol dev chain (config/dev-flux.toml)
// end to end in a real process. Users supply and borrow with signed transactions,
// interest accrues per second of block time, Compound's own transactions are refused
// at admission, and after SIGTERM a restart resumes from the stored Flux Protocol
// records at the same state hash, which `fluxd verify` confirms by replaying every block.
#include "fluxd_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

namespace flux::fluxd::test {
namespace {

constexpr std::uint64_t kFluxDevChainId = 31338;  // config/dev-flux.toml

json tx(const std::string& type, const std::string& signer, std::uint64_t nonce, const json& own) {
  json message = {{"sender", dev(signer).address}, {"nonce", std::to_string(nonce)}};
  for (const auto& item : own.items()) message[item.key()] = item.value();
  return signed_transaction(type, message, dev(signer).private_key(), kFluxDevChainId);
}

json committed(std::uint16_t port, const json& transaction) {
  const std::string hash = rpc_result(port, "flux_sendTransaction", transaction)["hash"].get<std::string>();
  return rpc_result(port, "flux_waitForReceipt", {{"hash", hash}});
}

TEST(FluxdFluxProtocol, TheDevChainLendsRestartsAndVerifies) {
  TempDir dir;
  NodeOptions options;
  options.extra_args = {"--protocol", "flux"};
  std::string stopped_hash;
  {
    FluxdProcess node(dir.data(), dir.path(), options);
    ASSERT_TRUE(node.started()) << node.output();
    const std::uint16_t port = node.port();
    // bob lends 100,000 USDT; alice supplies 1 WBTC ($30,000) and borrows 10,000 USDT
    // (her limit is 30,000 / 1.5 = 20,000).
    EXPECT_EQ(
        committed(port, tx("Mint", "bob", 0, {{"market", "fUSDT"}, {"amount", "100000000000000000000000"}}))["ok"],
        true);
    EXPECT_EQ(committed(port, tx("Mint", "alice", 0, {{"market", "fWBTC"}, {"amount", "100000000"}}))["ok"], true);
    const json borrow =
        committed(port, tx("Borrow", "alice", 1, {{"market", "fUSDT"}, {"amount", "10000000000000000000000"}}));
    EXPECT_EQ(borrow["ok"], true) << borrow;
    // Beyond the limit: 15,000 more would owe 25,000 against a 20,000 limit.
    const json over =
        committed(port, tx("Borrow", "alice", 2, {{"market", "fUSDT"}, {"amount", "15000000000000000000000"}}));
    EXPECT_EQ(over["ok"], false) << over;
    // A Compound-only transaction never reaches a block.
    const json compound =
        rpc_call(port, "flux_sendTransaction", tx("SetCloseFactor", "admin", 0, {{"value", "500000000000000000"}}));
    EXPECT_NE(compound.dump().find("wrong_protocol"), std::string::npos) << compound;
    // Time passes (the blocks' clock): accruing the pool a second or more later adds interest.
    wait_for_block(port, head(port).number + 15);
    const json accrue = committed(port, tx("Accrue", "bob", 1, {{"market", "fUSDT"}}));
    EXPECT_EQ(accrue["ok"], true) << accrue;
    const json market = rpc_result(port, "flux_getMarket", {{"market", "fUSDT"}});
    EXPECT_EQ(market["protocol"], "flux-protocol") << market;
    EXPECT_EQ(market["pool"]["collateral_ratio"], "1250000000000000000") << market;
    EXPECT_EQ(market["pool"]["accrual_time"], market["accrual_block"]) << market;
    EXPECT_NE(market["total_borrows"], "10000000000000000000000") << market;  // interest accrued
    // Blocks after this one are empty: the state hash a restart must find.
    stopped_hash = head(port).state_hash;
    const ExitStatus stopped = node.stop(SIGTERM);
    ASSERT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe() << "\n" << node.output();
  }
  FluxdProcess again(dir.data(), dir.path(), options);
  ASSERT_TRUE(again.started()) << again.output();
  EXPECT_EQ(again.start_state_hash(), stopped_hash);
  const json header = rpc_result(again.port(), "flux_getBlock", {{"number", again.start_block()}})["header"];
  EXPECT_EQ(header["state_hash"], again.start_state_hash());
  const ExitStatus last = again.stop(SIGTERM);
  EXPECT_TRUE(last.exited && last.code == 0) << last.describe();

  const RunResult verify = run_fluxd({"verify", "--dev", "--protocol", "flux", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 0) << verify.status.describe() << "\n" << verify.output;
  EXPECT_NE(verify.output.find("fluxd verify: ok"), std::string::npos) << verify.output;
}

}  // namespace
}  // namespace flux::fluxd::test
