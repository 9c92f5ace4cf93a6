#include "fluxd/node_service.hpp"

#include "fluxd/storage_schema.hpp"

#include <map>

namespace flux::fluxd {
namespace {

std::string hash_bytes(const crypto::Hash32& h) { return std::string(reinterpret_cast<const char*>(h.data()), h.size()); }

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

std::unique_ptr<NodeService> NodeService::open(const std::filesystem::path& dir, std::uint64_t chain_id,
                                               const State& genesis, node::ChainLimits limits, std::string& error,
                                               const std::function<void(const std::string&)>& log) {
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
  if (!last) {  // a new directory: block 0 is the genesis itself
    node::Block zero;
    zero.header = fresh.head();
    auto written = db->commit(commit_for(zero, node::block_json(zero, fresh.state()), fresh.all_records()));
    if (!written) {
      error = "cannot write genesis: " + storage::describe(written.error());
      return nullptr;
    }
    return std::unique_ptr<NodeService>(new NodeService(std::move(db), std::move(fresh)));
  }
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
  std::map<std::string, std::string> records;
  auto scan = db->for_each_state_record(
      [&records](std::string_view k, std::string_view v) { records.emplace(std::string(k), std::string(v)); });
  if (!scan) {
    error = "cannot read the state: " + storage::describe(scan.error());
    return nullptr;
  }
  auto chain = node::Chain::resume(chain_id, records, head->header, limits, error);
  if (!chain) return nullptr;
  return std::unique_ptr<NodeService>(new NodeService(std::move(db), std::move(*chain)));
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
  std::vector<std::shared_ptr<const nlohmann::json>> evicted;  // freed after the lock is released
  {
    std::lock_guard lock(mutex_);
    committing_ = false;
    if (!written) {
      // The chain in memory is now ahead of storage: nothing more may be produced or
      // reported committed. The caller stops the node; a restart resumes from storage.
      failed_ = true;
      committed_.notify_all();
      error = "commit of block " + std::to_string(block.header.number) + " failed: " + storage::describe(written.error());
      return std::nullopt;
    }
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
    std::lock_guard lock(mutex_);
    committing_ = false;
    if (!written) {
      failed_ = true;
      committed_.notify_all();
      error = "commit of mined blocks failed: " + storage::describe(written.error());
      return std::nullopt;
    }
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

std::size_t NodeService::pending() const {
  std::lock_guard lock(mutex_);
  return chain_.pending();
}

std::optional<nlohmann::json> NodeService::block_json_locked(std::uint64_t number, std::string& error) const {
  if (const nlohmann::json* recent = recent_block_locked(number)) return *recent;
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
  return n;
}

std::optional<std::uint64_t> NodeService::block_of_transaction(const crypto::Hash32& hash) const {
  std::lock_guard lock(mutex_);
  return indexed_block_locked(hash);
}

std::optional<std::string> NodeService::verify(const std::filesystem::path& dir, std::uint64_t chain_id,
                                               const State& genesis, std::uint64_t& blocks_checked,
                                               std::optional<std::string>* upgrade_halt,
                                               const std::function<void(const std::string&)>& log) {
  auto opened = storage::Database::open(dir, node_database_options(log));
  if (!opened) return "cannot open " + dir.string() + ": " + storage::describe(opened.error());
  const storage::Database& db = **opened;
  if (auto report = db.verify(); !report) return "storage: " + storage::describe(report.error());
  const auto last = db.last_committed();
  if (!last) return "the directory holds no blocks";
  node::Chain chain(chain_id, genesis, {});
  auto block0 = db.block(0);
  if (!block0 || !*block0 || (*block0)->state_hash != hash_bytes(chain.head().state_hash))
    return "block 0 does not match this genesis";
  std::optional<std::string> problem;
  blocks_checked = 0;
  auto visited = db.for_each_block(1, last->number, [&](const storage::BlockRecord& record) {
    if (problem) return;
    std::string error;
    auto block = node::decode_block(record.bytes, error);
    if (!block) {
      problem = "block " + std::to_string(record.number) + ": " + error;
      return;
    }
    if (auto differs = chain.replay_block(*block)) problem = *differs;
    ++blocks_checked;
  });
  if (!visited) return "storage: " + storage::describe(visited.error());
  if (upgrade_halt != nullptr) *upgrade_halt = chain.upgrade_halt();
  return problem;
}

}  // namespace flux::fluxd
