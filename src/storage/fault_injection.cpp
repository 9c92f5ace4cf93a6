#include "storage/fault_injection.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

namespace flux::storage {

namespace {

// What is known about one file written through the fault file system. Shared by the
// map (under the file's current name) and the open file object, so that a rename
// does not lose track of it.
struct FileEntry {
  std::uint64_t size = 0;    // bytes appended
  std::uint64_t synced = 0;  // bytes made durable by the last Sync/Fsync
  bool wal = false;
};

bool is_wal(const std::string& path) { return path.size() >= 4 && path.compare(path.size() - 4, 4, ".log") == 0; }

rocksdb::IOStatus dead_error() {
  return rocksdb::IOStatus::IOError("injected fault: the disk is gone (FaultInjection::crash)");
}

}  // namespace

struct FaultInjection::State {
  mutable std::mutex mu;
  std::map<std::string, std::shared_ptr<FileEntry>> files;  // by current name
  std::optional<std::uint64_t> wal_budget;
  bool dead = false;
  std::uint64_t wal_appended = 0;
};

namespace {

using State = FaultInjection::State;

class TrackedFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  TrackedFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::shared_ptr<FileEntry> entry,
              std::shared_ptr<State> state)
      : FSWritableFileOwnerWrapper(std::move(file)), entry_(std::move(entry)), state_(std::move(state)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    return append(data, options, dbg);
  }
  // The verification info (a checksum of `data`) would not match a torn prefix, so the
  // data goes down through the plain overload.
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& /*verification_info*/,
                           rocksdb::IODebugContext* dbg) override {
    return append(data, options, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, std::uint64_t offset,
                                     const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->PositionedAppend(data, offset, options, dbg);
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(state_->mu);
      entry_->size = std::max<std::uint64_t>(entry_->size, offset + data.size());
    }
    return s;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, std::uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& /*verification_info*/,
                                     rocksdb::IODebugContext* dbg) override {
    return PositionedAppend(data, offset, options, dbg);
  }
  rocksdb::IOStatus Truncate(std::uint64_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->Truncate(size, options, dbg);
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(state_->mu);
      entry_->size = size;
      entry_->synced = std::min(entry_->synced, size);
    }
    return s;
  }
  rocksdb::IOStatus Flush(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->Flush(options, dbg);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->Sync(options, dbg);
    if (s.ok()) mark_synced();
    return s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->Fsync(options, dbg);
    if (s.ok()) mark_synced();
    return s;
  }
  // sync_file_range starts writeback but promises nothing: not counted as synced.
  rocksdb::IOStatus RangeSync(std::uint64_t offset, std::uint64_t nbytes, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->RangeSync(offset, nbytes, options, dbg);
  }

 private:
  bool is_dead() const {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->dead;
  }

  void mark_synced() {
    std::lock_guard<std::mutex> lock(state_->mu);
    entry_->synced = entry_->size;
  }

  rocksdb::IOStatus append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) {
    std::size_t allowed = data.size();
    {
      std::lock_guard<std::mutex> lock(state_->mu);
      if (state_->dead) return dead_error();
      if (entry_->wal && state_->wal_budget) {
        allowed = static_cast<std::size_t>(std::min<std::uint64_t>(allowed, *state_->wal_budget));
        *state_->wal_budget -= allowed;
      }
    }
    if (allowed > 0) {
      rocksdb::IOStatus s = target()->Append(rocksdb::Slice(data.data(), allowed), options, dbg);
      if (!s.ok()) return s;
      std::lock_guard<std::mutex> lock(state_->mu);
      entry_->size += allowed;
      if (entry_->wal) state_->wal_appended += allowed;
    }
    if (allowed < data.size()) {
      return rocksdb::IOStatus::IOError("injected fault: torn write, " + std::to_string(allowed) + " of " +
                                        std::to_string(data.size()) + " bytes written");
    }
    return rocksdb::IOStatus::OK();
  }

  std::shared_ptr<FileEntry> entry_;
  std::shared_ptr<State> state_;
};

class FaultFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultFileSystem(std::shared_ptr<State> state)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), state_(std::move(state)) {}

  const char* Name() const override { return "FluxFaultInjectionFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->NewWritableFile(fname, options, result, dbg);
    if (s.ok()) track(fname, 0, result);
    return s;
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    std::uint64_t size = 0;
    if (!target()->GetFileSize(fname, rocksdb::IOOptions(), &size, dbg).ok()) size = 0;
    rocksdb::IOStatus s = target()->ReopenWritableFile(fname, options, result, dbg);
    if (s.ok()) track(fname, size, result);  // what was there before is taken as durable
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->ReuseWritableFile(fname, old_fname, options, result, dbg);
    if (s.ok()) {
      forget(old_fname);
      track(fname, 0, result);
    }
    return s;
  }
  rocksdb::IOStatus NewRandomRWFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->NewRandomRWFile(fname, options, result, dbg);
  }
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& dst, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->RenameFile(src, dst, options, dbg);
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(state_->mu);
      auto it = state_->files.find(src);
      if (it != state_->files.end()) {
        std::shared_ptr<FileEntry> entry = it->second;
        state_->files.erase(it);
        state_->files[dst] = std::move(entry);
      } else {
        state_->files.erase(dst);
      }
    }
    return s;
  }
  rocksdb::IOStatus LinkFile(const std::string& src, const std::string& dst, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->LinkFile(src, dst, options, dbg);
  }
  rocksdb::IOStatus DeleteFile(const std::string& fname, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->DeleteFile(fname, options, dbg);
    if (s.ok()) forget(fname);
    return s;
  }
  rocksdb::IOStatus Truncate(const std::string& fname, size_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    rocksdb::IOStatus s = target()->Truncate(fname, size, options, dbg);
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(state_->mu);
      auto it = state_->files.find(fname);
      if (it != state_->files.end()) {
        it->second->size = size;
        it->second->synced = std::min<std::uint64_t>(it->second->synced, size);
      }
    }
    return s;
  }
  rocksdb::IOStatus CreateDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->CreateDir(dirname, options, dbg);
  }
  rocksdb::IOStatus CreateDirIfMissing(const std::string& dirname, const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->CreateDirIfMissing(dirname, options, dbg);
  }
  rocksdb::IOStatus DeleteDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    if (is_dead()) return dead_error();
    return target()->DeleteDir(dirname, options, dbg);
  }

 private:
  bool is_dead() const {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->dead;
  }

  void track(const std::string& fname, std::uint64_t durable_size, std::unique_ptr<rocksdb::FSWritableFile>* file) {
    auto entry = std::make_shared<FileEntry>();
    entry->size = durable_size;
    entry->synced = durable_size;
    entry->wal = is_wal(fname);
    {
      std::lock_guard<std::mutex> lock(state_->mu);
      state_->files[fname] = entry;
    }
    *file = std::make_unique<TrackedFile>(std::move(*file), std::move(entry), state_);
  }

  void forget(const std::string& fname) {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->files.erase(fname);
  }

  std::shared_ptr<State> state_;
};

}  // namespace

FaultInjection::FaultInjection()
    : state_(std::make_shared<State>()), env_(rocksdb::NewCompositeEnv(std::make_shared<FaultFileSystem>(state_))) {}

FaultInjection::~FaultInjection() = default;

rocksdb::Env* FaultInjection::env() const { return env_.get(); }

void FaultInjection::set_wal_append_budget(std::optional<std::uint64_t> bytes) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->wal_budget = bytes;
}

void FaultInjection::crash() {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->dead = true;
}

std::uint64_t FaultInjection::drop_unsynced_data() {
  std::lock_guard<std::mutex> lock(state_->mu);
  if (!state_->dead) throw std::logic_error("FaultInjection::drop_unsynced_data() before crash()");
  std::uint64_t dropped = 0;
  for (auto& [path, entry] : state_->files) {
    if (entry->size <= entry->synced) continue;
    if (::truncate(path.c_str(), static_cast<off_t>(entry->synced)) != 0) {
      if (errno == ENOENT) continue;  // removed behind our back: nothing left to cut
      throw std::runtime_error("FaultInjection: truncating " + path + ": " + std::strerror(errno));
    }
    dropped += entry->size - entry->synced;
    entry->size = entry->synced;
  }
  return dropped;
}

std::uint64_t FaultInjection::wal_bytes_appended() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->wal_appended;
}

std::uint64_t FaultInjection::unsynced_wal_bytes() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  std::uint64_t total = 0;
  for (const auto& [path, entry] : state_->files) {
    if (entry->wal) total += entry->size - entry->synced;
  }
  return total;
}

}  // namespace flux::storage
