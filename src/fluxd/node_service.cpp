#include "fluxd/node_service.hpp"

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

storage::BlockCommit commit_for(const node::Block& block, const State& state,
                                std::vector<std::pair<std::string, std::string>> records) {
  storage::BlockCommit c;
  c.number = block.header.number;
  c.block_bytes = node::encode_block(block, state);
  c.state_puts = std::move(records);
  for (const node::Receipt& r : block.receipts) c.index_puts.emplace_back(tx_key(r.transaction_hash), be64(c.number));
  c.state_hash = hash_bytes(block.header.state_hash);
  return c;
}

}  // namespace

NodeService::NodeService(std::unique_ptr<storage::Database> db, node::Chain chain)
    : db_(std::move(db)), chain_(std::move(chain)) {}

std::unique_ptr<NodeService> NodeService::open(const std::filesystem::path& dir, std::uint64_t chain_id,
                                               const State& genesis, node::ChainLimits limits, std::string& error) {
  if (genesis.block != 0) {
    error = "the genesis state must be at block 0";
    return nullptr;
  }
  auto opened = storage::Database::open(dir);
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
    auto written = db->commit(commit_for(zero, fresh.state(), fresh.all_records()));
    if (!written) {
      error = "cannot write genesis: " + storage::describe(written.error());
      return nullptr;
    }
    return std::unique_ptr<NodeService>(new NodeService(std::move(db), std::move(fresh)));
  }
  // The same genesis as the one this directory started from?
  auto block0 = db->block(0);
  if (!block0 || !*block0 || (*block0)->state_hash != hash_bytes(fresh.head().state_hash)) {
    error = "the data directory belongs to another genesis (or its block 0 is unreadable)";
    return nullptr;
  }
  auto head_record = db->block(last->number);
  if (!head_record || !*head_record) {
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
  std::lock_guard lock(mutex_);
  return chain_.submit(tx);
}

std::optional<node::Block> NodeService::produce(std::uint64_t time_ms, std::string& error) {
  std::lock_guard lock(mutex_);
  node::Block block = chain_.produce_block(time_ms);
  auto written = db_->commit(commit_for(block, chain_.state(), chain_.take_changes()));
  if (!written) {
    error = "commit of block " + std::to_string(block.header.number) + " failed: " + storage::describe(written.error());
    return std::nullopt;
  }
  return block;
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

std::optional<std::uint64_t> NodeService::block_of_transaction(const crypto::Hash32& hash) const {
  std::lock_guard lock(mutex_);
  auto found = db_->index(tx_key(hash));
  if (!found || !*found || (*found)->size() != 8) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : **found) n = (n << 8) | static_cast<unsigned char>(c);
  return n;
}

std::optional<std::string> NodeService::verify(const std::filesystem::path& dir, std::uint64_t chain_id,
                                               const State& genesis, std::uint64_t& blocks_checked) {
  auto opened = storage::Database::open(dir);
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
  return problem;
}

}  // namespace flux::fluxd
