#include "fluxd/node_service.hpp"

#include "fluxd/acknowledged_check.hpp"
#include "fluxd/storage_schema.hpp"

#include <map>

namespace flux::fluxd {
namespace {

std::string hash_bytes(const crypto::Hash32& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

// Index: "tx/" + the transaction hash -> the block number, 8 bytes big-endian.
std::string tx_key(const crypto::Hash32& h) { return "tx/" + hash_bytes(h); }
std::string be64(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((v >> ((7 - i) * 8)) & 0xFF);
  return s;
}

// Blocks kept in memory for receipts: at least this many, and more while they hold
// fewer transactions than the cap (a busy node keeps about the last few seconds).
constexpr std::size_t recent_blocks_min = 4;
constexpr std::size_t recent_transactions_max = 50'000;

storage::BlockCommit commit_for(const node::Block& block, const nlohmann::json& json,
                                std::vector<std::pair<std::string, std::string>> records) {
  storage::BlockCommit c;
  c.number = block.header.number;
  const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(json);  // node::encode_block's form
  c.block_bytes.assign(cbor.begin(), cbor.end());
  for (auto& record : records) {  // an empty value deletes the record (a voter no longer one)
    if (record.second.empty()) c.state_deletes.push_back(std::move(record.first));
    else c.state_puts.push_back(std::move(record));
  }
  for (const node::Receipt& r : block.receipts) c.index_puts.emplace_back(tx_key(r.transaction_hash), be64(c.number));
  c.state_hash = hash_bytes(block.header.state_hash);
  return c;
}

}  // namespace

NodeService::NodeService(std::unique_ptr<storage::Database> db, node::Chain chain)
    : chain_id_(chain.chain_id()), db_(std::move(db)), chain_(std::move(chain)) {}

// Longer than most functions on purpose: opening a data directory is one sequence
// (open the store, check its genesis and last block, compare with the acknowledged
// head, write the genesis or resume, move the marker), each step failing with its own
// message, and reads best in order.
// NOLINTNEXTLINE(readability-function-size)
std::unique_ptr<NodeService> NodeService::open(const std::filesystem::path& dir, std::uint64_t chain_id,
                                               const State& genesis, node::ChainLimits limits, std::string& error,
                                               const std::function<void(const std::string&)>& log,
                                               std::optional<std::uint64_t> accept_rollback_to) {
  if (genesis.block != 0) {
    error = "the genesis state must be at block 0";
    return nullptr;
  }
  auto opened = storage::Database::open(dir, node_database_options(log));
  if (!opened) {
    error = "cannot open " + dir.string() + ": " + storage::describe(opened.error());
    return nullptr;
  }
  std::unique_ptr<storage::Database> db = std::move(*opened);
  node::Chain fresh(chain_id, genesis, limits);
  const auto last = db->last_committed();
  std::optional<node::Chain> chain;
  std::optional<StoreHead> store_head;  // nullopt: the store holds no block
  if (last) {
    // The same genesis as the one this directory started from?
    auto block0 = db->block(0);
    if (!block0) {  // damaged, not another genesis: say what storage found
      error = "cannot read block 0: " + storage::describe(block0.error());
      return nullptr;
    }
    if (!*block0 || (*block0)->state_hash != hash_bytes(fresh.head().state_hash)) {
      error = "the data directory belongs to another genesis (or its block 0 is unreadable)";
      return nullptr;
    }
    auto head_record = db->block(last->number);
    if (!head_record) {
      error = "cannot read the last committed block " + std::to_string(last->number) + ": " +
              storage::describe(head_record.error());
      return nullptr;
    }
    if (!*head_record) {
      error = "the last committed block " + std::to_string(last->number) + " is unreadable";
      return nullptr;
    }
    std::string decode_error;
    auto head = node::decode_block((*head_record)->bytes, decode_error);
    if (!head) {
      error = "the last committed block: " + decode_error;
      return nullptr;
    }
    store_head = StoreHead{head->header.number, head->header.hash()};
    std::map<std::string, std::string> records;
    auto scan = db->for_each_state_record(
        [&records](std::string_view k, std::string_view v) { records.emplace(std::string(k), std::string(v)); });
    if (!scan) {
      error = "cannot read the state: " + storage::describe(scan.error());
      return nullptr;
    }
    chain = node::Chain::resume(chain_id, records, head->header, limits, error);
    if (!chain) return nullptr;
  }

  // Does the store still hold every block this node acknowledged? Checked before a
  // new directory's genesis is written: a store that lost everything is not new.
  const auto comparison = compare_acknowledged(dir, storage::read_acknowledged(dir), store_head,
                                               [&db](std::uint64_t n) -> std::optional<crypto::Hash32> {
                                                 auto record = db->block(n);
                                                 if (!record || !*record) return std::nullopt;
                                                 std::string ignored;
                                                 auto block = node::decode_block((**record).bytes, ignored);
                                                 if (!block) return std::nullopt;
                                                 return block->header.hash();
                                               });
  // The block the node would start at: the store's head, or genesis for an empty store.
  const StoreHead start = store_head ? *store_head : StoreHead{0, fresh.head().hash()};
  if (comparison.refused()) {
    if (accept_rollback_to != start.number) {
      error = comparison.problem + ". The node refuses to start without those blocks: restore the data directory " +
              "from a copy that has them, or, to continue from " + describe_block(start.number, start.hash) +
              " and let the missing blocks be produced anew, start once with --accept-rollback-to " +
              std::to_string(start.number);
      if (accept_rollback_to) {
        error += " (--accept-rollback-to " + std::to_string(*accept_rollback_to) +
                 " names another block than the one the node would start at)";
      }
      return nullptr;
    }
    if (log)
      log("accepted a rollback to " + describe_block(start.number, start.hash) +
          " (--accept-rollback-to): " + comparison.problem);
  } else if (accept_rollback_to) {
    error = "--accept-rollback-to " + std::to_string(*accept_rollback_to) +
            " given, but there is no rollback to accept: the store is at or after the acknowledged head " +
            (comparison.acknowledged ? describe_block(comparison.acknowledged->number, comparison.acknowledged->hash)
                                     : std::string("(there is no marker yet)")) +
            "; start without the flag";
    return nullptr;
  } else if (comparison.verdict == AcknowledgedVerdict::no_marker && store_head && log) {
    log("no acknowledged-head marker in " + dir.string() +
        " (a data directory from before fluxd kept one): writing it from the store's head, " +
        describe_block(start.number, start.hash));
  }

  if (!store_head) {  // a new directory (or an accepted empty one): block 0 is the genesis itself
    node::Block zero;
    zero.header = fresh.head();
    auto written = db->commit(commit_for(zero, node::block_json(zero, fresh.state()), fresh.all_records()));
    if (!written) {
      error = "cannot write genesis: " + storage::describe(written.error());
      return nullptr;
    }
    chain.emplace(std::move(fresh));
  }
  std::unique_ptr<NodeService> service(new NodeService(std::move(db), std::move(*chain)));
  service->dir_ = dir;
  service->acknowledged_ = start.number;
  // The node serves its whole store from now on: the marker must cover it (after a
  // kill the store may be one commit ahead of it).
  if (comparison.verdict != AcknowledgedVerdict::matches) {
    if (!service->write_marker(start.number, start.hash, error)) return nullptr;
  }
  return service;
}

bool NodeService::write_marker(std::uint64_t number, const crypto::Hash32& hash, std::string& error) const {
  auto written = storage::write_acknowledged(dir_, acknowledged_head_of(StoreHead{number, hash}));
  if (!written) {
    error = "cannot write the acknowledged head (block " + std::to_string(number) +
            "): " + storage::describe(written.error());
    return false;
  }
  return true;
}

crypto::Result<crypto::Hash32, node::TransactionError> NodeService::submit(const node::Transaction& tx) {
  auto verified = node::Chain::verify_signature(tx, chain_id_);  // outside the lock: the costly part
  if (!verified) return verified;
  std::lock_guard lock(mutex_);
  auto admitted = chain_.submit_verified(tx, *verified);
  if (admitted) pending_hashes_.insert(hash_bytes(*admitted));
  return admitted;
}

std::optional<node::Block> NodeService::produce(std::uint64_t time_ms, std::string& error) {
  std::lock_guard producing(produce_mutex_);  // one block at a time, from start to commit
  node::Block block;
  std::vector<std::pair<std::string, std::string>> changes;
  State names;  // what block_json reads of the state: asset and market symbols, account names
  {
    std::lock_guard lock(mutex_);
    if (failed_) {
      error = "an earlier commit failed; restart the node to resume from storage";
      return std::nullopt;
    }
    if (auto halt = chain_.upgrade_halt()) {
      error = *halt;
      return std::nullopt;
    }
    block = chain_.produce_block(time_ms);
    changes = chain_.take_changes();
    const State& state = chain_.state();
    names.assets = state.assets;
    names.markets = state.markets;
    names.account_names = state.account_names;
    // From here until the commit returns, memory is ahead of storage: readers of the
    // state wait (read(), height()), while transactions are still admitted.
    committing_ = true;
  }
  // The block's JSON, its encoding and the synced write, outside the lock: admission
  // goes on meanwhile (the JSON is most of a block's cost).
  nlohmann::json json = node::block_json(block, names);
  auto written = db_->commit(commit_for(block, json, std::move(changes)));
  // Durable in the store first, then the marker, then visible: a crash in between
  // leaves the store ahead of the marker, which opens normally.
  std::string marker_error;
  const bool marked = written && write_marker(block.header.number, block.header.hash(), marker_error);
  std::vector<std::shared_ptr<const nlohmann::json>> evicted;  // freed after the lock is released
  {
    std::lock_guard lock(mutex_);
    committing_ = false;
    if (!written || !marked) {
      // The chain in memory is now ahead of storage (or of what may be announced):
      // nothing more may be produced or reported committed. The caller stops the
      // node; a restart resumes from storage (and moves the marker to its head).
      failed_ = true;
      committed_.notify_all();
      error = !written ? "commit of block " + std::to_string(block.header.number) +
                             " failed: " + storage::describe(written.error())
                       : marker_error;
      return std::nullopt;
    }
    acknowledged_ = block.header.number;
    for (const node::Receipt& r : block.receipts) pending_hashes_.erase(hash_bytes(r.transaction_hash));
    remember(block, std::make_shared<const nlohmann::json>(std::move(json)), evicted);
    committed_.notify_all();
  }
  return block;
}

std::optional<std::uint64_t> NodeService::mine(std::uint64_t count, std::uint64_t time_ms, std::string& error) {
  // Blocks per synced batch: one fsync for thousands of blocks instead of one each.
  constexpr std::uint64_t blocks_per_batch = 10'000;
  std::lock_guard producing(produce_mutex_);
  std::vector<std::shared_ptr<const nlohmann::json>> evicted;
  std::uint64_t done = 0;
  while (done < count) {
    const std::uint64_t batch_size = std::min(blocks_per_batch, count - done);
    std::vector<storage::BlockCommit> commits;
    commits.reserve(batch_size);
    crypto::Hash32 last_hash;  // the batch's last block's
    {
      std::lock_guard lock(mutex_);
      if (failed_) {
        error = "an earlier commit failed; restart the node to resume from storage";
        return std::nullopt;
      }
      State names;  // empty blocks name nothing
      for (std::uint64_t i = 0; i < batch_size; ++i) {
        const node::Block block = chain_.produce_empty_block(time_ms);
        commits.push_back(commit_for(block, node::block_json(block, names), {}));
        if (i + 1 == batch_size) last_hash = block.header.hash();
      }
      // Empty blocks change no engine state, but the records are written with the last
      // block of the batch anyway, so that nothing pending is ever left behind.
      auto changes = chain_.take_changes();
      for (auto& record : changes) {
        if (record.second.empty()) commits.back().state_deletes.push_back(std::move(record.first));
        else commits.back().state_puts.push_back(std::move(record));
      }
      committing_ = true;
    }
    auto written = db_->commit_all(commits);
    // One marker per batch (its last block), as for produce(): after the write.
    std::string marker_error;
    const bool marked = written && write_marker(commits.back().number, last_hash, marker_error);
    std::lock_guard lock(mutex_);
    committing_ = false;
    if (!written || !marked) {
      failed_ = true;
      committed_.notify_all();
      error = !written ? "commit of mined blocks failed: " + storage::describe(written.error()) : marker_error;
      return std::nullopt;
    }
    acknowledged_ = commits.back().number;
    // The blocks kept in memory must stay consecutive: forget them (storage has them).
    for (auto& [number, json] : recent_blocks_) evicted.push_back(std::move(json));
    recent_blocks_.clear();
    recent_places_.clear();
    recent_transactions_ = 0;
    committed_.notify_all();
    done += batch_size;
  }
  std::lock_guard lock(mutex_);
  return chain_.head().number;
}

void NodeService::remember(const node::Block& block, std::shared_ptr<const nlohmann::json> json,
                           std::vector<std::shared_ptr<const nlohmann::json>>& evicted) {
  const std::uint64_t number = block.header.number;
  for (std::size_t i = 0; i < block.receipts.size(); ++i)
    recent_places_[hash_bytes(block.receipts[i].transaction_hash)] = {number, static_cast<std::uint32_t>(i)};
  recent_transactions_ += block.receipts.size();
  recent_blocks_.emplace_back(number, std::move(json));
  while (recent_blocks_.size() > recent_blocks_min && recent_transactions_ > recent_transactions_max) {
    const auto& old = recent_blocks_.front().second->at("receipts");
    for (const auto& r : old)
      if (auto hash = crypto::Hash32::from_hex(r["transaction_hash"].get<std::string>()))
        recent_places_.erase(hash_bytes(*hash));
    recent_transactions_ -= old.size();
    evicted.push_back(std::move(recent_blocks_.front().second));  // freeing a big block is slow: not under the lock
    recent_blocks_.pop_front();
  }
}

std::uint64_t NodeService::height() const {
  std::unique_lock lock(mutex_);
  committed_.wait(lock, [this] { return !committing_; });
  return chain_.head().number;
}

std::optional<std::string> NodeService::upgrade_halt() const {
  std::lock_guard lock(mutex_);
  return chain_.upgrade_halt();
}

std::vector<std::string> NodeService::take_invariant_reports() {
  std::lock_guard lock(mutex_);
  return chain_.take_invariant_reports();
}

std::size_t NodeService::pending() const {
  std::lock_guard lock(mutex_);
  return chain_.pending();
}

std::optional<nlohmann::json> NodeService::block_json_locked(std::uint64_t number, std::string& error) const {
  if (const nlohmann::json* recent = recent_block_locked(number)) return *recent;
  if (number > acknowledged_) {  // committed, perhaps, but not yet acknowledged
    error = "no block " + std::to_string(number);
    return std::nullopt;
  }
  auto record = db_->block(number);
  if (!record) {
    error = storage::describe(record.error());
    return std::nullopt;
  }
  if (!*record) {
    error = "no block " + std::to_string(number);
    return std::nullopt;
  }
  const std::string& bytes = (*record)->bytes;
  nlohmann::json json = nlohmann::json::from_cbor(bytes.begin(), bytes.end(), true, false);
  if (json.is_discarded() || !json.is_object()) {
    error = "block " + std::to_string(number) + " is not readable";
    return std::nullopt;
  }
  return json;
}

std::optional<nlohmann::json> NodeService::block_json(std::uint64_t number, std::string& error) const {
  std::lock_guard lock(mutex_);
  return block_json_locked(number, error);
}

const nlohmann::json* NodeService::recent_block_locked(std::uint64_t number) const {
  if (recent_blocks_.empty() || number < recent_blocks_.front().first || number > recent_blocks_.back().first)
    return nullptr;
  return recent_blocks_[number - recent_blocks_.front().first].second.get();
}

std::shared_ptr<const nlohmann::json> NodeService::recent_block(std::uint64_t number) const {
  std::lock_guard lock(mutex_);
  if (recent_blocks_.empty() || number < recent_blocks_.front().first || number > recent_blocks_.back().first)
    return nullptr;
  return recent_blocks_[number - recent_blocks_.front().first].second;
}

std::optional<nlohmann::json> NodeService::receipt_locked(const crypto::Hash32& hash) const {
  nlohmann::json receipt;
  std::uint64_t number = 0;
  std::size_t index = 0;
  if (auto it = recent_places_.find(hash_bytes(hash)); it != recent_places_.end()) {
    number = it->second.block;
    index = it->second.index;
    receipt = recent_block_locked(number)->at("receipts").at(index);  // this receipt only, not the block
  } else {
    // The index holds the block; the receipt is found in it, read and decoded once.
    const auto indexed = indexed_block_locked(hash);
    if (!indexed) return std::nullopt;
    number = *indexed;
    std::string error;
    auto block = block_json_locked(number, error);
    if (!block) throw StorageReadError("cannot read block " + std::to_string(number) + ": " + error);
    auto& receipts = (*block)["receipts"];
    const std::string hex = hash.hex();
    while (index < receipts.size() && receipts[index]["transaction_hash"] != hex) ++index;
    if (index == receipts.size()) return std::nullopt;
    receipt = std::move(receipts[index]);
  }
  receipt["block_number"] = number;
  receipt["transaction_index"] = index;
  return receipt;
}

std::optional<nlohmann::json> NodeService::receipt(const crypto::Hash32& hash) const {
  std::lock_guard lock(mutex_);
  return receipt_locked(hash);
}

NodeService::WaitOutcome NodeService::wait_for_receipt(const crypto::Hash32& hash, std::chrono::milliseconds timeout,
                                                       nlohmann::json& receipt_out) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (auto found = receipt_locked(hash)) {
      receipt_out = std::move(*found);
      return WaitOutcome::committed;
    }
    if (!pending_hashes_.contains(hash_bytes(hash))) return WaitOutcome::unknown;
    if (committed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      if (auto found = receipt_locked(hash)) {
        receipt_out = std::move(*found);
        return WaitOutcome::committed;
      }
      return WaitOutcome::timed_out;
    }
  }
}

