// A stopped node's data directory damaged the way a torn or bad write leaves it, then
// fluxd started on it. What happens, and why (src/storage/database.cpp explains the
// WAL recovery mode; tests/storage/corruption_test.cpp the same cases one layer down):
//
//  - The newest write-ahead log damaged — cut short by a few bytes or to half, a byte
//    flipped in its middle or at byte 20 (its first record), or deleted: RocksDB's
//    point-in-time recovery opens the store at the last intact record before the
//    damage, an earlier, self-consistent block (or none at all). The blocks after it
//    were acknowledged to clients (every block a SIGTERM'ed node produced was), so
//    the acknowledged-head marker (storage/acknowledged_head.hpp) is ahead of the
//    store: fluxd refuses with exit 2, naming the acknowledged block, the block the
//    store ends at and the flag; `fluxd verify` fails (exit 1). Before the marker,
//    fluxd started at the earlier block with exit 0 (at genesis, with a fresh chain's
//    message, when nothing survived) and verify said "ok". Started once with
//    --accept-rollback-to <the store's head>, it continues from there, every block up
//    to it as served, and verify passes again.
//  - Damage in a table file (SST: where a restart's recovery moves the logged
//    records), cut short or a byte flipped where open() reads, or a record rewritten
//    with a bad frame: refused. fluxd prints "fluxd: cannot start from DIR: ..."
//    naming the damage and exits 2; `fluxd verify` refuses the directory too.
//  - A byte flipped in the middle of a table file, where open() does not read: the
//    node starts and serves, and its background check of every table file's checksums
//    finds it: /health 503 "degraded", flux_storage_corruption_detected 1, a log line.
#include "chain_session.hpp"
#include "test_support.hpp"  // tests/storage: RawDb, files_with_suffix, read_file, write_file

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <signal.h>

#include <algorithm>
#include <regex>
#include <thread>

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

// Compacts every column family into its last level, the way the node's options lay
// it out (dynamic level sizes), and returns how many level-0 files are left (none).
// With nothing in level 0, RocksDB has no compaction to start when the node opens
// the directory, so the only reader of a table file's middle is the node's background
// check: without this step a compaction could meet the damage first and stop the
// node (seen once in CI under AddressSanitizer).
int compact_every_column(const std::filesystem::path& dir) {
  rocksdb::ColumnFamilyOptions options;
  options.level_compaction_dynamic_level_bytes = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, options);
  for (storage::Column c : storage::kColumns) cfs.emplace_back(std::string(storage::column_name(c)), options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), dir.string(), cfs, &handles, &raw);
  if (!s.ok()) throw std::runtime_error("open: " + s.ToString());
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : handles) {
    const rocksdb::Status c = raw->CompactRange(compact, h, nullptr, nullptr);
    if (!c.ok()) throw std::runtime_error("compact: " + c.ToString());
  }
  std::vector<rocksdb::LiveFileMetaData> files;
  raw->GetLiveFilesMetaData(&files);
  const int level0 =
      static_cast<int>(std::count_if(files.begin(), files.end(), [](const auto& f) { return f.level == 0; }));
  for (auto* h : handles) (void)raw->DestroyColumnFamilyHandle(h);
  (void)raw->Close();
  delete raw;
  return level0;
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
// The stop of a node serving a store with a damaged table file. It exits 0 on SIGTERM,
// unless RocksDB met the damage first in a background compaction: then its writes fail
// from there on, the block producer stops the node with "fluxd: stopped: ..." and exit
// 1 (main.cpp: storage failed), which is right too. Which comes first depends on the
// machine's speed (seen once under AddressSanitizer on a loaded machine); anything else,
// a sanitizer's report above all, is a failure.
void expect_stopped_cleanly_or_by_storage(FluxdProcess& node) {
  const ExitStatus stopped = node.stop(SIGTERM);
  const std::string err = node.stderr_text();
  EXPECT_EQ(err.find("Sanitizer"), std::string::npos) << node.output();
  EXPECT_EQ(err.find("runtime error"), std::string::npos) << node.output();
  EXPECT_TRUE(stopped.exited) << stopped.describe() << "\n" << node.output();
  if (stopped.code == 1) {
    EXPECT_NE(err.find("fluxd: stopped: "), std::string::npos) << node.output();
    EXPECT_NE(err.find("orruption"), std::string::npos) << node.output();
  } else {
    EXPECT_EQ(stopped.code, 0) << node.output();
  }
}

