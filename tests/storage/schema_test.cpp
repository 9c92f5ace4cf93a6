// The record schema (storage/schema.hpp): a new directory records the opener's
// version; an older directory is migrated in place by the opener's migrations, in
// one batch, and says so; a newer one is refused; a failing migration writes nothing.
// The migrations here are the tests' own (the node's are tested with the node,
// tests/fluxd/storage_migration_test.cpp).
#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "storage/frame.hpp"
#include "storage/schema.hpp"
#include "test_support.hpp"

namespace flux::storage {
namespace {

using testing::bare_commit;
using testing::expect_error;
using testing::open_ok;
using testing::RawDb;
using testing::TempDir;

// Schema 2 adds "added" = "2" and removes "dropped"; schema 3 renames "kept" to "kept3".
Result<void> to_two(StateRecords& r) {
  r["added"] = "2";
  r.erase("dropped");
  return {};
}
Result<void> to_three(StateRecords& r) {
  const auto it = r.find("kept");
  if (it == r.end()) return Error{StorageError::inconsistent, "no \"kept\" record"};
  r["kept3"] = it->second;
  r.erase(it);
  return {};
}

DatabaseOptions opener(std::vector<Migration> migrations, std::vector<std::string>* log = nullptr) {
  DatabaseOptions o;
  o.schema.migrations = std::move(migrations);
  if (log != nullptr) o.log = [log](const std::string& line) { log->push_back(line); };
  return o;
}

// A schema 1 directory holding block 0 with the state records given.
void make_v1(const std::filesystem::path& dir, std::vector<std::pair<std::string, std::string>> records) {
  auto db = open_ok(dir);  // the default opener: schema 1
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schema_version(), 1u);
  BlockCommit c = bare_commit(0);
  c.state_puts = std::move(records);
  FLUX_ASSERT_OK(db->commit(c));
}

std::optional<std::string> state(const Database& db, std::string_view key) {
  auto r = db.get_state(key);
  EXPECT_TRUE(r.ok()) << describe(r.error());
  return r.ok() ? *r : std::nullopt;
}

void set_schema_record(const std::filesystem::path& dir, std::uint32_t version) {
  RawDb raw(dir);
  raw.put(Column::meta, std::string(kMetaSchemaKey),
          encode_frame(Column::meta, kMetaSchemaKey, encode_schema_payload(version)));
}

TEST(Schema, ANewDirectoryRecordsTheOpenersVersion) {
  TempDir tmp;
  {
    auto db = open_ok(tmp.db(), opener({to_two, to_three}));
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schema_version(), 3u);
  }
  // Not migrated on reopen, and a schema 2 opener is refused.
  std::vector<std::string> log;
  auto again = open_ok(tmp.db(), opener({to_two, to_three}, &log));
  ASSERT_TRUE(again);
  EXPECT_TRUE(log.empty());
  again.reset();
  const std::string msg = expect_error(Database::open(tmp.db(), opener({to_two})), StorageError::unsupported_format);
  EXPECT_NE(msg.find("storage schema version 3 is newer than this build reads (2)"), std::string::npos) << msg;
}

TEST(Schema, AnOlderDirectoryIsMigratedInPlaceOnce) {
  TempDir tmp;
  make_v1(tmp.db(), {{"kept", "k"}, {"dropped", "d"}, {"other", "o"}});
  std::vector<std::string> log;
  {
    auto db = open_ok(tmp.db(), opener({to_two, to_three}, &log));
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schema_version(), 3u);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0], "migrated storage schema 1 → 3 (2 state records written, 2 removed)");
    EXPECT_EQ(state(*db, "added"), "2");
    EXPECT_EQ(state(*db, "kept3"), "k");
    EXPECT_EQ(state(*db, "other"), "o");
    EXPECT_EQ(state(*db, "kept"), std::nullopt);
    EXPECT_EQ(state(*db, "dropped"), std::nullopt);
    ASSERT_TRUE(db->last_committed().has_value());
    EXPECT_EQ(db->last_committed()->number, 0u);  // blocks are not touched
    auto v = db->verify();
    ASSERT_TRUE(v.ok()) << describe(v.error());
    EXPECT_EQ(v->state_records, 3u);
  }
  log.clear();
  auto db = open_ok(tmp.db(), opener({to_two, to_three}, &log));
  ASSERT_TRUE(db);
  EXPECT_TRUE(log.empty());
}

