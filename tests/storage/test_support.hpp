// Helpers shared by the storage tests: scratch directories, commits with predictable
// contents, and a raw RocksDB handle for tampering with a closed directory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "storage/commit.hpp"
#include "storage/database.hpp"
#include "storage/layout.hpp"

namespace flux::storage::testing {

// A fresh directory under the system temp dir, named after the running test, removed
// when the object goes away.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "flux-storage-";
    if (info != nullptr) name += std::string(info->test_suite_name()) + "." + info->name() + "-";
    name += std::to_string(::getpid()) + "-" + std::to_string(counter++);
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path db() const { return path_ / "db"; }

 private:
  std::filesystem::path path_;
};

// A 32-byte state hash that differs for every block number.
inline std::string hash_for(std::uint64_t number) {
  std::string h(kStateHashBytes, '\0');
  std::uint64_t x = number * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
  for (std::size_t i = 0; i < h.size(); ++i) {
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    h[i] = static_cast<char>(x >> 56);
  }
  return h;
}

inline std::string block_bytes_for(std::uint64_t number) { return "block #" + std::to_string(number); }

// Block `number` with no state changes.
inline BlockCommit bare_commit(std::uint64_t number) {
  BlockCommit c;
  c.number = number;
  c.block_bytes = block_bytes_for(number);
  c.state_hash = hash_for(number);
  return c;
}

inline std::unique_ptr<Database> open_ok(const std::filesystem::path& dir, const DatabaseOptions& options = {}) {
  auto db = Database::open(dir, options);
  if (!db) ADD_FAILURE() << "open " << dir << ": " << describe(db.error());
  return db ? std::move(*db) : nullptr;
}

// Expects `r` to fail with `code`; returns its message ("" otherwise).
template <class R>
std::string expect_error(const R& r, StorageError code) {
  if (r.ok()) {
    ADD_FAILURE() << "expected " << to_string(code) << ", got success";
    return "";
  }
  EXPECT_EQ(r.error().code, code) << describe(r.error());
  return r.error().message;
}

#define FLUX_ASSERT_OK(expr)                                                 \
  do {                                                                       \
    auto flux_r_ = (expr);                                                   \
    ASSERT_TRUE(flux_r_.ok()) << #expr << ": " << describe(flux_r_.error()); \
  } while (0)

// RocksDB opened directly on a closed Flux directory, to tamper with records the way a
// bug or another program could. Destroy it before reopening with Database.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& dir) {
    rocksdb::DBOptions options;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
    for (Column c : kColumns) cfs.emplace_back(std::string(column_name(c)), rocksdb::ColumnFamilyOptions());
    rocksdb::DB* raw = nullptr;
    const rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), cfs, &handles_, &raw);
    if (!s.ok()) throw std::runtime_error("RawDb: " + s.ToString());
    db_.reset(raw);
  }
  ~RawDb() {
    for (auto* h : handles_) (void)db_->DestroyColumnFamilyHandle(h);
    (void)db_->Close();
  }
  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Column c) { return handles_[static_cast<std::size_t>(c)]; }
  rocksdb::ColumnFamilyHandle* default_cf() { return handles_[0]; }

  std::string get(Column c, const std::string& key) {
    std::string value;
    const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(c), key, &value);
    if (!s.ok()) throw std::runtime_error("RawDb::get: " + s.ToString());
    return value;
  }
  void put(Column c, const std::string& key, const std::string& value) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    const rocksdb::Status s = db_->Put(wo, cf(c), key, value);
    if (!s.ok()) throw std::runtime_error("RawDb::put: " + s.ToString());
  }
  void del(Column c, const std::string& key) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    const rocksdb::Status s = db_->Delete(wo, cf(c), key);
    if (!s.ok()) throw std::runtime_error("RawDb::del: " + s.ToString());
  }
  // Flips one bit of the stored value at `offset` (counted from the value's start).
  void flip(Column c, const std::string& key, std::size_t offset) {
    std::string value = get(c, key);
    value.at(offset) = static_cast<char>(value.at(offset) ^ 0x10);
    put(c, key, value);
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The files of `dir` whose names end with `suffix` (".log", ".sst"), by name, so the
// newest RocksDB file (highest number) is last.
inline std::vector<std::filesystem::path> files_with_suffix(const std::filesystem::path& dir,
                                                            const std::string& suffix) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace flux::storage::testing
