// The acknowledged-head marker (src/storage/acknowledged_head.hpp) as a node meets it
// on open, beyond the damaged-log cases of damaged_data_test.cpp:
//  - a store AHEAD of the marker (a kill after a commit, before its marker) opens
//    normally and the marker moves to the head;
//  - a marker naming another block at a height the store has is refused;
//  - a damaged marker is refused (it is not "no marker"), and accepted only by naming
//    the store's head;
//  - no marker on a store with blocks (a directory from before markers): the node
//    starts, says so, and writes one;
//  - --accept-rollback-to when there is nothing to accept is refused.
#include "storage/acknowledged_head.hpp"
#include "chain_session.hpp"
#include "test_support.hpp"  // tests/storage: read_file, write_file

#include <gtest/gtest.h>
#include <signal.h>

namespace flux::fluxd::test {
namespace {

std::string hash_bytes_of(const json& header) {
  const auto h = crypto::Hash32::from_hex(header["hash"].get<std::string>());
  if (!h) throw std::runtime_error("bad hash in " + header.dump());
  return std::string(reinterpret_cast<const char*>(h->data()), h->size());
}

storage::AcknowledgedHead marker_of(const TempDir& dir) {
  auto read = storage::read_acknowledged(dir.data());
  if (!read || !*read) throw std::runtime_error("no readable marker in " + dir.data().string());
  return **read;
}

void put_marker(const TempDir& dir, std::uint64_t number, const std::string& hash) {
  auto written = storage::write_acknowledged(dir.data(), {number, hash});
  if (!written) throw std::runtime_error(storage::describe(written.error()));
}

// fluxd with `args` on the directory must exit 2 with `message_part` on stderr.
void expect_refused(const TempDir& dir, const std::string& message_part, std::vector<std::string> args = {}) {
  FluxdProcess node(dir.data(), dir.path(), NodeOptions{100, 0, std::move(args), true, {}});
  EXPECT_FALSE(node.started()) << node.output();
  if (node.running()) return;
  const auto status = node.wait_exit(std::chrono::seconds(0));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->exited && status->code == 2) << status->describe() << "\n" << node.output();
  EXPECT_NE(node.stderr_text().find(message_part), std::string::npos) << node.output();
}

TEST(FluxdAcknowledgedHead, EveryStopLeavesTheMarkerAtTheLastBlock) {
  TempDir dir;
  const Session s = run_session(dir.data(), dir.path(), 1);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(marker_of(dir).number, s.stopped_at);
  if (s.headers.count(s.stopped_at)) {
    EXPECT_EQ(marker_of(dir).block_hash, hash_bytes_of(s.headers.at(s.stopped_at)));
  }
}

TEST(FluxdAcknowledgedHead, StoreAheadOfTheMarkerOpensAndMovesIt) {
  // What a SIGKILL between a block's synced commit and its marker leaves.
  TempDir dir;
  const Session s = run_session(dir.data(), dir.path(), 1);
  ASSERT_FALSE(HasFailure());
  // A block before the last the session read (the node may have made more before it
  // stopped, the more so on a busy machine).
  ASSERT_GE(s.headers.size(), 2U);
  const std::uint64_t behind = std::prev(s.headers.end())->first - 1;
  ASSERT_LT(behind, s.stopped_at);
  put_marker(dir, behind, hash_bytes_of(s.headers.at(behind)));
  {
    FluxdProcess node(dir.data(), dir.path());
    ASSERT_TRUE(node.started()) << node.output();
    EXPECT_EQ(node.start_block(), s.stopped_at);
    // Moved to the head before serving (then on with every block).
    EXPECT_GE(marker_of(dir).number, s.stopped_at);
    EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
  }
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_EQ(verify.status.code, 0) << verify.output;
}

TEST(FluxdAcknowledgedHead, AnotherBlockAtTheAcknowledgedHeightIsRefused) {
  TempDir dir;
  const Session s = run_session(dir.data(), dir.path(), 1);
  ASSERT_FALSE(HasFailure());
  const std::string other = hash_bytes_of(s.headers.at(0));  // a real hash, of another block
  put_marker(dir, s.stopped_at, other);
  expect_refused(dir, "but the store's block " + std::to_string(s.stopped_at) + " is another one");
  // Below the head: the store's block there must be the acknowledged one too.
  put_marker(dir, 1, other);
  expect_refused(dir, "but the store's block 1 is another one");
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_EQ(verify.status.code, 1) << verify.output;
  EXPECT_NE(verify.output.find("is another one"), std::string::npos) << verify.output;
}

TEST(FluxdAcknowledgedHead, DamagedMarkerIsRefusedUntilTheHeadIsNamed) {
  TempDir dir;
  const Session s = run_session(dir.data(), dir.path(), 1);
  ASSERT_FALSE(HasFailure());
  const auto path = storage::acknowledged_path(dir.data());
  std::string bytes = storage::testing::read_file(path);
  ASSERT_GT(bytes.size(), 16U) << "no acknowledged-head marker at " << path;  // a node that never wrote one
  bytes[16] = static_cast<char>(bytes[16] ^ 0x01);                            // inside the block number
  storage::testing::write_file(path, bytes);
  expect_refused(dir, "the acknowledged-head marker cannot be read: corrupt_record");
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_EQ(verify.status.code, 1) << verify.output;
  {
    FluxdProcess node(dir.data(), dir.path(),
                      NodeOptions{100, 0, {"--accept-rollback-to", std::to_string(s.stopped_at)}, true, {}});
    ASSERT_TRUE(node.started()) << node.output();
    EXPECT_EQ(node.start_block(), s.stopped_at);
    EXPECT_NE(node.stdout_text().find("accepted a rollback to block " + std::to_string(s.stopped_at)),
              std::string::npos)
        << node.output();
    EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
  }
  EXPECT_GE(marker_of(dir).number, s.stopped_at);
}

TEST(FluxdAcknowledgedHead, MissingMarkerOnAnOlderDirectoryIsWrittenFromTheStore) {
  TempDir dir;
  const Session s = run_session(dir.data(), dir.path(), 1);
  ASSERT_FALSE(HasFailure());
  std::filesystem::remove(storage::acknowledged_path(dir.data()));
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_EQ(verify.status.code, 0) << verify.output;
  EXPECT_NE(verify.output.find("no acknowledged-head marker"), std::string::npos) << verify.output;
  {
    FluxdProcess node(dir.data(), dir.path(), NodeOptions{60'000, 0, {}, true, {}});
    ASSERT_TRUE(node.started()) << node.output();
    EXPECT_NE(node.stdout_text().find("no acknowledged-head marker in " + dir.data().string()), std::string::npos)
        << node.output();
    EXPECT_EQ(marker_of(dir).number, s.stopped_at);
    EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
  }
}

TEST(FluxdAcknowledgedHead, FlagWithNothingToAcceptIsRefused) {
  TempDir dir;
  const Session s = run_session(dir.data(), dir.path(), 1);
  ASSERT_FALSE(HasFailure());
  expect_refused(dir, "there is no rollback to accept", {"--accept-rollback-to", std::to_string(s.stopped_at)});
  EXPECT_EQ(marker_of(dir).number, s.stopped_at);  // nothing changed
}

}  // namespace
}  // namespace flux::fluxd::test
