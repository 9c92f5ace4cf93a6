// The running node's core: the chain kept durable in storage.
//
// Every block is written — block, changed state records, transaction index and the
// new head — in one synced RocksDB write batch before produce() returns, so nobody
// hears of a block that a crash could lose. On start the node loads the stored state
// records (not a replay) and checks that they hash to the stored head; verify()
// replays every block from genesis instead, re-checking every signature and hash.
//
// Thread safety: every public member may be called from any thread; one mutex
// serialises them (the engine is single-threaded by design). Signatures, the costly
// part of admission, are checked before taking it, so RPC threads check them in
// parallel. produce() holds the mutex only to run the block through the chain (and
// copy the names its JSON needs); the JSON, its encoding and the synced write run
// outside it, so transactions are admitted meanwhile, while readers of the state
// (read(), height()) wait for the write to return: nobody sees a block before
// storage holds it.
//
// Receipts: the last blocks are kept in memory as JSON (block_json's form), so that
// clients waiting for a receipt get it without a storage read; older ones are read
// back from storage, where the block is kept in the same form (CBOR).
#pragma once

#include "node/block_json.hpp"
#include "node/chain.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace flux::fluxd {

// Thrown by receipt(), wait_for_receipt() and block_of_transaction() when storage
// holds the record but cannot read it back (a damaged index entry or block):
// distinct from "not there", which they report as nothing / unknown.
struct StorageReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class NodeService {
 public:
  // Opens (or creates) the data directory. A new directory starts from `genesis`
  // (whose block must be 0); an existing one continues from its last block and must
  // belong to the same genesis (checked by the stored block 0's state hash). The
  // directory is opened with the node's record schema (storage_schema.hpp): an older
  // one is migrated first (and `log` told), a newer one refused.
  //
  // Then the store's head is compared with the acknowledged-head marker
  // (acknowledged_check.hpp): a store behind it, differing from it, or a damaged
  // marker is refused (error says which blocks, and how to accept it) unless
  // `accept_rollback_to` names the block the node would start at (the store's head, 0
  // for a store without blocks); given when nothing needs accepting, it is an error
  // too. A store ahead of the marker (killed after a commit, before its marker) or a
  // missing marker (a directory from before markers) opens, and `log` is told of the
  // latter. Before returning, the marker names the head the node starts at.
  static std::unique_ptr<NodeService> open(const std::filesystem::path& dir, std::uint64_t chain_id,
                                           const State& genesis, node::ChainLimits limits, std::string& error,
                                           const std::function<void(const std::string&)>& log = {},
                                           std::optional<std::uint64_t> accept_rollback_to = std::nullopt);

  crypto::Result<crypto::Hash32, node::TransactionError> submit(const node::Transaction& tx);

  // A committed transaction's receipt (receipt_json's form plus "block_number" and
  // "transaction_index"), or nothing while it is pending or unknown.
  std::optional<nlohmann::json> receipt(const crypto::Hash32& hash) const;
  enum class WaitOutcome { committed, timed_out, unknown };
  // Waits until the transaction's block is committed. `unknown` at once when the
  // transaction is neither pending nor committed.
  WaitOutcome wait_for_receipt(const crypto::Hash32& hash, std::chrono::milliseconds timeout,
                               nlohmann::json& receipt_out) const;
  // A committed block as block_json gives it (header, transactions, receipts with
  // events); nothing when there is no such block.
  std::optional<nlohmann::json> block_json(std::uint64_t number, std::string& error) const;
  // A block still kept in memory, shared rather than copied (a 10,000-transaction
  // block's JSON is megabytes); nullptr when it is no longer (or not yet) kept.
  std::shared_ptr<const nlohmann::json> recent_block(std::uint64_t number) const;
  std::uint64_t height() const;
  std::size_t pending() const;
  // Chain::take_invariant_reports, under the node's lock.
  std::vector<std::string> take_invariant_reports();
  // Set once the next block runs protocol rules this fluxd does not implement
  // (node::Chain::upgrade_halt): the node produces no more blocks and admits no
  // transactions, and says so.
  std::optional<std::string> upgrade_halt() const;
  // Produces, commits and returns the next block (empty blocks too: time moves on and
  // interest accrues by block). Fails only if storage fails; the node then stops.
  std::optional<node::Block> produce(std::uint64_t time_ms, std::string& error);

  // Produces and commits `count` empty blocks at once (the dev node's flux_mineBlocks),
  // written in a few synced batches of many blocks each; returns the new height, or
  // nothing if storage failed (the node then stops, as for produce()).
  std::optional<std::uint64_t> mine(std::uint64_t count, std::uint64_t time_ms, std::string& error);

