// The schema of the records a database stores: what the node's state records mean.
// It is versioned apart from the storage format (layout.hpp's "format" record, the
// frame and the column families, which this library owns), because it changes when
// the node's state changes, not when storage does. This library stays opaque to
// the node's bytes: the node says which schema version it writes and hands over the
// migrations; Database::open runs them (database.hpp).
//
// Versions: a directory without a "schema" meta record was written before schemas
// were recorded, which is schema 1. A new directory gets the opener's version.
//
// Migrations: migrations[i] turns a schema i + 1 state into a schema i + 2 one, so
// the version an opener writes is migrations.size() + 1, and the next schema is one
// function appended to the list. A migration sees every state record at once (keys
// and payloads, without frames) and edits them in place; plan_migration turns the
// edits into puts and deletes, and Database::open writes them with the new schema
// record in one synced WriteBatch: after a crash the directory is wholly at the old
// schema or wholly at the new one. A migration must leave the node's state hash
// unchanged (the stored blocks' hashes vouch for the state) and must write the
// target schema's bytes as that schema defined them, never "whatever the current
// code writes": a later migration starts from them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/result.hpp"

namespace flux::storage {

using StateRecords = std::map<std::string, std::string>;

// Error::message says why the records cannot be migrated (the code is ignored:
// open() reports corrupt_record, naming the step).
using Migration = std::function<Result<void>(StateRecords& records)>;

struct Schema {
  std::vector<Migration> migrations;
  std::uint32_t version() const { return static_cast<std::uint32_t>(migrations.size()) + 1; }
};

// What a migration from one version to the opener's does to the state column.
struct SchemaChanges {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::vector<std::pair<std::string, std::string>> puts;  // new or changed records
  std::vector<std::string> deletes;                       // records the migrations removed
};

// Runs migrations `from` .. schema.version() - 1 over `records` (consumed) and
// compares the result with what was stored. `from` must be at least 1 and below
// schema.version(). A failing step is corrupt_record naming it ("migrating schema
// 1 → 2: ...").
Result<SchemaChanges> plan_migration(const Schema& schema, std::uint32_t from, StateRecords records);

// The "schema" meta record's payload: the version, 4 bytes big-endian.
std::string encode_schema_payload(std::uint32_t version);
Result<std::uint32_t> decode_schema_payload(std::string_view payload);

}  // namespace flux::storage
