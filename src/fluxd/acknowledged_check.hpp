// Whether the store still holds every block the node acknowledged: the store's head
// compared with the acknowledged-head marker (storage/acknowledged_head.hpp), on every
// open and by `fluxd verify`.
//
//   matches        the store's head is the marker's block
//   store_ahead    the store holds the marker's block (same hash) and more: blocks
//                  committed whose marker was not yet written when the node was killed.
//                  Normal; the node starts and moves the marker to its head.
//   no_marker      no marker file: a new directory, or one from before fluxd kept one.
//                  The node starts and writes it from the store's head.
//   store_behind   the store ends before the marker's block (or holds no block at all):
//                  acknowledged blocks are missing. Refused.
//   store_differs  the store's block at the marker's height has another hash: the
//                  acknowledged block was replaced. Refused.
//   marker_damaged the marker file cannot be read back (size, magic, checksum, I/O).
//                  Refused: a marker that cannot be read cannot vouch for the store.
//
// The three refusals can be overridden only by naming the block the node would start
// at (--accept-rollback-to HEIGHT, main.cpp): accepting a rollback is the operator's
// explicit decision about one specific block, never a standing permission.
#pragma once

#include "crypto/bytes.hpp"
#include "storage/acknowledged_head.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace flux::fluxd {

struct StoreHead {
  std::uint64_t number = 0;
  crypto::Hash32 hash;  // the block's header hash
};

enum class AcknowledgedVerdict { matches, store_ahead, no_marker, store_behind, store_differs, marker_damaged };

struct AcknowledgedComparison {
  AcknowledgedVerdict verdict = AcknowledgedVerdict::matches;
  std::optional<StoreHead> acknowledged;  // what a readable marker names
  // For the refusals: what is wrong, naming both blocks (number and hash) and where
  // the marker is. Empty otherwise.
  std::string problem;
  bool refused() const {
    return verdict == AcknowledgedVerdict::store_behind || verdict == AcknowledgedVerdict::store_differs ||
           verdict == AcknowledgedVerdict::marker_damaged;
  }
};

// `marker` is read_acknowledged's result for `dir`; `store` the store's head (nullopt:
// the store holds no block); `store_hash_at(n)` the hash of the store's block n
// (asked only for n below the store's head; nullopt if it cannot be read).
AcknowledgedComparison compare_acknowledged(
    const std::filesystem::path& dir, const storage::Result<std::optional<storage::AcknowledgedHead>>& marker,
    const std::optional<StoreHead>& store,
    const std::function<std::optional<crypto::Hash32>(std::uint64_t)>& store_hash_at);

// The marker's form of a store head.
storage::AcknowledgedHead acknowledged_head_of(const StoreHead& head);

// "block 12 (hash 0xab...)"
std::string describe_block(std::uint64_t number, const crypto::Hash32& hash);

}  // namespace flux::fluxd