TEST(Schema, ADirectoryWithoutASchemaRecordIsSchemaOne) {
  TempDir tmp;
  make_v1(tmp.db(), {{"kept", "k"}});
  {
    RawDb raw(tmp.db());  // as written before schemas were recorded
    raw.del(Column::meta, std::string(kMetaSchemaKey));
  }
  std::vector<std::string> log;
  auto db = open_ok(tmp.db(), opener({to_two}, &log));
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schema_version(), 2u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0], "migrated storage schema 1 → 2 (1 state records written, 0 removed)");
  EXPECT_EQ(state(*db, "added"), "2");
}

TEST(Schema, AMigrationStartsFromTheStoredVersion) {
  TempDir tmp;
  make_v1(tmp.db(), {{"kept", "k"}});
  set_schema_record(tmp.db(), 2);  // as if to_two had run: to_three alone runs
  auto db = open_ok(tmp.db(), opener({to_two, to_three}));
  ASSERT_TRUE(db);
  EXPECT_EQ(state(*db, "kept3"), "k");
  EXPECT_EQ(state(*db, "added"), std::nullopt);
}

TEST(Schema, AFailingMigrationWritesNothing) {
  TempDir tmp;
  make_v1(tmp.db(), {{"other", "o"}});  // no "kept": to_three fails after to_two ran in memory
  const std::string msg =
      expect_error(Database::open(tmp.db(), opener({to_two, to_three})), StorageError::corrupt_record);
  EXPECT_NE(msg.find("migrating storage schema 2 → 3: no \"kept\" record"), std::string::npos) << msg;
  auto db = open_ok(tmp.db());  // still schema 1, as it was
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schema_version(), 1u);
  EXPECT_EQ(state(*db, "added"), std::nullopt);
  EXPECT_EQ(state(*db, "other"), "o");
}

TEST(Schema, ANewerSchemaIsRefusedNamingBothVersions) {
  TempDir tmp;
  make_v1(tmp.db(), {{"kept", "k"}});
  set_schema_record(tmp.db(), 99);
  const std::string msg = expect_error(Database::open(tmp.db(), opener({to_two})), StorageError::unsupported_format);
  EXPECT_NE(msg.find("storage schema version 99 is newer than this build reads (2); upgrade the program"),
            std::string::npos)
      << msg;
}

TEST(Schema, AMalformedSchemaRecordIsCorrupt) {
  TempDir tmp;
  make_v1(tmp.db(), {});
  {
    RawDb raw(tmp.db());
    raw.put(Column::meta, std::string(kMetaSchemaKey), encode_frame(Column::meta, kMetaSchemaKey, "\x01"));
  }
  expect_error(Database::open(tmp.db()), StorageError::corrupt_record);
  set_schema_record(tmp.db(), 0);
  expect_error(Database::open(tmp.db()), StorageError::corrupt_record);
}

TEST(Schema, PlanMigrationListsPutsAndDeletes) {
  Schema schema;
  schema.migrations = {to_two};
  auto plan = plan_migration(schema, 1, {{"dropped", "d"}, {"same", "s"}});
  ASSERT_TRUE(plan.ok()) << describe(plan.error());
  EXPECT_EQ(plan->from, 1u);
  EXPECT_EQ(plan->to, 2u);
  EXPECT_EQ(plan->puts, (std::vector<std::pair<std::string, std::string>>{{"added", "2"}}));
  EXPECT_EQ(plan->deletes, (std::vector<std::string>{"dropped"}));
  expect_error(plan_migration(schema, 2, {}), StorageError::invalid_argument);
  expect_error(plan_migration(schema, 0, {}), StorageError::invalid_argument);
}

}  // namespace
}  // namespace flux::storage
