// The node's record schema (storage/schema.hpp): which version of the state
// records this fluxd writes, and the migrations that bring an older data directory
// to it when fluxd opens it.
//
//   1  the records of node/state_codec.hpp before protocol rule versions: "meta",
//      "asset/", "market/", "account/", "nonce/". (Directories without a schema
//      record are schema 1.)
//   2  adds "rules": the rule version and the scheduled upgrade
//      (engine/upgrade.hpp). Migration 1 → 2 writes rule version 1 with nothing
//      scheduled, which is what every schema 1 chain runs, so schema 2 code never
//      guesses; the state hash does not change (the engine hashes a never-upgraded
//      state's rules as nothing).
//
// The next schema: write its migration function and append it to the list in
// storage_schema.cpp.
#pragma once

#include "storage/database.hpp"

#include <functional>
#include <string>

namespace flux::fluxd {

const storage::Schema& node_storage_schema();

// How fluxd opens its data directory: the node's schema, and `log` told of a
// migration ("migrated storage schema 1 → 2 (...)").
storage::DatabaseOptions node_database_options(std::function<void(const std::string&)> log = {});

}  // namespace flux::fluxd
