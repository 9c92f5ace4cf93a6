// BlockCommit: one block and every change it makes, the unit Database::commit writes
// atomically; and the rules a commit must satisfy before anything is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/records.hpp"
#include "storage/result.hpp"

namespace flux::storage {

struct BlockCommit {
  std::uint64_t number = 0;
  std::string block_bytes;  // the node's encoding of the block; opaque here
  std::vector<std::pair<std::string, std::string>> state_puts;
  std::vector<std::string> state_deletes;                       // deleting an absent key is not an error
  std::vector<std::pair<std::string, std::string>> index_puts;  // e.g. tx hash -> block number
  std::string state_hash;  // kStateHashBytes bytes: the state hash after this block
};

// Checks `commit` against the last committed block (nullopt: nothing committed yet),
// in this order:
//   out_of_order      number != last + 1, or != 0 for the first block
//   invalid_argument  state_hash is not 32 bytes; a key or value over its limit
//                     (layout.hpp); the total over kMaxCommitBytes; a state key that
//                     appears twice among puts and deletes, or an index key twice —
//                     a batch must say one thing about each key, not depend on the
//                     order RocksDB applies it in.
Result<void> check_commit(const BlockCommit& commit, const std::optional<LastCommitted>& last);

}  // namespace flux::storage
