// FaultInjection: a RocksDB file system that can tear writes, die, and forget what was
// never synced — the disk faults that tests and the crash simulator inject
// (LevelDB's "environment abstraction that lets tests inject disk faults").
//
// It wraps the real (POSIX) file system and passes every call through, tracking, for
// each file written through it, how many bytes were appended and how many of those a
// Sync/Fsync made durable. Three faults:
//
//   set_wal_append_budget(n)  the next n bytes appended to write-ahead logs (*.log)
//                             are written; the append that crosses the budget writes
//                             only its first part and fails, as does every later
//                             one. A torn WAL record at any byte offset, on demand.
//   crash()                   from now on every write, sync, create, rename and
//                             delete fails: the process is as good as dead. The test
//                             then destroys the Database (whose close cannot write).
//   drop_unsynced_data()      after crash() and after the Database is gone:
//                             truncates every tracked file to its last synced size,
//                             as a power loss would (with an honest disk). Files never
//                             synced become empty.
//
// What it does not model: directory entries (a file created or renamed but whose
// directory was not fsynced survives here, it might not on a real power loss), a disk
// that reorders or lies about syncs, sector-level tearing inside a synced range.
//
// Ownership: the FaultInjection object owns the file system and the Env built on it;
// env() is valid while it lives and must outlive every Database opened with it.
// Thread-safe: RocksDB's background threads write through it too.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace flux::storage {

class FaultInjection {
 public:
  FaultInjection();
  ~FaultInjection();
  FaultInjection(const FaultInjection&) = delete;
  FaultInjection& operator=(const FaultInjection&) = delete;

  rocksdb::Env* env() const;

  // nullopt: unlimited (the default).
  void set_wal_append_budget(std::optional<std::uint64_t> bytes);
  void crash();
  // Returns how many bytes were cut off. Requires crash() first.
  std::uint64_t drop_unsynced_data();

  // Bytes appended to WAL files so far, and how many of them are not yet synced.
  std::uint64_t wal_bytes_appended() const;
  std::uint64_t unsynced_wal_bytes() const;

  struct State;  // shared with the files it hands out; defined in the .cpp

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<rocksdb::Env> env_;
};

}  // namespace flux::storage