std::uint64_t expect_starts_at(const TempDir& dir, const Session& session, std::optional<std::uint64_t> expected_head,
                               const std::vector<std::string>& extra_args = {}) {
  FluxdProcess node(dir.data(), dir.path(), NodeOptions{100, 0, extra_args, true, {}});
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

// The refusal of a store that lost acknowledged blocks, then its acceptance:
//  - fluxd exits 2, naming the session's last block as acknowledged (every block a
//    node produced was acknowledged before the next one: the marker names it), the
//    block the store ends at (with the hash the session was served for it) and
//    "--accept-rollback-to N";
//  - `fluxd verify` fails with exit 1 and says why;
//  - the flag with another height than N is still refused;
//  - with --accept-rollback-to N the node starts at N, serves every block up to it as
//    before, goes on, and verify passes again.
// Returns N.
std::uint64_t expect_rollback_refused_then_accepted(const TempDir& dir, const Session& session) {
  std::uint64_t store_head = 0;
  {
    FluxdProcess node(dir.data(), dir.path());
    EXPECT_FALSE(node.started()) << "fluxd started on a store missing acknowledged blocks\n" << node.output();
    if (node.running()) return 0;
    const auto status = node.wait_exit(std::chrono::seconds(0));
    EXPECT_TRUE(status && status->exited && status->code == 2) << (status ? status->describe() : "") << node.output();
    const std::string err = node.stderr_text();
    std::printf("refused as expected: %s", err.c_str());
    EXPECT_NE(err.find("fluxd: cannot start from " + dir.data().string()), std::string::npos) << err;
    EXPECT_NE(err.find("block " + std::to_string(session.stopped_at) + " (hash 0x"), std::string::npos) << err;
    EXPECT_NE(err.find("was acknowledged to clients"), std::string::npos) << err;
    std::smatch m;
    const std::regex flag(R"(--accept-rollback-to ([0-9]+))");
    if (!std::regex_search(err, m, flag)) {
      ADD_FAILURE() << "the refusal names no --accept-rollback-to height: " << err;
      return 0;
    }
    store_head = std::stoull(m[1].str());
    EXPECT_LT(store_head, session.stopped_at);
    // (An empty store: "holds no block at all", and genesis next. Headers were read up
    // to a few blocks before the stop.)
    if (err.find("holds no block at all") == std::string::npos && session.headers.count(store_head)) {
      const std::string hash = session.headers.at(store_head)["hash"].get<std::string>();
      EXPECT_NE(err.find("the store ends at block " + std::to_string(store_head) + " (hash " + hash + ")"),
                std::string::npos)
          << err;
    }
  }
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 1) << verify.status.describe() << "\n" << verify.output;
  EXPECT_NE(verify.output.find("was acknowledged to clients"), std::string::npos) << verify.output;
  {
    FluxdProcess wrong(dir.data(), dir.path(),
                       NodeOptions{100, 0, {"--accept-rollback-to", std::to_string(store_head + 1)}, true, {}});
    EXPECT_FALSE(wrong.started()) << wrong.output();
    const auto status = wrong.wait_exit(std::chrono::seconds(30));
    EXPECT_TRUE(status && status->exited && status->code == 2) << wrong.output();
    EXPECT_NE(wrong.stderr_text().find("names another block"), std::string::npos) << wrong.output();
  }
  EXPECT_EQ(expect_starts_at(dir, session, store_head, {"--accept-rollback-to", std::to_string(store_head)}),
            store_head);
  return store_head;
}

// A session whose transactions were all acknowledged, and its newest WAL.
struct WalCase {
  TempDir dir;
  Session session;
  std::filesystem::path wal;
};
void run_wal_case(WalCase& c) {
  c.session = run_session(c.dir.data(), c.dir.path(), 8);
  ASSERT_FALSE(::testing::Test::HasFailure());
  c.wal = newest_wal(c.dir.data());
  ASSERT_GT(std::filesystem::file_size(c.wal), 100u) << c.wal;
}

TEST(FluxdDamagedData, WalTailCutBySevenBytesRefusesTheLostAcknowledgedBlock) {
  // The cut tears the last record: the last block, acknowledged at the stop, is lost.
  // Before the marker the node started one block earlier and then produced another
  // block at that height.
  WalCase c;
  run_wal_case(c);
  truncate_by(c.wal, 7);
  EXPECT_EQ(expect_rollback_refused_then_accepted(c.dir, c.session), c.session.stopped_at - 1);
}

TEST(FluxdDamagedData, WalTruncatedToHalfRefusesTheLostAcknowledgedBlocks) {
  WalCase c;
  run_wal_case(c);
  truncate_by(c.wal, std::filesystem::file_size(c.wal) / 2);
  const std::uint64_t head = expect_rollback_refused_then_accepted(c.dir, c.session);
  std::printf("half the log cut: the store ended at block %llu, %llu acknowledged blocks lost\n",
              static_cast<unsigned long long>(head), static_cast<unsigned long long>(c.session.stopped_at - head));
}

