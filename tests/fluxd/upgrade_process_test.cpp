// Upgrades at the process level (README, "Upgrades"):
//  - the admin of a chain without governance (a key; on a governed chain such as the
//    dev chain only an executed proposal can, which the engine's tests cover) schedules
//    rule version 3, which this fluxd does not implement, a few blocks ahead. fluxd
//    commits up to the block before it, then logs "fluxd: halted at block N: protocol
//    rule version 3 activates at block B; this fluxd implements up to version 2:
//    upgrade fluxd", keeps answering reads, refuses transactions (-32019
//    upgrade_required), and /health answers 503 with status "halted". SIGTERM stops
//    it with 0; a restart with the same binary halts again with the same message;
//    `fluxd verify` replays every block and prints it too.
//  - a data directory of storage schema 1 (what fluxd wrote before rule versions)
//    is migrated when fluxd starts, with a log line and the same state hash; one that
//    claims schema 99 is refused with exit code 2, by the node and by verify.
#include "chain_session.hpp"
#include "node/genesis/dev_config.hpp"
#include "storage/frame.hpp"
#include "storage/layout.hpp"
#include "storage/schema.hpp"
#include "test_support.hpp"  // tests/storage: RawDb

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <regex>
#include <thread>

namespace flux::fluxd::test {
namespace {

std::string halt_message(std::uint64_t activation) {
  return "protocol rule version 3 activates at block " + std::to_string(activation) +
         "; this fluxd implements up to version 2: upgrade fluxd";
}

// A genesis whose admin is the dev admin's key (no [governance]: the dev chain's admin
// is the timelock), with the dev chain's id so the test's signatures hold.
NodeOptions admin_key_chain(const TempDir& dir) {
  const std::filesystem::path genesis = dir.path() / "admin-key.toml";
  std::ofstream(genesis) << "chain_id = " << kDevChainId << R"(
[roles]
admin = ")" << dev("admin").address
                         << R"("
oracle = ")" << dev("oracle").address
                         << R"("
pause_guardian = ")" << dev("guardian").address
                         << R"("
compliance = ")" << dev("compliance").address
                         << R"("

[[assets]]
symbol = "USDC"
decimals = 6

[[markets]]
symbol = "fUSDC"
asset = "USDC"
template = "stablecoin"
price = "1"
)";
  NodeOptions options;
  options.genesis_file = genesis.string();
  return options;
}

// Waits until fluxd has written `text` (stdout or stderr).
bool wait_for_output(const FluxdProcess& node, const std::string& text, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (node.output().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void set_schema_record(const std::filesystem::path& dir, std::optional<std::uint32_t> version) {
  storage::testing::RawDb raw(dir);
  const std::string key(storage::kMetaSchemaKey);
  if (version) {
    raw.put(storage::Column::meta, key,
            storage::encode_frame(storage::Column::meta, key, storage::encode_schema_payload(*version)));
  } else {
    raw.del(storage::Column::meta, key);
  }
}

TEST(FluxdUpgrade, HaltsAtAnUnknownRuleVersionAndAgainAfterARestart) {
  TempDir dir;
  std::uint64_t activation = 0;
  std::uint64_t halted_height = 0;
  {
    FluxdProcess node(dir.data(), dir.path(), admin_key_chain(dir));
    ASSERT_TRUE(node.started()) << node.output();
    const std::uint16_t port = node.port();
    activation = rpc_result(port, "flux_blockNumber").get<std::uint64_t>() + 8;
    const json tx = signed_transaction("ScheduleUpgrade",
                                       {{"sender", dev("admin").address},
                                        {"nonce", std::to_string(next_nonce(port, dev("admin").address))},
                                        {"version", "3"},
                                        {"activationBlock", std::to_string(activation)}},
                                       dev("admin").private_key());
    const std::string hash = rpc_result(port, "flux_sendTransaction", tx)["hash"].get<std::string>();
    const json receipt = rpc_result(port, "flux_waitForReceipt", {{"hash", hash}});
    ASSERT_EQ(receipt["ok"], true) << receipt;
    ASSERT_LT(receipt["block_number"].get<std::uint64_t>(), activation);
    ASSERT_EQ(receipt["events"].size(), 1u) << receipt;
    EXPECT_EQ(receipt["events"][0]["event"], "upgrade_scheduled");

    const std::string message = halt_message(activation);
    ASSERT_TRUE(wait_for_output(node, "fluxd: halted at block " + std::to_string(activation - 1) + ": " + message,
                                std::chrono::seconds(30)))
        << node.output();
    // It stays up: reads answer, at the block before the activation, and no further.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // five block intervals
    halted_height = rpc_result(port, "flux_blockNumber").get<std::uint64_t>();
    EXPECT_EQ(halted_height, activation - 1);
    const json beyond = rpc_call(port, "flux_getBlock", {{"number", activation}});
    EXPECT_TRUE(beyond.contains("error") || beyond["result"].is_null()) << beyond;
    // Transactions are refused with the reason.
    const json mint = signed_transaction("Mint",
                                         {{"sender", dev("alice").address},
                                          {"nonce", std::to_string(next_nonce(port, dev("alice").address))},
                                          {"market", "fUSDC"},
                                          {"amount", "5000"}},
                                         dev("alice").private_key());
    const json refused = rpc_call(port, "flux_sendTransaction", mint);
    EXPECT_EQ(error_code(refused), -32019) << refused;
    EXPECT_EQ(refused["error"]["data"]["rejection"], "upgrade_required") << refused;
    EXPECT_EQ(refused["error"]["data"]["detail"], message) << refused;
    EXPECT_EQ(metric(metrics_text(port), R"(flux_node_rejections_total{reason="upgrade_required"})"), 1.0);
    // /health: 503, halted, why.
    rpc::test::Client client(port);
    const auto res = client.get("/health");
    EXPECT_EQ(res.result_int(), 503u) << res.body();
    const json health = json::parse(res.body());
    EXPECT_EQ(health["status"], "halted") << health;
    EXPECT_EQ(health["reason"], message) << health;
    EXPECT_EQ(health["height"], activation - 1) << health;
    EXPECT_EQ(health["rule_version"], 1) << health;
    EXPECT_EQ(health["scheduled_upgrade"]["version"], 3) << health;
    EXPECT_EQ(health["scheduled_upgrade"]["activation_block"], activation) << health;

    const ExitStatus stopped = node.stop(SIGTERM);
    EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe() << "\n" << node.output();
  }
  {
    FluxdProcess again(dir.data(), dir.path(), admin_key_chain(dir));
    ASSERT_TRUE(again.started()) << again.output();
    EXPECT_EQ(again.start_block(), halted_height);
    EXPECT_TRUE(wait_for_output(
        again, "fluxd: halted at block " + std::to_string(halted_height) + ": " + halt_message(activation),
        std::chrono::seconds(10)))
        << again.output();
    rpc::test::Client client(again.port());
    EXPECT_EQ(client.get("/health").result_int(), 503u);
    const ExitStatus stopped = again.stop(SIGTERM);
    EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe();
  }
  const RunResult verify =
      run_fluxd({"verify", "--genesis", admin_key_chain(dir).genesis_file, "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 0) << verify.status.describe() << "\n" << verify.output;
  EXPECT_NE(verify.output.find("fluxd verify: ok, " + std::to_string(halted_height) + " blocks"), std::string::npos)
      << verify.output;
  EXPECT_NE(verify.output.find("the chain goes no further with this fluxd: " + halt_message(activation)),
            std::string::npos)
      << verify.output;
}

// The dev chain as it was before it started under rule version 2: a schema-1 directory
// predates rule versions, so its chain runs under version 1 (the migration writes
// version 1 into the "rules" record it adds).
NodeOptions dev_chain_under_rule_version_1(const TempDir& dir) {
  std::string text(genesis::dev_config_toml());
  const std::string line = "\nrule_version = 2\n";
  const std::size_t at = text.find(line);
  EXPECT_NE(at, std::string::npos) << "config/dev.toml no longer says rule_version = 2";
  if (at != std::string::npos) text.replace(at, line.size(), "\nrule_version = 1\n");
  const std::filesystem::path genesis = dir.path() / "dev-rule-version-1.toml";
  std::ofstream(genesis) << text;
  NodeOptions options;
  options.genesis_file = genesis.string();
  return options;
}

TEST(FluxdUpgrade, ASchemaOneDirectoryIsMigratedOnStart) {
  TempDir dir;
  const NodeOptions v1 = dev_chain_under_rule_version_1(dir);
  const Session first = run_session(dir.data(), dir.path(), 1, SIGTERM, v1);
  ASSERT_FALSE(HasFailure());
  {  // what fluxd wrote before schema 2: no "rules" record, no schema record
    storage::testing::RawDb raw(dir.data());
    raw.del(storage::Column::state, "rules");
  }
  set_schema_record(dir.data(), std::nullopt);

  FluxdProcess node(dir.data(), dir.path(), v1);
  ASSERT_TRUE(node.started()) << node.output();
  EXPECT_NE(node.stdout_text().find("fluxd: migrated storage schema 1 → 2 (1 state records written, 0 removed)"),
            std::string::npos)
      << node.output();
  EXPECT_EQ(node.start_block(), first.stopped_at);
  // The node loads the migrated records and refuses to start unless they hash to the
  // stored head's state hash (Chain::resume): the migration changed no state.
  EXPECT_EQ(rpc_result(node.port(), "flux_getBlock", {{"number", first.stopped_at}})["header"]["state_hash"],
            node.start_state_hash());
  wait_for_block(node.port(), first.stopped_at + 1);
  const ExitStatus stopped = node.stop(SIGTERM);
  EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe();

  FluxdProcess again(dir.data(), dir.path(), v1);  // migrated once
  ASSERT_TRUE(again.started()) << again.output();
  EXPECT_EQ(again.output().find("migrated"), std::string::npos) << again.output();
}

TEST(FluxdUpgrade, ANewerStorageSchemaExitsWith2) {
  TempDir dir;
  run_session(dir.data(), dir.path(), 0);
  ASSERT_FALSE(HasFailure());
  set_schema_record(dir.data(), 99);
  const RunResult node =
      run_fluxd({"--dev", "--data", dir.data().string(), "--rpc-port", "0"}, std::chrono::seconds(60));
  EXPECT_TRUE(node.status.exited && node.status.code == 2) << node.status.describe() << "\n" << node.output;
  EXPECT_NE(node.output.find("storage schema version 99 is newer than this build reads (2)"), std::string::npos)
      << node.output;
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 2) << verify.status.describe() << "\n" << verify.output;
  EXPECT_NE(verify.output.find("storage schema version 99"), std::string::npos) << verify.output;
}

}  // namespace
}  // namespace flux::fluxd::test
