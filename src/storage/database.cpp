#include "storage/database.hpp"

#include <algorithm>
#include <array>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "storage/frame.hpp"
#include "storage/layout.hpp"

namespace flux::storage {

namespace {

Error from_status(const rocksdb::Status& status, const std::string& context) {
  StorageError code = StorageError::internal;
  if (status.IsCorruption()) {
    code = StorageError::corruption;
  } else if (status.IsIOError()) {  // includes no space, path not found, lock held
    code = StorageError::io_error;
  }
  return Error{code, context + ": " + status.ToString()};
}

Error inconsistent(std::string message) { return Error{StorageError::inconsistent, std::move(message)}; }

rocksdb::DBOptions db_options(const DatabaseOptions& options) {
  rocksdb::DBOptions o;
  o.create_if_missing = true;
  // Needed for a new directory, and for one whose creation was interrupted between
  // RocksDB creating the database and creating the last column family (open() refuses
  // column families that are not Flux's before getting here).
  o.create_missing_column_families = true;
  // Verify table files as they are opened and fail reads on any checksum mismatch
  // instead of skipping data.
  o.paranoid_checks = true;
  // WAL recovery: kPointInTimeRecovery, not kAbsoluteConsistency.
  //
  // A block is one WAL record. A crash (kill, power loss) can leave the record that
  // was being written torn: part of its bytes on disk, the sync never done, the
  // commit never acknowledged. kAbsoluteConsistency treats any such tail as
  // corruption and refuses to open, so a node killed mid-commit could not restart
  // without an operator — against "restart continues from the last committed
  // block". kPointInTimeRecovery replays the WAL up to the first bad record and
  // stops there: a torn tail is dropped, which is exactly the unacknowledged commit,
  // and since every batch is one record the result is always a block boundary.
  //
  // The price: a record damaged in the middle of the log (a bit flip in an
  // acknowledged, synced block still only in the WAL) also ends replay there, and
  // the acknowledged blocks after it are lost silently — open() succeeds at an
  // earlier, consistent block; neither RocksDB nor the frame can tell that from a
  // torn tail. A caller that must notice compares last_committed() with what it has
  // published (block numbers given to clients or peers): the node keeps that in the
  // acknowledged-head marker (acknowledged_head.hpp) and refuses such a store. Corruption tests show both
  // cases (Corruption.BitFlipIn*WalRecord*). Records already flushed to table files
  // are not affected: an SST flip is an error, never a rollback.
  // kTolerateCorruptedTailRecords would refuse a mid-log flip, but it is RocksDB's
  // least used mode; track_and_verify_wals_in_manifest covers only closed WALs and
  // had false "size mismatch" alarms in the 7.x series (rocksdb#10185, #10892), so
  // it stays off.
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // RocksDB's informational LOG files: keep a few, not one per open forever.
  o.keep_log_file_num = 5;
  o.max_background_jobs = 2;
  // Bound the WAL, and with it the restart. A log file is released only once every
  // column family has flushed what it holds from it, and `meta` (two keys, rewritten
  // by every commit) never fills its memtable: left alone, the WAL grows to RocksDB's
  // default cap, 4 x every memtable (about 2.5 GB here), and open() replays all of it
  // (2.6 s of a 3.7 s restart after 1,000,000 transactions, growing with every one).
  // Past this size RocksDB flushes the column families that pin the oldest log.
  o.max_total_wal_size = 128 << 20;
  if (options.env != nullptr) o.env = options.env;
  return o;
}

rocksdb::ColumnFamilyOptions column_options(Column column, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  o.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // State and index are read by point lookups, often of absent keys (is this tx
  // known?): a bloom filter answers most of those without reading a data block.
  // Blocks are read by number within a dense range and meta has two keys.
  if (column == Column::state || column == Column::index) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

bool is_flux_column(const std::string& name) {
  return std::any_of(kColumns.begin(), kColumns.end(), [&name](Column column) { return column_name(column) == name; });
}

// Iterator bounds must outlive the iterator; this keeps the bytes and the Slice together.
struct UpperBound {
  std::string key;
  rocksdb::Slice slice;
};

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& dir, const DatabaseOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{StorageError::io_error, "creating " + dir.string() + ": " + ec.message()};

  rocksdb::DBOptions dbo = db_options(options);
  const std::string name = dir.string();

  // An existing directory must hold Flux's column families only: refuse another
  // program's database before touching it.
  std::vector<std::string> existing;
  const rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(dbo, name, &existing);
  if (listed.ok()) {
    for (const std::string& cf : existing) {
      if (cf != rocksdb::kDefaultColumnFamilyName && !is_flux_column(cf)) {
        return Error{StorageError::unsupported_format,
                     name + ": column family \"" + cf + "\" is not Flux's; not a Flux storage directory"};
      }
    }
  } else if (!dbo.env->FileExists(name + "/CURRENT").IsNotFound()) {
    return from_status(listed, "reading the column families of " + name);
  }

  // One block cache for every column family, so the memory bound is one number.
  const std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(64 << 20);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (Column column : kColumns) {
    descriptors.emplace_back(std::string(column_name(column)), column_options(column, cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened = rocksdb::DB::Open(dbo, name, descriptors, &handles, &raw);
  if (!opened.ok()) return from_status(opened, "opening " + name);

  std::unique_ptr<Database> db(new Database(dir, raw, std::move(handles)));
  if (auto r = db->initialize_or_check_format(options.schema.version()); !r) return r.error();
  if (auto r = db->load_and_check_last_committed(); !r) return r.error();
  if (auto r = db->check_or_migrate_schema(options); !r) return r.error();
  return db;
}

Database::Database(std::filesystem::path dir, rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : dir_(std::move(dir)), db_(db), handles_(std::move(handles)) {}

Database::~Database() {
  // Nothing useful can be done with a failure here: every acknowledged commit is
  // already synced, and the next open recovers from the WAL.
  for (rocksdb::ColumnFamilyHandle* h : handles_) (void)db_->DestroyColumnFamilyHandle(h);
  (void)db_->Close();
}

rocksdb::ColumnFamilyHandle* Database::handle(Column column) const {
  return handles_[static_cast<std::size_t>(column)];
}

Result<std::optional<std::string>> Database::read_payload(Column column, std::string_view key,
                                                          const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  rocksdb::PinnableSlice value;
  const rocksdb::Status s = db_->Get(ro, handle(column), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return from_status(s, "reading " + describe_record(column, key));
  auto payload = decode_frame(column, key, value.ToStringView());
  if (!payload) return payload.error();
  return std::optional<std::string>(std::string(*payload));
}

Result<std::optional<LastCommitted>> Database::read_last_committed(const rocksdb::Snapshot* snapshot) const {
  auto payload = read_payload(Column::meta, kMetaLastCommittedKey, snapshot);
  if (!payload) return payload.error();
  if (!*payload) return std::optional<LastCommitted>();
  auto last = decode_last_committed_payload(**payload);
  if (!last) return last.error();
  return std::optional<LastCommitted>(std::move(*last));
}

Result<bool> Database::column_empty(rocksdb::ColumnFamilyHandle* h) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), h));
  it->SeekToFirst();
  if (!it->status().ok()) return from_status(it->status(), "reading column family " + h->GetName());
  return !it->Valid();
}

Result<void> Database::initialize_or_check_format(std::uint32_t schema_version) {
  auto payload = read_payload(Column::meta, kMetaFormatKey);
  if (!payload) return payload.error();
  if (*payload) {
    auto version = decode_format_payload(**payload);
    if (!version) return version.error();
    if (*version != kFormatVersion) {
      return Error{StorageError::unsupported_format, dir_.string() + ": storage format version " +
                                                         std::to_string(*version) + ", this build reads version " +
                                                         std::to_string(kFormatVersion)};
    }
    return {};
  }
  // No format record: a new directory (or one whose initialization was interrupted),
  // which must then be empty.
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    auto empty = column_empty(h);
    if (!empty) return empty.error();
    if (!*empty) {
      return inconsistent(dir_.string() + ": column family \"" + h->GetName() +
                          "\" holds records but there is no format record");
    }
  }
  // The format and the schema together: a new directory is at the opener's schema.
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Put(handle(Column::meta), kMetaFormatKey,
                                encode_frame(Column::meta, kMetaFormatKey, encode_format_payload()));
  if (s.ok()) {
    s = batch.Put(handle(Column::meta), kMetaSchemaKey,
                  encode_frame(Column::meta, kMetaSchemaKey, encode_schema_payload(schema_version)));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (s.ok()) s = db_->Write(wo, &batch);
  if (!s.ok()) return from_status(s, "initializing " + dir_.string());
  return {};
}

Result<void> Database::check_or_migrate_schema(const DatabaseOptions& options) {
  const std::uint32_t wanted = options.schema.version();
  auto payload = read_payload(Column::meta, kMetaSchemaKey);
  if (!payload) return payload.error();
  std::uint32_t stored = 1;  // written before schemas were recorded
  if (*payload) {
    auto version = decode_schema_payload(**payload);
    if (!version) return version.error();
    stored = *version;
  }
  if (stored > wanted) {
    return Error{StorageError::unsupported_format, dir_.string() + ": storage schema version " +
                                                       std::to_string(stored) + " is newer than this build reads (" +
                                                       std::to_string(wanted) + "); upgrade the program"};
  }
  if (stored == wanted) {
    schema_version_ = stored;
    return {};
  }
  // Older: every state record through the migrations, then one synced batch.
  StateRecords records;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(Column::state)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    auto value = decode_frame(Column::state, key, it->value().ToStringView());
    if (!value) return value.error();
    records.emplace(std::string(key), std::string(*value));
  }
  if (!it->status().ok()) return from_status(it->status(), "reading the state records to migrate");
  it.reset();
  auto changes = plan_migration(options.schema, stored, std::move(records));
  if (!changes) return Error{changes.error().code, dir_.string() + ": " + changes.error().message};
  rocksdb::WriteBatch batch;
  rocksdb::Status s;
  for (auto p = changes->puts.begin(); s.ok() && p != changes->puts.end(); ++p) {
    if (p->first.size() > kMaxKeyBytes || p->second.size() > kMaxValueBytes) {
      return Error{StorageError::invalid_argument,
                   "migrating storage schema: " + describe_record(Column::state, p->first) + " is over its limit"};
    }
    s = batch.Put(handle(Column::state), p->first, encode_frame(Column::state, p->first, p->second));
  }
  for (auto d = changes->deletes.begin(); s.ok() && d != changes->deletes.end(); ++d) {
    s = batch.Delete(handle(Column::state), *d);
  }
  if (s.ok()) {
    s = batch.Put(handle(Column::meta), kMetaSchemaKey,
                  encode_frame(Column::meta, kMetaSchemaKey, encode_schema_payload(wanted)));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (s.ok()) s = db_->Write(wo, &batch);
  if (!s.ok()) {
    return from_status(s, "migrating storage schema " + std::to_string(stored) + " → " + std::to_string(wanted) +
                              " of " + dir_.string());
  }
  schema_version_ = wanted;
  if (options.log) {
    options.log("migrated storage schema " + std::to_string(stored) + " → " + std::to_string(wanted) + " (" +
                std::to_string(changes->puts.size()) + " state records written, " +
                std::to_string(changes->deletes.size()) + " removed)");
  }
  return {};
}

Result<void> Database::load_and_check_last_committed() {
  auto last = read_last_committed(nullptr);
  if (!last) return last.error();
  if (!*last) {
    for (Column column : {Column::blocks, Column::state, Column::index}) {
      auto empty = column_empty(handle(column));
      if (!empty) return empty.error();
      if (!*empty) {
        return inconsistent(dir_.string() + ": no block was ever committed but column family \"" +
                            std::string(column_name(column)) + "\" holds records");
      }
    }
    return {};
  }
  const LastCommitted& meta = **last;
  auto payload = read_payload(Column::blocks, block_key(meta.number));
  if (!payload) return payload.error();
  if (!*payload) {
    return inconsistent(dir_.string() + ": the meta record says block " + std::to_string(meta.number) +
                        " was committed last, but that block is missing");
  }
  auto record = decode_block_payload(meta.number, **payload);
  if (!record) return record.error();
  if (record->state_hash != meta.state_hash) {
    return inconsistent(dir_.string() + ": block " + std::to_string(meta.number) +
                        " has a different state hash than the meta record");
  }
  if (meta.number != UINT64_MAX) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(Column::blocks)));
    it->Seek(block_key(meta.number + 1));
    if (!it->status().ok()) return from_status(it->status(), "reading the blocks after the last committed one");
    if (it->Valid()) {
      return inconsistent(dir_.string() + ": " + describe_record(Column::blocks, it->key().ToStringView()) +
                          " exists after the last committed block " + std::to_string(meta.number));
    }
  }
  last_ = std::move(**last);
  return {};
}