TEST(FluxdDamagedData, ByteFlippedInTheWalsMiddleRefusesTheLostAcknowledgedBlocks) {
  // Replay stops at the damaged record: the store ends at the block before it.
  WalCase c;
  run_wal_case(c);
  const std::size_t size = std::filesystem::file_size(c.wal);
  flip_byte(c.wal, size / 2);
  const std::uint64_t head = expect_rollback_refused_then_accepted(c.dir, c.session);
  std::printf("a flip at byte %zu of the %zu-byte log: the store ended at block %llu, %llu acknowledged blocks lost\n",
              size / 2, size, static_cast<unsigned long long>(head),
              static_cast<unsigned long long>(c.session.stopped_at - head));
}

TEST(FluxdDamagedData, ByteTwentyOfTheWalFlippedRefusesAnEmptiedStore) {
  // Byte 20 is inside the log's first record: nothing after it replays, the store is
  // empty. Before the marker the node wrote a new genesis, as on a new directory.
  WalCase c;
  run_wal_case(c);
  flip_byte(c.wal, 20);
  EXPECT_EQ(expect_rollback_refused_then_accepted(c.dir, c.session), 0u);
}

TEST(FluxdDamagedData, DeletedWalRefusesAnEmptiedStore) {
  WalCase c;
  run_wal_case(c);
  std::filesystem::remove(c.wal);
  EXPECT_EQ(expect_rollback_refused_then_accepted(c.dir, c.session), 0u);
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

// GET /health: the HTTP status and the JSON body.
std::pair<unsigned, json> health(std::uint16_t port) {
  rpc::test::Client client(port);
  const auto res = client.get("/health");
  return {res.result_int(), json::parse(res.body())};
}

TEST(FluxdDamagedData, ByteFlippedInTheMiddleOfATableFileIsFoundByTheBackgroundCheck) {
  // 3,000 mined empty blocks fill the blocks table file with many data blocks (each
  // block record is a few hundred bytes, a data block 4 KiB), so its middle byte lies
  // in a data block that open() does not read (it reads block 0, the head and the
  // state): the node starts and serves. Before the background check /health said
  // "ok" for as long as it ran.
  TempDir dir;
  {
    FluxdProcess node(dir.data(), dir.path());
    ASSERT_TRUE(node.started()) << node.output();
    rpc_result(node.port(), "flux_mineBlocks", {{"blocks", 3000}});
    // An intact store passes: at least one check finished, no corruption, 200 "ok".
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (metric(metrics_text(node.port()), "flux_storage_table_checks_total") < 1 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::string text = metrics_text(node.port());
    EXPECT_GE(metric(text, "flux_storage_table_checks_total"), 1) << text;
    EXPECT_EQ(metric(text, "flux_storage_corruption_detected"), 0) << text;
    EXPECT_EQ(health(node.port()).first, 200u);
    EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
  }
  {
    FluxdProcess node(dir.data(), dir.path(), NodeOptions{60'000, 0, {}, true, {}});  // recovery writes the SSTs
    ASSERT_TRUE(node.started()) << node.output();
    EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
  }
  ASSERT_EQ(compact_every_column(dir.data()), 0);
  const auto tables = table_files(dir.data());
  ASSERT_TRUE(tables.count("blocks"));
  std::filesystem::path biggest;
  for (const auto& f : tables.at("blocks"))
    if (biggest.empty() || std::filesystem::file_size(f) > std::filesystem::file_size(biggest)) biggest = f;
  ASSERT_GT(std::filesystem::file_size(biggest), 64u * 1024) << biggest;
  flip_byte(biggest, std::filesystem::file_size(biggest) / 2);

  FluxdProcess node(dir.data(), dir.path());
  ASSERT_TRUE(node.started()) << "the damage is where open() does not read\n" << node.output();
  const std::uint16_t port = node.port();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::pair<unsigned, json> answer;
  try {
    answer = health(port);
    while (answer.first == 200 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      answer = health(port);
    }
  } catch (const std::exception& e) {
    FAIL() << "the node stopped answering: " << e.what() << "\n" << node.output();
  }
  // 503, so that a balancer stops sending clients here; the body says why.
  EXPECT_EQ(answer.first, 503u) << answer.second;
  EXPECT_EQ(answer.second["status"], "degraded") << answer.second;
  EXPECT_NE(answer.second.value("reason", "").find("storage corruption: corruption:"), std::string::npos)
      << answer.second;
  const std::string text = metrics_text(port);
  EXPECT_EQ(metric(text, "flux_storage_corruption_detected"), 1) << text;
  EXPECT_GE(metric(text, "flux_storage_table_checks_total"), 1) << text;
  // The node goes on: blocks are still produced and committed.
  wait_for_block(port, head(port).number + 2);
  expect_stopped_cleanly_or_by_storage(node);
  EXPECT_NE(node.stderr_text().find("fluxd: storage corruption detected: corruption:"), std::string::npos)
      << node.output();
  expect_verify_refuses(dir, 1);
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
    expect_stopped_cleanly_or_by_storage(node);
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
    EXPECT_EQ(error_code(rpc_call(node.port(), "flux_getEvents", {{"from_block", 0}, {"to_block", damaged}})), -32000);
    EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
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
