#include "fluxd/storage_schema.hpp"

#include "node/state_codec.hpp"

namespace flux::fluxd {
namespace {

// Schema 1 → 2: the "rules" record, as schema 2 defines its bytes (fixed here, not
// taken from today's encoder, so that a later migration starts from exactly them):
// record version 1, rule version 1 (u32), nothing scheduled (u8 0).
storage::Result<void> add_rules_record(storage::StateRecords& records) {
  const std::string key = node::rules_key();
  if (records.contains(key)) {
    return storage::Error{storage::StorageError::inconsistent, "a schema 1 state already holds a \"rules\" record"};
  }
  // A directory initialized but never given its genesis holds no state: nothing to add.
  if (!records.contains(node::meta_key())) return {};
  records.emplace(key, std::string("\x01\x00\x00\x00\x01\x00", 6));
  return {};
}

}  // namespace

const storage::Schema& node_storage_schema() {
  static const storage::Schema schema{{
      add_rules_record,  // 1 → 2
  }};
  return schema;
}

storage::DatabaseOptions node_database_options(std::function<void(const std::string&)> log) {
  storage::DatabaseOptions options;
  options.schema = node_storage_schema();
  options.log = std::move(log);
  return options;
}

}  // namespace flux::fluxd