Result<void> Database::commit(const BlockCommit& commit) { return commit_all(std::vector<BlockCommit>{commit}); }

Result<void> Database::commit_all(const std::vector<BlockCommit>& commits) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (commits.empty()) return Error{StorageError::invalid_argument, "no block to commit"};
  if (needs_reopen_) {
    return Error{StorageError::needs_reopen,
                 "an earlier commit failed after reaching the disk; reopen the database before committing block " +
                     std::to_string(commits.front().number)};
  }
  // Each block is checked against the one before it, as separate commits would be.
  std::optional<LastCommitted> last = last_;
  for (const BlockCommit& commit : commits) {
    if (auto r = check_commit(commit, last); !r) return r;
    last = LastCommitted{commit.number, commit.state_hash};
  }

  rocksdb::WriteBatch batch;
  std::string frame;
  auto put = [&](Column column, std::string_view key, std::initializer_list<std::string_view> payload) {
    frame.clear();
    append_frame(frame, column, key, payload);
    return batch.Put(handle(column), key, frame);
  };
  rocksdb::Status s;
  std::string number_bytes;
  for (const BlockCommit& commit : commits) {
    number_bytes.clear();
    put_u64(number_bytes, commit.number);
    const std::string key = block_key(commit.number);
    s = put(Column::blocks, key, {number_bytes, commit.state_hash, commit.block_bytes});
    for (auto it = commit.state_puts.begin(); s.ok() && it != commit.state_puts.end(); ++it) {
      s = put(Column::state, it->first, {it->second});
    }
    for (auto it = commit.state_deletes.begin(); s.ok() && it != commit.state_deletes.end(); ++it) {
      s = batch.Delete(handle(Column::state), *it);
    }
    for (auto it = commit.index_puts.begin(); s.ok() && it != commit.index_puts.end(); ++it) {
      s = put(Column::index, it->first, {it->second});
    }
    if (!s.ok()) break;
  }
  // The meta record names the last block of the batch: all of them are there or none.
  if (s.ok()) s = put(Column::meta, kMetaLastCommittedKey, {number_bytes, commits.back().state_hash});
  // Building the batch touches only memory; a failure here wrote nothing.
  if (!s.ok()) return from_status(s, "building the batch of block " + std::to_string(commits.back().number));

  rocksdb::WriteOptions wo;
  wo.sync = true;  // in the WAL and fdatasync'ed before Write returns
  s = db_->Write(wo, &batch);
  if (!s.ok()) {
    needs_reopen_ = true;
    Error e = from_status(s, "committing blocks " + std::to_string(commits.front().number) + " to " +
                                 std::to_string(commits.back().number));
    e.message += " (whether it reached the disk is unknown until the database is reopened)";
    return e;
  }
  last_ = last;
  return {};
}

