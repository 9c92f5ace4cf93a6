// StoredNode: the node's Chain kept in storage the way fluxd keeps it (one synced
// write batch per block: the block's CBOR, the records it changed, a transaction
// index entry per receipt, its state hash), over the fault-injecting file system
// (storage/fault_injection.hpp), so that the simulator can kill it, tear its writes
// and reopen it. It mirrors fluxd::NodeService's commit path without its threads,
// RPC bookkeeping and acknowledged-head marker.
//
// Every open uses a fresh FaultInjection: a crash leaves the old one dead (every
// write fails), as a dead process's file handles would be.
#pragma once

#include "node/chain.hpp"
#include "storage/database.hpp"
#include "storage/fault_injection.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flux::fuzz {

class StoredNode {
 public:
  StoredNode(std::filesystem::path dir, std::uint64_t chain_id, State genesis);
  ~StoredNode();
  StoredNode(const StoredNode&) = delete;
  StoredNode& operator=(const StoredNode&) = delete;

  // Opens the directory: a new one is given block 0 (the genesis and all its
  // records); an existing one resumes from its stored records and head
  // (Chain::resume checks that they hash to the head's state hash). Empty on
  // success, else what went wrong.
  std::string open();
  bool is_open() const { return chain_.has_value(); }

  node::Chain& chain() { return *chain_; }
  const node::Chain& chain() const { return *chain_; }
  storage::Database& database() { return *db_; }

  // Produces the next block from the mempool and commits it. On a failed commit the
  // block's outcome is unknown until reopening: the node must be crashed and reopened
  // (the chain in memory is ahead of storage). Returns the block, and `error` set
  // when the commit failed.
  node::Block produce(std::uint64_t time_ms, std::string& error);
  // `count` empty blocks committed in one synced batch (fluxd's flux_mineBlocks);
  // empty `error` on success.
  void mine(std::uint64_t count, std::uint64_t time_ms_per_block, std::string& error);

  // The next commit gets a WAL budget below its own size: it is torn (some bytes
  // written) or, with `nothing`, fails before writing any byte.
  void arm_torn_write(bool nothing) { torn_write_ = nothing ? 1 : 2; }

  // Closes storage cleanly; the chain in memory (and its mempool) is dropped.
  void close();
  // The process dies: every write fails from now on, storage is dropped without
  // closing, and whatever was never synced is lost (a power cut). Returns the bytes
  // cut off.
  std::uint64_t crash();

  // The headers the last failed commit tried to write (oldest first): after a
  // crash, storage may hold them or not.
  const std::vector<node::BlockHeader>& attempted() const { return attempted_; }
  std::uint64_t wal_budget_draws() const { return budget_draws_; }

 private:
  storage::BlockCommit commit_for(const node::Block& block, std::vector<std::pair<std::string, std::string>> records);
  void apply_torn_write_budget(const storage::BlockCommit& commit);

  std::filesystem::path dir_;
  std::uint64_t chain_id_;
  State genesis_;
  std::unique_ptr<storage::FaultInjection> faults_;
  std::unique_ptr<storage::Database> db_;
  std::optional<node::Chain> chain_;
  std::vector<node::BlockHeader> attempted_;
  int torn_write_ = 0;              // 0 none armed; 1 fail with nothing written; 2 tear within the record
  std::uint64_t budget_draws_ = 0;  // a counter that makes each torn write's cut point differ
};

}  // namespace flux::fuzz
