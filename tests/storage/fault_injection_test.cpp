// Crashes simulated in-process with FaultInjection: commit() syncs before it returns,
// and a write torn at any byte leaves the block entirely absent after reopening.
//
// What these prove is RocksDB's guarantee (one WriteBatch = one WAL record with a
// CRC, synced when WriteOptions::sync is set) as this layer uses it; what they add is
// that Database builds exactly one batch per block, syncs it, and reopens cleanly to
// the previous block afterwards.
#include <gtest/gtest.h>

#include <set>

#include "storage/database.hpp"
#include "storage/fault_injection.hpp"
#include "test_support.hpp"

namespace flux::storage {
namespace {

using testing::bare_commit;
using testing::expect_error;
using testing::hash_for;
using testing::open_ok;
using testing::TempDir;

// Block 3 is large enough (about 60 KB) for its WAL record to span two of the WAL's
// 32 KB physical blocks, so tears also land between the fragments of one record.
BlockCommit test_commit(std::uint64_t n) {
  BlockCommit c = bare_commit(n);
  const int puts = n == 3 ? 500 : 5;
  for (int i = 0; i < puts; ++i) {
    c.state_puts.emplace_back("b" + std::to_string(n) + "/" + std::to_string(i),
                              std::string(100, static_cast<char>('a' + n)));
  }
  c.index_puts = {{"tx/" + std::to_string(n), std::to_string(n)}};
  return c;
}

TEST(FaultInjection, CommitIsSyncedBeforeItReturns) {
  TempDir tmp;
  FaultInjection faults;
  DatabaseOptions options;
  options.env = faults.env();
  auto db = open_ok(tmp.db(), options);
  ASSERT_TRUE(db);
  for (std::uint64_t n = 0; n < 5; ++n) {
    const std::uint64_t before = faults.wal_bytes_appended();
    FLUX_ASSERT_OK(db->commit(test_commit(n)));
    EXPECT_GT(faults.wal_bytes_appended(), before);
    EXPECT_EQ(faults.unsynced_wal_bytes(), 0u) << "commit " << n << " returned before its WAL bytes were synced";
  }
  // Power loss now: everything not synced is gone. Every commit survives.
  faults.crash();
  db.reset();
  faults.drop_unsynced_data();
  db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  EXPECT_EQ(db->last_committed(), (LastCommitted{4, hash_for(4)}));
  EXPECT_EQ(*db->get_state("b4/0"), std::string(100, 'e'));
  FLUX_ASSERT_OK(db->verify());
}

TEST(FaultInjection, TheSimulatedPowerLossDoesDropUnsyncedWrites) {
  // The control for the test above: a write RocksDB was not asked to sync is lost, so
  // "every commit survives" there is not vacuous.
  TempDir tmp;
  FaultInjection faults;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.env = faults.env();
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, tmp.db().string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    rocksdb::WriteOptions unsynced;
    unsynced.sync = false;
    ASSERT_TRUE(db->Put(unsynced, "k", "v").ok());
    EXPECT_GT(faults.unsynced_wal_bytes(), 0u);
    faults.crash();
  }
  EXPECT_GT(faults.drop_unsynced_data(), 0u);
  rocksdb::Options options;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, tmp.db().string(), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "k", &value).IsNotFound());
}

// Commits 0..2, then commit 3 with the WAL allowed only `budget` more bytes; returns
// what commit 3 returned. The Database is destroyed (closed) on return.
Result<void> commit_3_with_budget(const std::filesystem::path& dir, std::optional<std::uint64_t> budget,
                                  std::uint64_t* wal_bytes_of_3 = nullptr) {
  FaultInjection faults;
  DatabaseOptions options;
  options.env = faults.env();
  auto db = Database::open(dir, options);
  if (!db) return db.error();
  for (std::uint64_t n = 0; n < 3; ++n) {
    if (auto r = (*db)->commit(test_commit(n)); !r) return r;
  }
  const std::uint64_t before = faults.wal_bytes_appended();
  faults.set_wal_append_budget(budget);
  Result<void> r = (*db)->commit(test_commit(3));
  if (wal_bytes_of_3 != nullptr) *wal_bytes_of_3 = faults.wal_bytes_appended() - before;
  if (!r) {
    // Whatever happened, the Database refuses to guess.
    auto again = (*db)->commit(test_commit(4));
    EXPECT_FALSE(again.ok());
    if (!again.ok()) {
      EXPECT_EQ(again.error().code, StorageError::needs_reopen);
    }
  }
  return r;
}

