#include "storage/commit.hpp"

#include <algorithm>
#include <string_view>

namespace flux::storage {

namespace {

Error invalid(std::string message) { return Error{StorageError::invalid_argument, std::move(message)}; }

// The first key that occurs twice, if any. Sorting views costs far less than the
// synced write that follows.
std::optional<std::string_view> first_duplicate(std::vector<std::string_view> keys) {
  std::sort(keys.begin(), keys.end());
  const auto it = std::adjacent_find(keys.begin(), keys.end());
  if (it == keys.end()) return std::nullopt;
  return *it;
}

}  // namespace

Result<void> check_commit(const BlockCommit& commit, const std::optional<LastCommitted>& last) {
  if (!last) {
    if (commit.number != 0) {
      return Error{StorageError::out_of_order,
                   "block " + std::to_string(commit.number) + " committed first: the first block must be 0"};
    }
  } else if (last->number == UINT64_MAX || commit.number != last->number + 1) {
    return Error{StorageError::out_of_order,
                 "block " + std::to_string(commit.number) + " committed after block " + std::to_string(last->number) +
                     ": expected " +
                     (last->number == UINT64_MAX ? std::string("no further block") : std::to_string(last->number + 1))};
  }
  const std::string block = "block " + std::to_string(commit.number);
  if (commit.state_hash.size() != kStateHashBytes) {
    return invalid(block + ": state hash of " + std::to_string(commit.state_hash.size()) + " bytes, expected " +
                   std::to_string(kStateHashBytes));
  }
  if (commit.block_bytes.size() > kMaxBlockBytes) {
    return invalid(block + ": " + std::to_string(commit.block_bytes.size()) + " block bytes, limit " +
                   std::to_string(kMaxBlockBytes));
  }

  std::size_t total = commit.block_bytes.size();
  auto check_key = [&](Column column, std::string_view key) -> Result<void> {
    total += key.size();
    if (key.size() > kMaxKeyBytes) {
      return invalid(block + ": " + describe_record(column, key) + ": key of " + std::to_string(key.size()) +
                     " bytes, limit " + std::to_string(kMaxKeyBytes));
    }
    return {};
  };
  auto check_value = [&](Column column, std::string_view key, std::string_view value) -> Result<void> {
    total += value.size();
    if (value.size() > kMaxValueBytes) {
      return invalid(block + ": " + describe_record(column, key) + ": value of " + std::to_string(value.size()) +
                     " bytes, limit " + std::to_string(kMaxValueBytes));
    }
    return {};
  };

  std::vector<std::string_view> state_keys;
  state_keys.reserve(commit.state_puts.size() + commit.state_deletes.size());
  for (const auto& put : commit.state_puts) {
    if (auto r = check_key(Column::state, put.first); !r) return r;
    if (auto r = check_value(Column::state, put.first, put.second); !r) return r;
    state_keys.push_back(put.first);
  }
  for (const auto& key : commit.state_deletes) {
    if (auto r = check_key(Column::state, key); !r) return r;
    state_keys.push_back(key);
  }
  std::vector<std::string_view> index_keys;
  index_keys.reserve(commit.index_puts.size());
  for (const auto& put : commit.index_puts) {
    if (auto r = check_key(Column::index, put.first); !r) return r;
    if (auto r = check_value(Column::index, put.first, put.second); !r) return r;
    index_keys.push_back(put.first);
  }
  if (total > kMaxCommitBytes) {
    return invalid(block + ": " + std::to_string(total) + " bytes of keys and values, limit " +
                   std::to_string(kMaxCommitBytes));
  }
  if (auto dup = first_duplicate(std::move(state_keys))) {
    return invalid(block + ": " + describe_record(Column::state, *dup) + " is written twice in one commit");
  }
  if (auto dup = first_duplicate(std::move(index_keys))) {
    return invalid(block + ": " + describe_record(Column::index, *dup) + " is written twice in one commit");
  }
  return {};
}

}  // namespace flux::storage
