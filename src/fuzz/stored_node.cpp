#include "fuzz/stored_node.hpp"

#include "node/block_json.hpp"

#include <map>

namespace flux::fuzz {
namespace {

std::string bytes_of(const crypto::Hash32& h) { return std::string(reinterpret_cast<const char*>(h.data()), h.size()); }

// Index: "tx/" + the transaction hash -> the block number, 8 bytes big-endian (as fluxd).
std::string be64(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((v >> ((7 - i) * 8)) & 0xFF);
  return s;
}

}  // namespace

StoredNode::StoredNode(std::filesystem::path dir, std::uint64_t chain_id, State genesis)
    : dir_(std::move(dir)), chain_id_(chain_id), genesis_(std::move(genesis)) {}

StoredNode::~StoredNode() {
  chain_.reset();
  db_.reset();  // before the environment it writes through
  faults_.reset();
}

storage::BlockCommit StoredNode::commit_for(const node::Block& block,
                                            std::vector<std::pair<std::string, std::string>> records) {
  storage::BlockCommit c;
  c.number = block.header.number;
  c.block_bytes = node::encode_block(block, chain_->state());
  for (auto& record : records) {  // an empty value deletes the record
    if (record.second.empty()) c.state_deletes.push_back(std::move(record.first));
    else c.state_puts.push_back(std::move(record));
  }
  for (const node::Receipt& r : block.receipts)
    c.index_puts.emplace_back("tx/" + bytes_of(r.transaction_hash), be64(c.number));
  c.state_hash = bytes_of(block.header.state_hash);
  return c;
}

std::string StoredNode::open() {
  chain_.reset();
  db_.reset();
  faults_ = std::make_unique<storage::FaultInjection>();
  storage::DatabaseOptions options;
  options.env = faults_->env();
  auto opened = storage::Database::open(dir_, options);
  if (!opened) return "cannot open " + dir_.string() + ": " + storage::describe(opened.error());
  db_ = std::move(*opened);
  attempted_.clear();
  const auto last = db_->last_committed();
  if (!last) {  // a new directory: block 0 is the genesis itself
    node::Chain fresh(chain_id_, genesis_);
    node::Block zero;
    zero.header = fresh.head();
    chain_.emplace(std::move(fresh));
    auto written = db_->commit(commit_for(zero, chain_->all_records()));
    if (!written) {
      chain_.reset();
      return "cannot write genesis: " + storage::describe(written.error());
    }
    return {};
  }
  auto head_record = db_->block(last->number);
  if (!head_record || !*head_record) return "cannot read the last committed block " + std::to_string(last->number);
  std::string error;
  auto head = node::decode_block((*head_record)->bytes, error);
  if (!head) return "the last committed block: " + error;
  std::map<std::string, std::string> records;
  auto scan = db_->for_each_state_record(
      [&records](std::string_view k, std::string_view v) { records.emplace(std::string(k), std::string(v)); });
  if (!scan) return "cannot read the state: " + storage::describe(scan.error());
  auto resumed = node::Chain::resume(chain_id_, records, head->header, node::ChainLimits{}, error);
  if (!resumed) return "resume: " + error;
  chain_.emplace(std::move(*resumed));
  return {};
}

void StoredNode::apply_torn_write_budget(const storage::BlockCommit& commit) {
  if (torn_write_ == 0) return;
  // The WAL record holds at least the commit's keys and values: a budget below their
  // size can never let the record through whole.
  std::uint64_t payload = commit.block_bytes.size() + commit.state_hash.size();
  for (const auto& [k, v] : commit.state_puts) payload += k.size() + v.size();
  ++budget_draws_;
  const std::uint64_t budget = torn_write_ == 1 ? 0 : 1 + (budget_draws_ * 7919) % payload;
  faults_->set_wal_append_budget(budget);
  torn_write_ = 0;
}

node::Block StoredNode::produce(std::uint64_t time_ms, std::string& error) {
  error.clear();
  node::Block block = chain_->produce_block(time_ms);
  const storage::BlockCommit commit = commit_for(block, chain_->take_changes());
  apply_torn_write_budget(commit);
  auto written = db_->commit(commit);
  faults_->set_wal_append_budget(std::nullopt);
  if (!written) {
    attempted_ = {block.header};
    error = "commit of block " + std::to_string(block.header.number) + " failed: " + storage::describe(written.error());
  }
  return block;
}

void StoredNode::mine(std::uint64_t count, std::uint64_t time_ms_per_block, std::string& error) {
  error.clear();
  std::vector<storage::BlockCommit> commits;
  std::vector<node::BlockHeader> headers;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t number = chain_->head().number + 1;
    const node::Block block = chain_->produce_empty_block(number * time_ms_per_block);
    commits.push_back(commit_for(block, {}));
    headers.push_back(block.header);
  }
  // Empty blocks change nothing, but whatever is pending goes with the last one.
  for (auto& record : chain_->take_changes()) {
    if (record.second.empty()) commits.back().state_deletes.push_back(std::move(record.first));
    else commits.back().state_puts.push_back(std::move(record));
  }
  apply_torn_write_budget(commits.back());
  auto written = db_->commit_all(commits);
  faults_->set_wal_append_budget(std::nullopt);
  if (!written) {
    attempted_ = {headers.back()};  // one batch: all of it or none
    error = "commit of " + std::to_string(count) + " mined blocks failed: " + storage::describe(written.error());
  }
}

void StoredNode::close() {
  chain_.reset();
  db_.reset();
  faults_.reset();
}

std::uint64_t StoredNode::crash() {
  chain_.reset();
  faults_->crash();
  db_.reset();  // its close cannot write: the process is as good as dead
  const std::uint64_t dropped = faults_->drop_unsynced_data();
  faults_.reset();
  return dropped;
}

}  // namespace flux::fuzz
