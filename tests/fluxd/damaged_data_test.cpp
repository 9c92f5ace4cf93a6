// A stopped node's data directory damaged the way a torn or bad write leaves it, then
// fluxd started on it. What happens, and why (src/storage/database.cpp explains the
// WAL recovery mode; tests/storage/corruption_test.cpp the same cases one layer down):
//
//  - The newest write-ahead log cut short (a torn last write): RocksDB's
//    point-in-time recovery drops the incomplete record. A block is one WAL record
//    (one WriteBatch), so exactly the last block vanishes — with its state and index
//    records — and the node starts at the block before, identical to what it served;
//    `fluxd verify` passes. (Only the last, unfinished write is lost: what a crash
//    before the sync would have left.)
//  - A byte flipped in the middle of that log: replay stops at the damaged record.
//    The node starts at the last block before it — consistent, every earlier block
//    as served, verify passes — but the acknowledged blocks after it are gone, and
//    nothing says so: RocksDB cannot tell this from a torn tail in this mode (the
//    price database.cpp names for being able to restart after any crash). The
//    damaged block itself is never accepted.
//  - Damage in a table file (SST: where a restart's recovery moves the logged
//    records), cut short or a byte flipped, or a record rewritten with a bad frame:
//    refused. fluxd prints "fluxd: cannot start from DIR: ..." naming the damage and
//    exits 2; `fluxd verify` refuses the directory too.
#include "chain_session.hpp"
#include "test_support.hpp"  // tests/storage: RawDb, files_with_suffix, read_file, write_file

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <signal.h>

namespace flux::fluxd::test {
namespace {

using storage::testing::files_with_suffix;
using storage::testing::RawDb;
using storage::testing::read_file;
using storage::testing::write_file;

std::filesystem::path newest_wal(const std::filesystem::path& dir) {
  const auto logs = files_with_suffix(dir, ".log");
  if (logs.empty()) throw std::runtime_error("no WAL in " + dir.string());
  return logs.back();
}

// The live table files of each column family ("meta", "blocks", "state", "index").
std::map<std::string, std::vector<std::filesystem::path>> table_files(const std::filesystem::path& dir) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (storage::Column c : storage::kColumns)
    cfs.emplace_back(std::string(storage::column_name(c)), rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir.string(), cfs, &handles, &raw);
  if (!s.ok()) throw std::runtime_error("open read-only: " + s.ToString());
  std::vector<rocksdb::LiveFileMetaData> files;
  raw->GetLiveFilesMetaData(&files);
  std::map<std::string, std::vector<std::filesystem::path>> out;
  for (const auto& f : files) out[f.column_family_name].push_back(f.db_path + "/" + f.name);
  for (auto* h : handles) (void)raw->DestroyColumnFamilyHandle(h);
  delete raw;
  return out;
}

void flip_byte(const std::filesystem::path& file, std::size_t at) {
  std::string bytes = read_file(file);
  ASSERT_LT(at, bytes.size()) << file;
  bytes[at] = static_cast<char>(bytes[at] ^ 0x40);
  write_file(file, bytes);
}

void truncate_by(const std::filesystem::path& file, std::size_t bytes_off) {
  std::string bytes = read_file(file);
  ASSERT_GT(bytes.size(), bytes_off) << file;
  bytes.resize(bytes.size() - bytes_off);
  write_file(file, bytes);
}

// Starts fluxd on a damaged directory and expects it to come up at `expected_head`
// with the blocks the session saw, then stops it and expects verify to pass.
// Returns the block it started at.
std::uint64_t expect_starts_at(const TempDir& dir, const Session& session, std::optional<std::uint64_t> expected_head) {
  FluxdProcess node(dir.data(), dir.path());
  EXPECT_TRUE(node.started()) << node.output();
  if (!node.started()) return 0;
  if (expected_head) {
    EXPECT_EQ(node.start_block(), *expected_head) << node.output();
  }
  const std::uint16_t port = node.port();
  const std::uint64_t head = node.start_block();
  EXPECT_LE(head, session.stopped_at);
  expect_same_headers(port, session, head);
  if (session.headers.count(head)) {
    EXPECT_EQ(node.start_state_hash(), session.headers.at(head)["state_hash"]);
  }
  // Every transaction of a surviving block has its receipt; the lost ones are unknown,
  // and alice's nonce counts exactly the surviving ones.
  std::uint64_t surviving = 0;
  for (const auto& [hash, block] : session.transactions) {
    const json receipt = rpc_result(port, "flux_getTransactionReceipt", {{"hash", hash}});
    if (block <= head) {
      EXPECT_FALSE(receipt.is_null()) << hash;
      ++surviving;
    } else {
      EXPECT_TRUE(receipt.is_null()) << hash;
    }
  }
  EXPECT_EQ(rpc_result(port, "flux_getNonce", {{"address", dev("alice").address}})["confirmed"], surviving);
  // It goes on from there.
  wait_for_block(port, head + 2);
  const ExitStatus stopped = node.stop(SIGTERM);
  EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe();
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 0) << verify.status.describe() << "\n" << verify.output;
  return head;
}

