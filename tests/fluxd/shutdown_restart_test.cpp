// SIGTERM and SIGINT stop fluxd cleanly (exit 0, "stopped at block N"), and a restart
// continues from exactly that block: same head, same state hash, every earlier
// header and receipt unchanged, the next block chained onto it; `fluxd verify`
// replays the whole directory. Plus the exit codes of bad starts.
#include "chain_session.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

namespace flux::fluxd::test {
namespace {

TEST(FluxdShutdown, SigtermIsCleanAndARestartContinuesFromTheSameBlock) {
  TempDir dir;
  const Session first = run_session(dir.data(), dir.path());
  ASSERT_FALSE(HasFailure());

  FluxdProcess node(dir.data(), dir.path());
  ASSERT_TRUE(node.started()) << node.output();
  EXPECT_EQ(node.start_block(), first.stopped_at) << node.output();
  const std::uint16_t port = node.port();
  const json head = rpc_result(port, "flux_getBlock", {{"number", first.stopped_at}})["header"];
  EXPECT_EQ(head["state_hash"], node.start_state_hash());
  expect_same_headers(port, first, first.stopped_at);
  for (const auto& [hash, block] : first.transactions) {
    const json receipt = rpc_result(port, "flux_getTransactionReceipt", {{"hash", hash}});
    ASSERT_FALSE(receipt.is_null()) << hash;
    EXPECT_EQ(receipt["block_number"], block);
    EXPECT_EQ(receipt["ok"], true);
  }
  EXPECT_EQ(rpc_result(port, "flux_getNonce", {{"address", dev("alice").address}})["confirmed"],
            first.transactions.size());
  // The chain goes on from there: the next block's parent is the stopped head, and
  // with no transaction in between the state is the same.
  wait_for_block(port, first.stopped_at + 1);
  const json next = rpc_result(port, "flux_getBlock", {{"number", first.stopped_at + 1}})["header"];
  EXPECT_EQ(next["parent_hash"], head["hash"]);
  EXPECT_EQ(next["state_hash"], head["state_hash"]);

  // SIGINT is the same clean stop.
  const ExitStatus stopped = node.stop(SIGINT);
  EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe() << "\n" << node.output();
  const auto at = stopped_at_block(node.stdout_text());
  ASSERT_TRUE(at.has_value()) << node.output();

  FluxdProcess again(dir.data(), dir.path());
  ASSERT_TRUE(again.started()) << again.output();
  EXPECT_EQ(again.start_block(), *at);
  EXPECT_EQ(again.start_state_hash(), head["state_hash"]);
  const ExitStatus last = again.stop(SIGTERM);
  EXPECT_TRUE(last.exited && last.code == 0) << last.describe();

  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 0) << verify.status.describe() << "\n" << verify.output;
  EXPECT_NE(verify.output.find("fluxd verify: ok"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("every invariant holds"), std::string::npos) << verify.output;
  const RunResult thorough = run_fluxd({"verify", "--dev", "--data", dir.data().string(), "--each-transaction"});
  EXPECT_TRUE(thorough.status.exited && thorough.status.code == 0) << thorough.output;
  EXPECT_NE(thorough.output.find("each transaction and each block's resulting state"), std::string::npos)
      << thorough.output;
}

TEST(FluxdShutdown, BadStartsExitWith2) {
  TempDir dir;
  // A data directory that is a file.
  const auto file = dir.path() / "a-file";
  std::ofstream(file) << "not a directory";
  {
    FluxdProcess node(file, dir.path());
    EXPECT_FALSE(node.started());
    const auto status = node.wait_exit(std::chrono::seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(status->exited && status->code == 2) << status->describe() << "\n" << node.output();
    EXPECT_NE(node.stderr_text().find("fluxd: cannot start from"), std::string::npos) << node.output();
  }
  // The port is taken by a running node.
  FluxdProcess first(dir.data(), dir.path());
  ASSERT_TRUE(first.started()) << first.output();
  {
    TempDir other;
    NodeOptions options;
    options.rpc_port = first.port();
    FluxdProcess second(other.data(), other.path(), options);
    EXPECT_FALSE(second.started());
    const auto status = second.wait_exit(std::chrono::seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(status->exited && status->code == 2) << status->describe() << "\n" << second.output();
    EXPECT_NE(second.stderr_text().find("cannot serve RPC"), std::string::npos) << second.output();
  }
  // The same directory while another node holds it (RocksDB's lock).
  {
    FluxdProcess second(dir.data(), dir.path());
    EXPECT_FALSE(second.started());
    const auto status = second.wait_exit(std::chrono::seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(status->exited && status->code == 2) << status->describe() << "\n" << second.output();
    EXPECT_NE(second.stderr_text().find("fluxd: cannot start from"), std::string::npos) << second.output();
  }
  EXPECT_EQ(first.stop(SIGTERM).code, 0);
  // verify on a directory that does not exist.
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", (dir.path() / "none").string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 2) << verify.status.describe() << "\n" << verify.output;
}

}  // namespace
}  // namespace flux::fluxd::test