std::optional<LastCommitted> Database::last_committed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_;
}

Result<std::optional<BlockRecord>> Database::block(std::uint64_t number) const {
  auto payload = read_payload(Column::blocks, block_key(number));
  if (!payload) return payload.error();
  if (!*payload) return std::optional<BlockRecord>();
  auto record = decode_block_payload(number, **payload);
  if (!record) return record.error();
  return std::optional<BlockRecord>(std::move(*record));
}

Result<std::uint64_t> Database::for_each_block(std::uint64_t from, std::uint64_t to,
                                               const std::function<void(const BlockRecord&)>& visit) const {
  if (from > to) {
    return Error{StorageError::invalid_argument,
                 "block range [" + std::to_string(from) + ", " + std::to_string(to) + "] is empty"};
  }
  // The meta record and the blocks come from one snapshot, so a concurrent commit
  // cannot make the range look as if it had a hole.
  rocksdb::ManagedSnapshot snapshot(db_.get());
  auto last = read_last_committed(snapshot.snapshot());
  if (!last) return last.error();
  if (!*last || from > (*last)->number) return std::uint64_t{0};
  const std::uint64_t end = std::min(to, (*last)->number);

  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot.snapshot();
  UpperBound upper;
  if (end != UINT64_MAX) {
    upper.key = block_key(end + 1);
    upper.slice = rocksdb::Slice(upper.key);
    ro.iterate_upper_bound = &upper.slice;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(Column::blocks)));
  std::uint64_t expected = from;
  std::uint64_t visited = 0;
  bool reached_end = false;
  for (it->Seek(block_key(from)); it->Valid() && !reached_end; it->Next()) {
    const std::string_view key = it->key().ToStringView();
    const std::optional<std::uint64_t> number = parse_block_key(key);
    if (!number) {
      return Error{StorageError::corrupt_record, describe_record(Column::blocks, key) + ": key of " +
                                                     std::to_string(key.size()) + " bytes, expected 8"};
    }
    if (*number != expected) {
      return inconsistent(dir_.string() + ": block " + std::to_string(expected) + " is missing (next is " +
                          std::to_string(*number) + ", last committed " + std::to_string((*last)->number) + ")");
    }
    auto payload = decode_frame(Column::blocks, key, it->value().ToStringView());
    if (!payload) return payload.error();
    auto record = decode_block_payload(*number, *payload);
    if (!record) return record.error();
    if (*number == (*last)->number && record->state_hash != (*last)->state_hash) {
      return inconsistent(dir_.string() + ": block " + std::to_string(*number) +
                          " has a different state hash than the meta record");
    }
    visit(*record);
    ++visited;
    if (expected == end) {
      reached_end = true;
    } else {
      ++expected;
    }
  }
  if (!it->status().ok()) return from_status(it->status(), "reading blocks");
  if (!reached_end) {
    return inconsistent(dir_.string() + ": block " + std::to_string(expected) + " is missing (last committed " +
                        std::to_string((*last)->number) + ")");
  }
  return visited;
}