// Starts fluxd and expects it to refuse the directory: exit 2, and the message.
void expect_refused(const TempDir& dir, const std::string& message_part) {
  FluxdProcess node(dir.data(), dir.path());
  EXPECT_FALSE(node.started()) << "fluxd started on a damaged directory\n" << node.output();
  if (node.running()) return;
  const auto status = node.wait_exit(std::chrono::seconds(0));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->exited && status->code == 2) << status->describe() << "\n" << node.output();
  const std::string err = node.stderr_text();
  EXPECT_NE(err.find("fluxd: cannot start from " + dir.data().string()), std::string::npos) << node.output();
  EXPECT_NE(err.find(message_part), std::string::npos) << node.output();
  std::printf("refused as expected: %s", err.c_str());
}

// `fluxd verify` on the damaged directory must not pass: exit 2 when the directory
// cannot be opened, 1 when it opens and the full check finds the damage.
void expect_verify_refuses(const TempDir& dir, int code) {
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == code) << verify.status.describe() << "\n" << verify.output;
  EXPECT_EQ(verify.output.find("fluxd verify: ok"), std::string::npos) << verify.output;
}

// A directory whose blocks sit in table files: a second session (no transactions)
// lets RocksDB's recovery write the first one's log into SSTs.
Session session_in_table_files(const TempDir& dir) {
  Session s = run_session(dir.data(), dir.path());
  {
    FluxdProcess node(dir.data(), dir.path(), NodeOptions{60'000, 0, {}, true, {}});  // no block for a minute
    EXPECT_TRUE(node.started()) << node.output();
    const ExitStatus stopped = node.stop(SIGTERM);
    EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe() << "\n" << node.output();
    EXPECT_EQ(stopped_at_block(node.stdout_text()), s.stopped_at) << node.output();
  }
  return s;
}

TEST(FluxdDamagedData, TruncatedWalTailLosesExactlyTheTornBlock) {
  TempDir dir;
  const Session session = run_session(dir.data(), dir.path());
  ASSERT_FALSE(HasFailure());
  const auto wal = newest_wal(dir.data());
  ASSERT_GT(std::filesystem::file_size(wal), 100u) << wal;
  truncate_by(wal, 10);
  expect_starts_at(dir, session, session.stopped_at - 1);
}

TEST(FluxdDamagedData, BitFlipInTheWalStopsRecoveryAtAConsistentEarlierBlock) {
  TempDir dir;
  const Session session = run_session(dir.data(), dir.path());
  ASSERT_FALSE(HasFailure());
  const auto wal = newest_wal(dir.data());
  const std::size_t size = std::filesystem::file_size(wal);
  flip_byte(wal, size / 2);
  // Which block the flip lands in depends on record sizes: the node must come up
  // strictly before the end, never past the damaged record, and consistent.
  const std::uint64_t head = expect_starts_at(dir, session, std::nullopt);
  std::printf("a flip at byte %zu of the %zu-byte log: started at block %llu, %llu blocks lost\n", size / 2, size,
              static_cast<unsigned long long>(head), static_cast<unsigned long long>(session.stopped_at - head));
  EXPECT_LT(head, session.stopped_at);
  EXPECT_GT(head, 0u);
}

TEST(FluxdDamagedData, BitFlipInTheMetaTableFileRefusesToStart) {
  TempDir dir;
  session_in_table_files(dir);
  ASSERT_FALSE(HasFailure());
  const auto tables = table_files(dir.data());
  ASSERT_TRUE(tables.count("meta")) << "no table file holds the meta records";
  flip_byte(tables.at("meta").back(), 20);  // inside the first data block
  expect_refused(dir, "orrupt");
  expect_verify_refuses(dir, 2);
}

TEST(FluxdDamagedData, BitFlipInTheBlocksTableFileRefusesToStart) {
  TempDir dir;
  session_in_table_files(dir);
  ASSERT_FALSE(HasFailure());
  const auto tables = table_files(dir.data());
  ASSERT_TRUE(tables.count("blocks"));
  flip_byte(tables.at("blocks").back(), 20);  // block 0's data block: the genesis check reads it
  expect_refused(dir, "cannot read block 0: corruption");
  expect_verify_refuses(dir, 1);
}

TEST(FluxdDamagedData, BitFlipInTheStateTableFileRefusesToStart) {
  TempDir dir;
  session_in_table_files(dir);
  ASSERT_FALSE(HasFailure());
  const auto tables = table_files(dir.data());
  ASSERT_TRUE(tables.count("state"));
  flip_byte(tables.at("state").back(), 20);
  expect_refused(dir, "cannot read the state");
  expect_verify_refuses(dir, 1);
}

TEST(FluxdDamagedData, TruncatedTableFileRefusesToStart) {
  TempDir dir;
  session_in_table_files(dir);
  ASSERT_FALSE(HasFailure());
  const auto tables = table_files(dir.data());
  ASSERT_TRUE(tables.count("blocks"));
  const auto file = tables.at("blocks").back();
  truncate_by(file, std::filesystem::file_size(file) / 2);
  expect_refused(dir, "too short");
  expect_verify_refuses(dir, 2);
}

TEST(FluxdDamagedData, BitFlipInTheIndexTableFileIsAnErrorNotAnUnknownTransaction) {
  // open() does not read the transaction index, so the node starts; but a receipt
  // lookup that meets the damage must say so (-32000), not answer "unknown".
  TempDir dir;
  const Session session = session_in_table_files(dir);
  ASSERT_FALSE(HasFailure());
  const auto tables = table_files(dir.data());
  ASSERT_TRUE(tables.count("index"));
  flip_byte(tables.at("index").back(), 20);
  {
    FluxdProcess node(dir.data(), dir.path());
    ASSERT_TRUE(node.started()) << node.output();
    for (const auto& [hash, block] : session.transactions) {
      const json receipt = rpc_call(node.port(), "flux_getTransactionReceipt", {{"hash", hash}});
      EXPECT_EQ(error_code(receipt), -32000) << receipt;
      const json waited = rpc_call(node.port(), "flux_waitForReceipt", {{"hash", hash}, {"timeout_ms", 100}});
      EXPECT_EQ(error_code(waited), -32000) << waited;
    }
    // Blocks and state are unharmed and served.
    expect_same_headers(node.port(), session, session.stopped_at);
    EXPECT_EQ(node.stop(SIGTERM).code, 0);
  }
  expect_verify_refuses(dir, 1);
}

TEST(FluxdDamagedData, DamagedOlderBlockRecordIsAnErrorNotAMissingBlock) {
  // open() checks block 0 and the last block; a damaged block between them is found
  // when read: flux_getBlock must answer -32000 (storage), never -32001 (no such block).
  TempDir dir;
  const Session session = run_session(dir.data(), dir.path());
  ASSERT_FALSE(HasFailure());
  const std::uint64_t damaged = session.stopped_at / 2;
  ASSERT_GT(damaged, 0u);
  RawDb(dir.data()).flip(storage::Column::blocks, storage::block_key(damaged), 20);
  {
    FluxdProcess node(dir.data(), dir.path());
    ASSERT_TRUE(node.started()) << node.output();
    const json answer = rpc_call(node.port(), "flux_getBlock", {{"number", damaged}});
    EXPECT_EQ(error_code(answer), -32000) << answer;
    EXPECT_EQ(error_code(rpc_call(node.port(), "flux_getBlock", {{"number", session.stopped_at + 1000}})), -32001);
    EXPECT_EQ(error_code(rpc_call(node.port(), "flux_getEvents", {{"from_block", 0}, {"to_block", damaged}})),
              -32000);
    EXPECT_EQ(node.stop(SIGTERM).code, 0);
  }
  expect_verify_refuses(dir, 1);
}

TEST(FluxdDamagedData, DamagedLastBlockRecordRefusesToStart) {
  // The frame's checksum, not RocksDB's: a record rewritten wrong (a bug, a tool).
  TempDir dir;
  const Session session = run_session(dir.data(), dir.path());
  ASSERT_FALSE(HasFailure());
  RawDb(dir.data()).flip(storage::Column::blocks, storage::block_key(session.stopped_at), 20);
  expect_refused(dir, "block " + std::to_string(session.stopped_at) + ": checksum mismatch");
  expect_verify_refuses(dir, 2);
}

TEST(FluxdDamagedData, DamagedMetaRecordRefusesToStart) {
  TempDir dir;
  run_session(dir.data(), dir.path());
  ASSERT_FALSE(HasFailure());
  RawDb(dir.data()).flip(storage::Column::meta, std::string(storage::kMetaLastCommittedKey), 9);
  expect_refused(dir, "meta record \"last_committed\": checksum mismatch");
  expect_verify_refuses(dir, 2);
}

}  // namespace
}  // namespace flux::fluxd::test
