// The node's storage schema (fluxd/storage_schema.hpp) on a real data directory: a
// schema 1 directory — the records an older fluxd wrote, without "rules" and with
// schema record 1 or none — is migrated to schema 2 when the node opens it, logged,
// with the same state hash (Chain::resume checks it against the stored head), and
// goes on producing; a directory claiming a newer schema is refused by name.
#include "fluxd/storage_schema.hpp"
#include "node/state_codec.hpp"
#include "service_fixture.hpp"
#include "storage/frame.hpp"
#include "test_support.hpp"  // tests/storage: RawDb

#include <unistd.h>

namespace flux::fluxd::test {
namespace {

using storage::Column;

// A directory with a few blocks and a transaction, closed; its head's state hash.
crypto::Hash32 make_chain(const std::filesystem::path& dir) {
  std::string error;
  auto node = NodeService::open(dir, kServiceChain, service_genesis(), {}, error);
  EXPECT_TRUE(node) << error;
  if (!node) return {};
  const auto alice = crypto::address_of(service_key(2));
  EXPECT_TRUE(node->submit(service_tx("Faucet", 1, 0,
                                      {{"account", "address", alice},
                                       {"asset", "string", std::string("USD")},
                                       {"amount", "uint256", mantissa_one() * 100}}))
                  .ok());
  for (std::uint64_t t = 1; t <= 3; ++t) EXPECT_TRUE(node->produce(t * 1000, error)) << error;
  return node->read([](const node::Chain& c) { return c.node_state_hash(); });
}

// Turns a closed schema 2 directory into what fluxd wrote before schema 2.
void downgrade_to_schema_1(const std::filesystem::path& dir, bool keep_schema_record) {
  storage::testing::RawDb raw(dir);
  raw.del(Column::state, node::rules_key());
  if (keep_schema_record) {
    raw.put(Column::meta, std::string(storage::kMetaSchemaKey),
            storage::encode_frame(Column::meta, storage::kMetaSchemaKey, storage::encode_schema_payload(1)));
  } else {
    raw.del(Column::meta, std::string(storage::kMetaSchemaKey));
  }
}

std::optional<std::string> stored_state(const std::filesystem::path& dir, const std::string& key) {
  auto db = storage::Database::open(dir, node_database_options());
  EXPECT_TRUE(db) << storage::describe(db.error());
  if (!db) return std::nullopt;
  EXPECT_EQ((*db)->schema_version(), 2u);
  auto value = (*db)->get_state(key);
  EXPECT_TRUE(value.ok());
  return value.ok() ? *value : std::nullopt;
}

TEST(StorageMigration, TheNodeWritesSchemaTwoWithTheRulesRecord) {
  EXPECT_EQ(node_storage_schema().version(), 2u);
  ServiceDir dir;
  make_chain(dir.path);
  const auto rules = stored_state(dir.path, node::rules_key());
  ASSERT_TRUE(rules.has_value());
  EXPECT_EQ(*rules, node::encode_rules(service_genesis()));
}

TEST(StorageMigration, SchemaOneIsMigratedWithTheSameStateHash) {
  for (const bool keep_schema_record : {true, false}) {
    SCOPED_TRACE(keep_schema_record ? "schema record 1" : "no schema record");
    ServiceDir dir;
    const crypto::Hash32 hash = make_chain(dir.path);
    downgrade_to_schema_1(dir.path, keep_schema_record);
    {
      auto db = storage::Database::open(dir.path);  // a schema 1 opener reads it as its own
      ASSERT_TRUE(db) << storage::describe(db.error());
      EXPECT_EQ((*db)->schema_version(), 1u);
      auto rules = (*db)->get_state(node::rules_key());
      ASSERT_TRUE(rules.ok());
      EXPECT_FALSE(rules->has_value());
    }
    std::vector<std::string> log;
    std::string error;
    {
      auto node = NodeService::open(dir.path, kServiceChain, service_genesis(), {}, error,
                                    [&log](const std::string& line) { log.push_back(line); });
      ASSERT_TRUE(node) << error;
      ASSERT_EQ(log.size(), 1u);
      EXPECT_EQ(log[0], "migrated storage schema 1 → 2 (1 state records written, 0 removed)");
      EXPECT_EQ(node->read([](const node::Chain& c) { return c.node_state_hash(); }), hash);
      EXPECT_EQ(node->read([](const node::Chain& c) { return c.state().rule_version; }), 1u);
      EXPECT_TRUE(node->produce(10'000, error)) << error;
    }
    std::uint64_t checked = 0;
    EXPECT_EQ(NodeService::verify(dir.path, kServiceChain, service_genesis(), checked), std::nullopt);
    EXPECT_EQ(checked, 4u);
    log.clear();
    EXPECT_TRUE(NodeService::open(dir.path, kServiceChain, service_genesis(), {}, error,
                                  [&log](const std::string& line) { log.push_back(line); }))
        << error;
    EXPECT_TRUE(log.empty());  // once
  }
}

TEST(StorageMigration, ANewerSchemaIsRefused) {
  ServiceDir dir;
  make_chain(dir.path);
  {
    storage::testing::RawDb raw(dir.path);
    raw.put(Column::meta, std::string(storage::kMetaSchemaKey),
            storage::encode_frame(Column::meta, storage::kMetaSchemaKey, storage::encode_schema_payload(99)));
  }
  std::string error;
  EXPECT_FALSE(NodeService::open(dir.path, kServiceChain, service_genesis(), {}, error));
  EXPECT_NE(error.find("storage schema version 99 is newer than this build reads (2)"), std::string::npos) << error;
  std::uint64_t checked = 0;
  const auto problem = NodeService::verify(dir.path, kServiceChain, service_genesis(), checked);
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("storage schema version 99"), std::string::npos) << *problem;
}

TEST(StorageMigration, AMigrationDoesNotOverwriteARulesRecordSchemaOneCannotHave) {
  ServiceDir dir;
  make_chain(dir.path);
  {
    storage::testing::RawDb raw(dir.path);  // schema 1 by its record, yet holding "rules"
    raw.put(Column::meta, std::string(storage::kMetaSchemaKey),
            storage::encode_frame(Column::meta, storage::kMetaSchemaKey, storage::encode_schema_payload(1)));
  }
  std::string error;
  EXPECT_FALSE(NodeService::open(dir.path, kServiceChain, service_genesis(), {}, error));
  EXPECT_NE(error.find("migrating storage schema 1 → 2"), std::string::npos) << error;
}

}  // namespace
}  // namespace flux::fluxd::test