Result<StateScan> Database::for_each_state_record(
    const std::function<void(std::string_view key, std::string_view value)>& visit) const {
  rocksdb::ManagedSnapshot snapshot(db_.get());
  auto last = read_last_committed(snapshot.snapshot());
  if (!last) return last.error();
  StateScan scan{std::move(*last), 0};

  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot.snapshot();
  ro.fill_cache = false;  // one pass over everything: keep the cache for lookups
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(Column::state)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    auto payload = decode_frame(Column::state, key, it->value().ToStringView());
    if (!payload) return payload.error();
    visit(key, *payload);
    ++scan.records;
  }
  if (!it->status().ok()) return from_status(it->status(), "reading state records");
  return scan;
}

Result<std::optional<std::string>> Database::get_state(std::string_view key) const {
  return read_payload(Column::state, key);
}

Result<std::optional<std::string>> Database::index(std::string_view key) const {
  return read_payload(Column::index, key);
}

Result<std::uint64_t> Database::scan_frames(Column column) const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(column)));
  std::uint64_t records = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto payload = decode_frame(column, it->key().ToStringView(), it->value().ToStringView());
    if (!payload) return payload.error();
    ++records;
  }
  if (!it->status().ok()) {
    return from_status(it->status(), "reading column family " + std::string(column_name(column)));
  }
  return records;
}

