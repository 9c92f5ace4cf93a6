// The running node's core: the chain kept durable in storage.
//
// Every block is written — block, changed state records, transaction index and the
// new head — in one synced RocksDB write batch before produce() returns, so nobody
// hears of a block that a crash could lose. On start the node loads the stored state
// records (not a replay) and checks that they hash to the stored head; verify()
// replays every block from genesis instead, re-checking every signature and hash.
//
// Thread safety: every public member may be called from any thread; one mutex
// serialises them (the engine is single-threaded by design).
#pragma once

#include "node/block_json.hpp"
#include "node/chain.hpp"
#include "storage/database.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace flux::fluxd {

class NodeService {
 public:
  // Opens (or creates) the data directory. A new directory starts from `genesis`
  // (whose block must be 0); an existing one continues from its last block and must
  // belong to the same genesis (checked by the stored block 0's state hash).
  static std::unique_ptr<NodeService> open(const std::filesystem::path& dir, std::uint64_t chain_id,
                                           const State& genesis, node::ChainLimits limits, std::string& error);

  crypto::Result<crypto::Hash32, node::TransactionError> submit(const node::Transaction& tx);
  // Produces, commits and returns the next block (empty blocks too: time moves on and
  // interest accrues by block). Fails only if storage fails; the node then stops.
  std::optional<node::Block> produce(std::uint64_t time_ms, std::string& error);

  // Read access under the lock: `read(f)` calls f(chain) while holding it.
  template <class F>
  auto read(F&& f) const {
    std::lock_guard lock(mutex_);
    return f(chain_);
  }
  // A committed block, and the number of the block holding a transaction.
  std::optional<node::Block> block(std::uint64_t number, std::string& error) const;
  std::optional<std::uint64_t> block_of_transaction(const crypto::Hash32& hash) const;

  // Replays every stored block from `genesis`; nullopt if all reproduce, else what differs.
  static std::optional<std::string> verify(const std::filesystem::path& dir, std::uint64_t chain_id,
                                           const State& genesis, std::uint64_t& blocks_checked);

 private:
  NodeService(std::unique_ptr<storage::Database> db, node::Chain chain);
  mutable std::mutex mutex_;
  std::unique_ptr<storage::Database> db_;
  node::Chain chain_;
};

}  // namespace flux::fluxd
