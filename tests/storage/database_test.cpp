// Database: sequential commits, persistence across reopen, reads and iteration.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "storage/database.hpp"
#include "test_support.hpp"

namespace flux::storage {
namespace {

using testing::bare_commit;
using testing::block_bytes_for;
using testing::expect_error;
using testing::hash_for;
using testing::open_ok;
using testing::TempDir;

std::map<std::string, std::string> all_state(const Database& db, StateScan* scan = nullptr) {
  std::map<std::string, std::string> out;
  std::vector<std::string> order;
  auto r = db.for_each_state_record([&](std::string_view k, std::string_view v) {
    order.emplace_back(k);
    out.emplace(std::string(k), std::string(v));
  });
  EXPECT_TRUE(r.ok()) << describe(r.error());
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  if (r.ok() && scan != nullptr) *scan = *r;
  return out;
}

std::optional<std::string> state(const Database& db, std::string_view key) {
  auto r = db.get_state(key);
  EXPECT_TRUE(r.ok()) << describe(r.error());
  return r.ok() ? *r : std::nullopt;
}

TEST(Database, NewDirectoryIsEmpty) {
  TempDir tmp;
  auto db = open_ok(tmp.path() / "a" / "b" / "db");  // parents created too
  ASSERT_TRUE(db);
  EXPECT_EQ(db->last_committed(), std::nullopt);
  auto b = db->block(0);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, std::nullopt);
  EXPECT_TRUE(all_state(*db).empty());
  auto v = db->verify();
  ASSERT_TRUE(v.ok()) << describe(v.error());
  EXPECT_EQ(v->blocks, 0u);
}

TEST(Database, CommitsAreStrictlySequentialAndRejectedOnesWriteNothing) {
  TempDir tmp;
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  BlockCommit one = bare_commit(1);
  one.state_puts = {{"early", "x"}};
  expect_error(db->commit(one), StorageError::out_of_order);
  FLUX_ASSERT_OK(db->commit(bare_commit(0)));
  EXPECT_EQ(db->last_committed(), (LastCommitted{0, hash_for(0)}));
  expect_error(db->commit(bare_commit(0)), StorageError::out_of_order);
  BlockCommit two = bare_commit(2);
  two.state_puts = {{"skipped", "x"}};
  two.index_puts = {{"tx", "2"}};
  expect_error(db->commit(two), StorageError::out_of_order);
  FLUX_ASSERT_OK(db->commit(bare_commit(1)));

  EXPECT_EQ(db->last_committed()->number, 1u);
  EXPECT_EQ(state(*db, "early"), std::nullopt);
  EXPECT_EQ(state(*db, "skipped"), std::nullopt);
  EXPECT_EQ(*db->index("tx"), std::nullopt);
  EXPECT_EQ(*db->block(2), std::nullopt);
}

TEST(Database, MalformedCommitsWriteNothing) {
  TempDir tmp;
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  FLUX_ASSERT_OK(db->commit(bare_commit(0)));
  BlockCommit bad = bare_commit(1);
  bad.state_puts = {{"a", "1"}};
  bad.state_deletes = {"a"};
  expect_error(db->commit(bad), StorageError::invalid_argument);
  bad = bare_commit(1);
  bad.state_puts = {{"a", "1"}};
  bad.state_hash = "not 32 bytes";
  expect_error(db->commit(bad), StorageError::invalid_argument);
  EXPECT_EQ(db->last_committed()->number, 0u);
  EXPECT_EQ(state(*db, "a"), std::nullopt);
  EXPECT_EQ(*db->block(1), std::nullopt);
  // A rejected commit does not poison the database.
  FLUX_ASSERT_OK(db->commit(bare_commit(1)));
}

TEST(Database, ReopenContinuesFromTheLastCommittedBlock) {
  TempDir tmp;
  {
    auto db = open_ok(tmp.db());
    ASSERT_TRUE(db);
    for (std::uint64_t n = 0; n < 10; ++n) FLUX_ASSERT_OK(db->commit(bare_commit(n)));
  }
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  EXPECT_EQ(db->last_committed(), (LastCommitted{9, hash_for(9)}));
  for (std::uint64_t n = 0; n < 10; ++n) {
    auto b = db->block(n);
    ASSERT_TRUE(b.ok()) << describe(b.error());
    ASSERT_TRUE(b->has_value());
    EXPECT_EQ(**b, (BlockRecord{n, hash_for(n), block_bytes_for(n)}));
  }
  expect_error(db->commit(bare_commit(9)), StorageError::out_of_order);
  FLUX_ASSERT_OK(db->commit(bare_commit(10)));
}

TEST(Database, StatePutsAndDeletesSurviveReopen) {
  TempDir tmp;
  {
    auto db = open_ok(tmp.db());
    ASSERT_TRUE(db);
    BlockCommit c0 = bare_commit(0);
    c0.state_puts = {{"a", "1"}, {"b", "2"}, {"c", "3"}, {std::string("\0bin", 4), std::string("\xff\0", 2)}};
    FLUX_ASSERT_OK(db->commit(c0));
    BlockCommit c1 = bare_commit(1);
    c1.state_puts = {{"a", "10"}, {"d", ""}};
    c1.state_deletes = {"b", "never-existed"};
    FLUX_ASSERT_OK(db->commit(c1));
    // Visible before closing too.
    EXPECT_EQ(state(*db, "a"), "10");
    EXPECT_EQ(state(*db, "b"), std::nullopt);
  }
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  EXPECT_EQ(state(*db, "a"), "10");
  EXPECT_EQ(state(*db, "b"), std::nullopt);
  EXPECT_EQ(state(*db, "c"), "3");
  EXPECT_EQ(state(*db, "d"), "");
  StateScan scan;
  const std::map<std::string, std::string> expected{
      {std::string("\0bin", 4), std::string("\xff\0", 2)}, {"a", "10"}, {"c", "3"}, {"d", ""}};
  EXPECT_EQ(all_state(*db, &scan), expected);
  EXPECT_EQ(scan.records, 4u);
  EXPECT_EQ(scan.as_of, (LastCommitted{1, hash_for(1)}));
}

TEST(Database, IndexRecords) {
  TempDir tmp;
  {
    auto db = open_ok(tmp.db());
    ASSERT_TRUE(db);
    BlockCommit c0 = bare_commit(0);
    c0.index_puts = {{"tx-aa", "0"}, {"tx-bb", "0"}};
    FLUX_ASSERT_OK(db->commit(c0));
  }
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  EXPECT_EQ(*db->index("tx-aa"), "0");
  EXPECT_EQ(*db->index("tx-cc"), std::nullopt);
  EXPECT_EQ(*db->get_state("tx-aa"), std::nullopt);  // column families are separate
}

TEST(Database, BlocksIterateInNumericOrder) {
  TempDir tmp;
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  // Past 255 and 256: a little-endian or decimal key would sort 256 before 3.
  constexpr std::uint64_t kBlocks = 270;
  for (std::uint64_t n = 0; n < kBlocks; ++n) FLUX_ASSERT_OK(db->commit(bare_commit(n)));

  auto collect = [&](std::uint64_t from, std::uint64_t to) {
    std::vector<std::uint64_t> seen;
    auto r = db->for_each_block(from, to, [&](const BlockRecord& b) {
      EXPECT_EQ(b.bytes, block_bytes_for(b.number));
      EXPECT_EQ(b.state_hash, hash_for(b.number));
      seen.push_back(b.number);
    });
    EXPECT_TRUE(r.ok()) << describe(r.error());
    if (r.ok()) {
      EXPECT_EQ(*r, seen.size());
    }
    return seen;
  };
  std::vector<std::uint64_t> all(kBlocks);
  for (std::uint64_t n = 0; n < kBlocks; ++n) all[n] = n;
  EXPECT_EQ(collect(0, kBlocks - 1), all);
  EXPECT_EQ(collect(250, 260), std::vector<std::uint64_t>(all.begin() + 250, all.begin() + 261));
  EXPECT_EQ(collect(265, 100000), std::vector<std::uint64_t>(all.begin() + 265, all.end()));
  EXPECT_EQ(collect(0, UINT64_MAX), all);
  EXPECT_EQ(collect(7, 7), std::vector<std::uint64_t>{7});
  EXPECT_TRUE(collect(kBlocks, kBlocks + 10).empty());
  expect_error(db->for_each_block(5, 4, [](const BlockRecord&) {}), StorageError::invalid_argument);
}

TEST(Database, ClosedThenReopenedIsConsistent) {
  TempDir tmp;
  std::map<std::string, std::string> before;
  std::optional<LastCommitted> last_before;
  {
    auto db = open_ok(tmp.db());
    ASSERT_TRUE(db);
    for (std::uint64_t n = 0; n < 20; ++n) {
      BlockCommit c = bare_commit(n);
      c.state_puts = {{"acct/" + std::to_string(n % 7), "v" + std::to_string(n)}};
      if (n % 5 == 4) c.state_deletes = {"acct/" + std::to_string((n + 3) % 7)};
      c.index_puts = {{"tx/" + std::to_string(n), std::to_string(n)}};
      FLUX_ASSERT_OK(db->commit(c));
      if (n == 10) FLUX_ASSERT_OK(db->flush());  // some records in table files, some only in the WAL
    }
    before = all_state(*db);
    last_before = db->last_committed();
  }
  for (int round = 0; round < 3; ++round) {
    auto db = open_ok(tmp.db());
    ASSERT_TRUE(db);
    EXPECT_EQ(db->last_committed(), last_before);
    EXPECT_EQ(all_state(*db), before);
    auto report = db->verify();
    ASSERT_TRUE(report.ok()) << describe(report.error());
    EXPECT_EQ(report->blocks, 20u);
    EXPECT_EQ(report->state_records, before.size());
    EXPECT_EQ(report->index_records, 20u);
  }
}

TEST(Database, ReadsRunBesideCommits) {
  TempDir tmp;
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  FLUX_ASSERT_OK(db->commit(bare_commit(0)));
  std::thread writer([&] {
    for (std::uint64_t n = 1; n < 40; ++n) {
      BlockCommit c = bare_commit(n);
      c.state_puts = {{"counter", std::to_string(n)}};
      ASSERT_TRUE(db->commit(c).ok());
    }
  });
  for (int i = 0; i < 40; ++i) {
    // Each scan sees one snapshot: the counter agrees with the block it reports.
    std::string counter = "0";
    StateScan scan;
    auto r = db->for_each_state_record([&](std::string_view, std::string_view v) { counter = std::string(v); });
    ASSERT_TRUE(r.ok()) << describe(r.error());
    scan = *r;
    ASSERT_TRUE(scan.as_of);
    EXPECT_EQ(counter, std::to_string(scan.as_of->number));
    auto blocks = db->for_each_block(0, UINT64_MAX, [](const BlockRecord&) {});
    ASSERT_TRUE(blocks.ok()) << describe(blocks.error());
  }
  writer.join();
  EXPECT_EQ(db->last_committed()->number, 39u);
}

TEST(Database, ASecondOpenOfTheSameDirectoryFails) {
  TempDir tmp;
  auto db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  auto second = Database::open(tmp.db());
  expect_error(second, StorageError::io_error);  // RocksDB's LOCK file
}

TEST(Database, RefusesAnotherProgramsRocksDb) {
  TempDir tmp;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, tmp.db().string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    rocksdb::ColumnFamilyHandle* cf = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "accounts", &cf).ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(cf).ok());
  }
  const std::string msg = expect_error(Database::open(tmp.db()), StorageError::unsupported_format);
  EXPECT_NE(msg.find("\"accounts\""), std::string::npos) << msg;
}

TEST(Database, RefusesADefaultColumnFamilyWithData) {
  TempDir tmp;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, tmp.db().string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "someone", "else").ok());
  }
  expect_error(Database::open(tmp.db()), StorageError::inconsistent);
}

}  // namespace
}  // namespace flux::storage