Result<VerifyReport> Database::verify() const {
  const rocksdb::Status s = db_->VerifyChecksum();
  if (!s.ok()) return from_status(s, "verifying the table files of " + dir_.string());
  VerifyReport report;
  auto meta = scan_frames(Column::meta);
  if (!meta) return meta.error();
  auto empty = column_empty(handles_[0]);
  if (!empty) return empty.error();
  if (!*empty) return inconsistent(dir_.string() + ": the default column family holds records");
  if (auto last = last_committed()) {
    auto blocks = for_each_block(0, last->number, [](const BlockRecord&) {});
    if (!blocks) return blocks.error();
    report.blocks = *blocks;
  }
  auto state = scan_frames(Column::state);
  if (!state) return state.error();
  report.state_records = *state;
  auto index = scan_frames(Column::index);
  if (!index) return index.error();
  report.index_records = *index;
  return report;
}

Result<void> Database::verify_table_checksums() const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;        // a pass over everything must not evict what readers use
  ro.readahead_size = 2 << 20;  // each file is read front to back
  const rocksdb::Status s = db_->VerifyChecksum(ro);
  if (!s.ok()) return from_status(s, "verifying the table files of " + dir_.string());
  return {};
}

Result<void> Database::flush() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  const std::vector<rocksdb::ColumnFamilyHandle*> columns(handles_.begin() + 1, handles_.end());
  const rocksdb::Status s = db_->Flush(fo, columns);
  if (!s.ok()) return from_status(s, "flushing " + dir_.string());
  return {};
}

}  // namespace flux::storage
