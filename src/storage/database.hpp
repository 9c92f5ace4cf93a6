// Database: the node's durable store, one RocksDB directory laid out as layout.hpp
// describes. It stores opaque byte records; the node owns every encoding.
//
// Durability: commit() returns only after the block, its state changes, its index
// entries and the new meta record are in the write-ahead log and synced (one
// WriteBatch, WriteOptions::sync). A crash at any moment leaves every block whose
// commit returned, and each block is there entirely or not at all.
//
// Threads: reads may run concurrently with each other and with commit() (RocksDB is
// thread-safe; each read sees one consistent snapshot). Commits are serialized by an
// internal mutex; the node is expected to commit from one thread.
//
// Ownership: open() returns the only owner. Destroying it closes RocksDB; views and
// callbacks' arguments never outlive the call they were given in.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/commit.hpp"
#include "storage/records.hpp"
#include "storage/result.hpp"
#include "storage/schema.hpp"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Env;
class Snapshot;
}  // namespace rocksdb

namespace flux::storage {

struct DatabaseOptions {
  // The environment RocksDB does all file I/O through; nullptr for the real one.
  // Tests pass FaultInjection::env() (fault_injection.hpp). Not owned: it must
  // outlive the Database.
  rocksdb::Env* env = nullptr;
  // The record schema the opener writes, and the migrations to it (schema.hpp). The
  // default is schema 1 with no migrations: storage's own tests and tools.
  Schema schema;
  // Told what open() did beyond opening: "migrated storage schema 1 → 2 (...)".
  std::function<void(const std::string&)> log;
};

// What for_each_state_record saw: the block the state belongs to (read from the same
// snapshot as the records) and how many records it passed to the callback.
struct StateScan {
  std::optional<LastCommitted> as_of;
  std::uint64_t records = 0;
};

struct VerifyReport {
  std::uint64_t blocks = 0;
  std::uint64_t state_records = 0;
  std::uint64_t index_records = 0;
};

class Database {
 public:
  // Opens `dir`, creating it (and its parents) and initializing an empty database if
  // it holds none. Then checks the invariants of layout.hpp: the format record, the
  // meta record, the last block's record and that nothing follows it. A damaged or
  // contradictory directory is refused (corruption, corrupt_record, inconsistent,
  // unsupported_format), never half-opened. Last, the record schema: a newer one than
  // options.schema is unsupported_format; an older one is migrated in place, in one
  // synced WriteBatch, and options.log told.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& dir, const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Writes the block, its state puts and deletes, its index puts and the meta record
  // in one synced WriteBatch. check_commit() (commit.hpp) first: out_of_order or
  // invalid_argument, and nothing is written. If the write itself fails, the outcome
  // is unknown until reopening: the error is returned and every later commit fails
  // with needs_reopen.
  Result<void> commit(const BlockCommit& commit);
  // Several consecutive blocks in one synced WriteBatch: all of them or none. Each is
  // checked as commit() checks it, against the one before. (The dev node's
  // flux_mineBlocks writes thousands of empty blocks this way.)
  Result<void> commit_all(const std::vector<BlockCommit>& commits);

  // The last committed block and its state hash; nullopt before block 0. Kept in
  // memory (checked against the disk at open, updated by commit): no I/O.
  std::optional<LastCommitted> last_committed() const;

  // Block `number`; nullopt if it was never committed.
  Result<std::optional<BlockRecord>> block(std::uint64_t number) const;

  // Calls `visit` for each committed block in [from, to] in increasing order, and
  // returns how many it visited (blocks past the last committed one are simply not
  // there). A gap in the sequence is inconsistent. from > to is invalid_argument.
  Result<std::uint64_t> for_each_block(std::uint64_t from, std::uint64_t to,
                                       const std::function<void(const BlockRecord&)>& visit) const;

  // Calls `visit` with every state record, in key order, from one snapshot: the
  // restart path. Every frame is checked; the first bad one ends the scan with
  // corrupt_record naming its key. The views are valid only during the call.
  Result<StateScan> for_each_state_record(
      const std::function<void(std::string_view key, std::string_view value)>& visit) const;

  Result<std::optional<std::string>> get_state(std::string_view key) const;
  Result<std::optional<std::string>> index(std::string_view key) const;

  // Full check, for a `verify` command and tests: RocksDB's checksums of every table
  // file, then every block 0..last (contiguous, frames valid, numbers match, the last
  // one agrees with the meta record), every state and index record's frame.
  Result<VerifyReport> verify() const;

  // RocksDB's checksums of every live table file (SST), nothing else: what verify()
  // starts with, for a node to run in the background while it serves (it holds no
  // lock, reads each file once, sequentially, and keeps it out of the block cache).
  // corruption naming the file on a mismatch.
  Result<void> verify_table_checksums() const;

  // Writes the memtables of every column family to table files and waits: not
  // needed for durability (the WAL has it), but tests use it to put records into
  // SST files, and an operator before copying the directory.
  Result<void> flush();

  const std::filesystem::path& dir() const { return dir_; }
  // The record schema of the directory (after any migration open() ran).
  std::uint32_t schema_version() const { return schema_version_; }

 private:
  Database(std::filesystem::path dir, rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*> handles);

  Result<void> initialize_or_check_format(std::uint32_t schema_version);
  Result<void> check_or_migrate_schema(const DatabaseOptions& options);
  Result<void> load_and_check_last_committed();
  rocksdb::ColumnFamilyHandle* handle(Column column) const;
  // Reads and checks one framed value; nullopt if absent.
  Result<std::optional<std::string>> read_payload(Column column, std::string_view key,
                                                  const rocksdb::Snapshot* snapshot = nullptr) const;
  Result<std::optional<LastCommitted>> read_last_committed(const rocksdb::Snapshot* snapshot) const;
  Result<bool> column_empty(rocksdb::ColumnFamilyHandle* handle) const;
  Result<std::uint64_t> scan_frames(Column column) const;

  std::filesystem::path dir_;
  // Owned. The column family handles are destroyed before the DB (they point into it).
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // [0] default, then kColumns in order

  mutable std::mutex mutex_;  // guards last_ and needs_reopen_; held for a whole commit
  std::optional<LastCommitted> last_;
  bool needs_reopen_ = false;
  std::uint32_t schema_version_ = 1;
};

}  // namespace flux::storage