std::optional<node::Block> NodeService::block(std::uint64_t number, std::string& error) const {
  std::lock_guard lock(mutex_);
  if (number > acknowledged_) {  // committed, perhaps, but not yet acknowledged
    error = "no block " + std::to_string(number);
    return std::nullopt;
  }
  auto record = db_->block(number);
  if (!record) {
    error = storage::describe(record.error());
    return std::nullopt;
  }
  if (!*record) {
    error = "no block " + std::to_string(number);
    return std::nullopt;
  }
  return node::decode_block((*record)->bytes, error);
}

std::optional<std::uint64_t> NodeService::indexed_block_locked(const crypto::Hash32& hash) const {
  auto found = db_->index(tx_key(hash));
  if (!found) throw StorageReadError("cannot read the transaction index: " + storage::describe(found.error()));
  if (!*found || (*found)->size() != 8) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : **found) n = (n << 8) | static_cast<unsigned char>(c);
  if (n > acknowledged_) return std::nullopt;  // its block is not acknowledged yet: still pending
  return n;
}

std::optional<std::uint64_t> NodeService::block_of_transaction(const crypto::Hash32& hash) const {
  std::lock_guard lock(mutex_);
  return indexed_block_locked(hash);
}

std::optional<std::string> NodeService::verify(const std::filesystem::path& dir, std::uint64_t chain_id,
                                               const State& genesis, std::uint64_t& blocks_checked,
                                               std::optional<std::string>* upgrade_halt,
                                               const std::function<void(const std::string&)>& log,
                                               node::Chain::ReplayChecks checks, std::uint64_t* invariant_checks) {
  auto opened = storage::Database::open(dir, node_database_options(log));
  if (!opened) return "cannot open " + dir.string() + ": " + storage::describe(opened.error());
  const storage::Database& db = **opened;
  if (auto report = db.verify(); !report) return "storage: " + storage::describe(report.error());
  const auto last = db.last_committed();
  if (!last) {
    const auto comparison = compare_acknowledged(dir, storage::read_acknowledged(dir), std::nullopt,
                                                 [](std::uint64_t) { return std::nullopt; });
    return comparison.refused() ? comparison.problem : std::string("the directory holds no blocks");
  }
  node::Chain chain(chain_id, genesis, {});
  chain.set_replay_checks(checks);
  auto block0 = db.block(0);
  if (!block0 || !*block0 || (*block0)->state_hash != hash_bytes(chain.head().state_hash))
    return "block 0 does not match this genesis";
  std::optional<std::string> problem;
  blocks_checked = 0;
  // Every block's header hash, for the acknowledged-head comparison below (a few
  // dozen bytes per block).
  std::vector<crypto::Hash32> hashes{chain.head().hash()};
  auto visited = db.for_each_block(1, last->number, [&](const storage::BlockRecord& record) {
    if (problem) return;
    std::string error;
    auto block = node::decode_block(record.bytes, error);
    if (!block) {
      problem = "block " + std::to_string(record.number) + ": " + error;
      return;
    }
    if (auto differs = chain.replay_block(*block)) problem = *differs;
    hashes.push_back(block->header.hash());
    ++blocks_checked;
  });
  if (!visited) return "storage: " + storage::describe(visited.error());
  if (invariant_checks != nullptr) *invariant_checks = chain.invariant_checks();
  if (upgrade_halt != nullptr) *upgrade_halt = chain.upgrade_halt();
  if (problem) return problem;
  // Every stored block replays; does the store still hold every acknowledged one?
  const auto comparison =
      compare_acknowledged(dir, storage::read_acknowledged(dir), StoreHead{last->number, hashes.back()},
                           [&hashes](std::uint64_t n) -> std::optional<crypto::Hash32> {
                             if (n >= hashes.size()) return std::nullopt;
                             return hashes[n];
                           });
  if (comparison.refused()) return comparison.problem;
  if (log && comparison.verdict == AcknowledgedVerdict::no_marker) {
    log("no acknowledged-head marker in " + dir.string() + " (the node writes it on its next start)");
  }
  return std::nullopt;
}

}  // namespace flux::fluxd