TEST(FaultInjection, AWriteTornAtAnyByteIsAllOrNothing) {
  std::uint64_t record_bytes = 0;
  {
    TempDir tmp;
    FLUX_ASSERT_OK(commit_3_with_budget(tmp.db(), std::nullopt, &record_bytes));
  }
  ASSERT_GT(record_bytes, 40000u);

  // Tears at the start, inside the 7-byte record header, around the 32 KB boundary
  // between the record's fragments, just before the end, and spread in between.
  std::set<std::uint64_t> cuts{0, 1, 6, 7, 8, record_bytes - 1, record_bytes};
  for (std::uint64_t c = 100; c < record_bytes; c += record_bytes / 17) cuts.insert(c);
  for (std::uint64_t c : {32768ull - 64, 32768ull - 1, 32768ull, 32768ull + 7, 32768ull + 100}) {
    if (c < record_bytes) cuts.insert(c);
  }

  for (std::uint64_t cut : cuts) {
    SCOPED_TRACE("WAL record of block 3 cut after " + std::to_string(cut) + " of " + std::to_string(record_bytes) +
                 " bytes");
    TempDir tmp;
    const Result<void> r = commit_3_with_budget(tmp.db(), cut);
    const bool whole = cut >= record_bytes;
    if (whole) {
      FLUX_ASSERT_OK(r);
    } else {
      expect_error(r, StorageError::io_error);
    }

    auto db = open_ok(tmp.db());  // the real file system: as after restarting
    ASSERT_TRUE(db);
    const std::uint64_t expected_last = whole ? 3 : 2;
    EXPECT_EQ(db->last_committed(), (LastCommitted{expected_last, hash_for(expected_last)}));
    EXPECT_EQ(db->block(3)->has_value(), whole);
    EXPECT_EQ(db->index("tx/3")->has_value(), whole);
    std::uint64_t of_block_3 = 0;
    auto scan = db->for_each_state_record([&](std::string_view key, std::string_view) {
      if (key.substr(0, 3) == "b3/") ++of_block_3;
    });
    ASSERT_TRUE(scan.ok()) << describe(scan.error());
    EXPECT_EQ(of_block_3, whole ? 500u : 0u);
    FLUX_ASSERT_OK(db->verify());
    if (!whole) FLUX_ASSERT_OK(db->commit(test_commit(3)));  // restart continues from block 2
  }
}

TEST(FaultInjection, ATornWriteFollowedByPowerLossIsAllOrNothing) {
  // The torn bytes were never synced; a power loss takes them and the reopen sees
  // block 2, as after a clean tear.
  TempDir tmp;
  FaultInjection faults;
  DatabaseOptions options;
  options.env = faults.env();
  auto db = open_ok(tmp.db(), options);
  ASSERT_TRUE(db);
  for (std::uint64_t n = 0; n < 3; ++n) FLUX_ASSERT_OK(db->commit(test_commit(n)));
  faults.set_wal_append_budget(20000);
  expect_error(db->commit(test_commit(3)), StorageError::io_error);
  faults.crash();
  db.reset();
  EXPECT_GE(faults.drop_unsynced_data(), 20000u);
  db = open_ok(tmp.db());
  ASSERT_TRUE(db);
  EXPECT_EQ(db->last_committed()->number, 2u);
  EXPECT_EQ(*db->get_state("b3/0"), std::nullopt);
  FLUX_ASSERT_OK(db->verify());
}

}  // namespace
}  // namespace flux::storage
