// The state root: the state hash of rule version 2, a Merkle root over the state's
// entries that is updated from the entries a block changed (its requests' change
// sets, journal.hpp) instead of re-encoding the whole state once per block.
//
// Leaves. Every entry of the journal that holds something is one leaf:
//   - its key: a kind byte (the EntryKind's value) and the entry's identity: an
//     account's NAME for an account, voter or account-rewards entry (ids depend on the
//     order accounts were created in; names do not), a u64 id for an asset, market,
//     proposal or market-rewards entry, nothing for the single entries;
//   - its value: the entry's canonical encoding (state_encoding.hpp).
// An entry that holds nothing has no leaf: an account holding nothing, a voter with no
// delegate and no checkpoints, a reward entry never written, an all-zero rewards
// reserve. So, as in the flat hash, how an entry came to hold nothing does not change
// the root. Each value depends on its entry alone, which is what lets a change set
// name every leaf that moved. One leaf more (kind byte 0xFE) holds what only the
// genesis sets: a version tag, blocks per year, the parameter rules, and governance's
// token, timelock and block interval; it is re-encoded on every update. The node adds
// one leaf per account nonce (kind byte 0xFF, node/chain.hpp).
//
// Tree. A leaf sits at the path keccak(key): its first byte picks one of 256 groups
// and its second one of the group's 256 buckets. A bucket hashes as Keccak-256 of its
// leaves' keccak(key) || keccak(value) pairs in keccak(key) order; a group as
// Keccak-256 of its 256 bucket hashes; the root as Keccak-256 of the 256 group
// hashes. A bucket or group with no leaf hashes as 32 zero bytes, and so does a tree
// with no leaf. The shape depends only on the set of keys, so the root is a function
// of the state alone, whatever order its entries were written in; an update rehashes
// only the buckets and groups under the leaves that moved (about 8 KB of Keccak per
// group touched, against the whole state for the flat hash).
#pragma once

#include "engine/journal.hpp"
#include "engine/state.hpp"
#include "engine/state_hash.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flux {

// The rule version from which a block's state hash is the state root (upgrade.hpp).
inline constexpr std::uint32_t rule_version_state_root = 2;

// A canonical Merkle map from key bytes to value bytes, shaped as described above.
class MerkleMap {
 public:
  MerkleMap();
  // Sets the leaf at `key` to `value`, or removes it (nullopt; removing a key that is
  // not there changes nothing).
  void put(const std::string& key, const std::optional<std::string>& value);
  // The root over every leaf; rehashes what changed since the last call.
  StateHash root();
  std::size_t size() const { return leaves_; }

 private:
  struct Leaf {
    StateHash key_hash;
    StateHash value_hash;
  };
  static constexpr std::size_t bucket_count = 256 * 256;
  std::vector<std::vector<Leaf>> buckets_;  // each sorted by key_hash
  std::vector<StateHash> bucket_hashes_;
  std::vector<StateHash> group_hashes_;
  std::vector<std::uint16_t> dirty_buckets_;  // changed since the last root(), unsorted, once each
  std::vector<bool> bucket_dirty_;
  StateHash root_{};
  std::size_t leaves_ = 0;
};

// An entry's leaf: its key bytes and, unless it holds nothing, its value bytes.
struct EntryLeaf {
  std::string key;
  std::optional<std::string> value;
};
// nullopt for an account id the state does not have (one a failed transaction named
// and the node forgot, which never held anything).
std::optional<EntryLeaf> entry_leaf(const State& state, const EntryKey& key);
// The leaf of what only the genesis sets (kind byte 0xFE).
EntryLeaf setup_leaf(const State& state);

// Puts `key`'s leaf as it is in `state` (removes it if it holds nothing).
void put_entry(MerkleMap& map, const State& state, const EntryKey& key);
// Puts the setup leaf as it is in `state` (it is not an entry: re-put on every update).
void put_setup(MerkleMap& map, const State& state);
// Puts every entry of `state` and the setup leaf: a map built from scratch.
void put_state(MerkleMap& map, const State& state);
// The engine's state root from scratch (tests and tools; the node keeps a map).
StateHash state_root(const State& state);

}  // namespace flux