  // RocksDB's checksums of every table file (storage::Database::verify_table_checksums),
  // without the lock: for the background TableChecker.
  storage::Result<void> verify_table_checksums() const { return db_->verify_table_checksums(); }

  // Read access under the lock: `read(f)` calls f(chain) while holding it.
  template <class F>
  auto read(F&& f) const {
    std::unique_lock lock(mutex_);
    committed_.wait(lock, [this] { return !committing_; });  // never a block storage does not hold yet
    return f(chain_);
  }
  // A committed block, and the number of the block holding a transaction.
  std::optional<node::Block> block(std::uint64_t number, std::string& error) const;
  std::optional<std::uint64_t> block_of_transaction(const crypto::Hash32& hash) const;

  // Replays every stored block from `genesis`; nullopt if all reproduce, else what differs.
  // Also compares the store's head with the acknowledged-head marker: a store behind
  // it or differing from it, or a damaged marker, is a problem (`log` is told when
  // there is no marker, or the store is ahead of it).
  // `upgrade_halt`, if given, is set when the chain goes no further with this build:
  // a stored block (then also the problem) or the next one runs protocol rules it
  // does not implement.
  // Every invariant checker runs after every block, or also on every transaction
  // (Chain::set_replay_checks); `invariant_checks`, if given, counts them.
  static std::optional<std::string> verify(const std::filesystem::path& dir, std::uint64_t chain_id,
                                           const State& genesis, std::uint64_t& blocks_checked,
                                           std::optional<std::string>* upgrade_halt = nullptr,
                                           const std::function<void(const std::string&)>& log = {},
                                           node::Chain::ReplayChecks checks = node::Chain::ReplayChecks::each_block,
                                           std::uint64_t* invariant_checks = nullptr);

 private:
  NodeService(std::unique_ptr<storage::Database> db, node::Chain chain);
  // Moves the acknowledged-head marker to `number` (hash `hash`), durably, without the
  // lock; false (and `error`) if it cannot be written. The caller then sets
  // acknowledged_ under the lock, which lets readers see the blocks up to it.
  bool write_marker(std::uint64_t number, const crypto::Hash32& hash, std::string& error) const;
  struct TransactionPlace {
    std::uint64_t block;
    std::uint32_t index;
  };
  std::optional<std::uint64_t> indexed_block_locked(const crypto::Hash32& hash) const;
  // A block kept in memory (recent_blocks_), or nullptr; valid while the lock is held.
  const nlohmann::json* recent_block_locked(std::uint64_t number) const;
  std::optional<nlohmann::json> block_json_locked(std::uint64_t number, std::string& error) const;
  std::optional<nlohmann::json> receipt_locked(const crypto::Hash32& hash) const;
  // Keeps a committed block's JSON for receipts; blocks that no longer fit are moved
  // to `evicted`, for the caller to free after releasing the lock.
  void remember(const node::Block& block, std::shared_ptr<const nlohmann::json> json,
                std::vector<std::shared_ptr<const nlohmann::json>>& evicted);

  std::uint64_t chain_id_;
  std::filesystem::path dir_;
  bool failed_ = false;  // a commit failed: memory is ahead of storage, produce no more
  mutable std::mutex mutex_;
  std::mutex produce_mutex_;                   // held by produce() from start to commit: one block in flight
  bool committing_ = false;                    // a produced block is being written: state readers wait
  mutable std::condition_variable committed_;  // notified after every commit
  std::unique_ptr<storage::Database> db_;
  node::Chain chain_;
  // The last block the marker names (storage/acknowledged_head.hpp). Storage reads
  // past it answer "not there yet": RocksDB makes a commit readable as its synced
  // write returns, before the marker is written, and nobody may hear of a block the
  // marker does not cover (a receipt found through the index, a block by number).
  std::uint64_t acknowledged_ = 0;
  std::unordered_set<std::string> pending_hashes_;  // hash bytes of the mempool's transactions
  // The newest committed blocks as JSON, oldest first, and where their transactions are.
  // Shared and immutable, so a reader (the SSE announcer) can hold one without a copy.
  std::deque<std::pair<std::uint64_t, std::shared_ptr<const nlohmann::json>>> recent_blocks_;
  std::size_t recent_transactions_ = 0;
  std::unordered_map<std::string, TransactionPlace> recent_places_;
};

}  // namespace flux::fluxd
