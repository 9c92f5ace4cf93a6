// The seeded whole-node simulator (TigerBeetle's VOPR is the model): one seed drives
// a node — its Chain kept in storage over the fault-injecting file system
// (StoredNode) — through `ops` random operations:
//
//   a transaction  of any type, well-formed or not (TransactionGenerator), sent
//                  through the node's own path: parse_transaction, then admission
//   a block        the mempool into a block, committed in one synced batch
//   mining         empty blocks, to the next step of a live proposal or a few
//   a restart      the node closed and reopened from storage (the mempool is lost)
//   a crash        a power cut: writes fail, the unsynced bytes are dropped, reopen
//   a torn write   the next commit's WAL record is cut short (or not written at all);
//                  the node then crashes and reopens, and storage must hold either the
//                  block before or the block it tried to write, whole
//
// Checks: after every block, every invariant checker (engine/invariants.hpp) on the
// state before and after the block; after every reopen, that the state read back
// hashes to the last committed block's state hash (and the head is that block); at
// the end, storage's own verify() and a replay from genesis of every committed block
// that must end at the same state hash. The first failure stops the run and names
// the seed, the operation index and the block, so `flux fuzz --seed S --ops N`
// repeats it exactly.
//
// Deterministic: everything random comes from Random(seed); block times are the
// block number times the genesis's interval, never the clock.
#pragma once

#include "fuzz/report.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace flux::fuzz {

struct FuzzOptions {
  std::uint64_t seed = 1;
  std::uint64_t ops = 10'000;
  // Where storage lives (emptied first; removed after a clean run, kept when a check
  // failed). Empty: a new directory in /dev/shm when it exists, else the temp folder.
  std::filesystem::path dir;
  // A test hook (flux fuzz's hidden --inject-violation-at-block): right after the
  // first block numbered K or more is produced from the mempool (mining may jump
  // over K), market 0's total supply is raised by one behind the engine's back,
  // which the checks must report as a failure at that step.
  std::optional<std::uint64_t> inject_violation_at_block;
};

FuzzReport run_fuzz(const FuzzOptions& options);

}  // namespace flux::fuzz
