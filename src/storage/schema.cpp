#include "storage/schema.hpp"

#include "storage/layout.hpp"

namespace flux::storage {

Result<SchemaChanges> plan_migration(const Schema& schema, std::uint32_t from, StateRecords records) {
  const std::uint32_t to = schema.version();
  if (from < 1 || from >= to) {
    return Error{StorageError::invalid_argument,
                 "no migration from schema " + std::to_string(from) + " to " + std::to_string(to)};
  }
  const StateRecords before = records;
  for (std::uint32_t v = from; v < to; ++v) {
    if (auto r = schema.migrations[v - 1](records); !r) {
      return Error{StorageError::corrupt_record, "migrating storage schema " + std::to_string(v) + " → " +
                                                     std::to_string(v + 1) + ": " + r.error().message};
    }
  }
  SchemaChanges changes{from, to, {}, {}};
  for (auto& [key, value] : records) {
    const auto it = before.find(key);
    if (it == before.end() || it->second != value) changes.puts.emplace_back(key, value);
  }
  for (const auto& [key, value] : before)
    if (!records.contains(key)) changes.deletes.push_back(key);
  return changes;
}

std::string encode_schema_payload(std::uint32_t version) {
  std::string out;
  put_u32(out, version);
  return out;
}

Result<std::uint32_t> decode_schema_payload(std::string_view payload) {
  if (payload.size() != 4) {
    return Error{StorageError::corrupt_record, describe_record(Column::meta, kMetaSchemaKey) + ": " +
                                                   std::to_string(payload.size()) + " bytes, expected 4"};
  }
  const std::uint32_t version = get_u32(payload);
  if (version == 0) {
    return Error{StorageError::corrupt_record, describe_record(Column::meta, kMetaSchemaKey) + ": schema 0"};
  }
  return version;
}

}  // namespace flux::storage
