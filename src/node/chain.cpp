#include "node/chain.hpp"

#include "engine/operation_registry.hpp"

#include "crypto/keccak.hpp"
#include "engine/authorization.hpp"
#include "engine/change_checks.hpp"
#include "engine/invariants.hpp"
#include "engine/proposal_checks.hpp"
#include "engine/state_hash.hpp"
#include "node/state_codec.hpp"

namespace flux::node {
namespace {

using crypto::Failure;
using crypto::Hash32;

void put_u64(crypto::Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (i * 8)));
}
void put(crypto::Bytes& out, crypto::ByteView bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

Failure<TransactionError> reject(Rejection kind, std::string detail) {
  return Failure{TransactionError{kind, std::move(detail)}};
}

std::string nonce_key(const crypto::Address20& a) {
  return "nonce/" + std::string(reinterpret_cast<const char*>(a.data()), a.size());
}
std::string encode_nonce(std::uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((n >> ((7 - i) * 8)) & 0xFF);
  return s;
}

}  // namespace

Hash32 BlockHeader::hash() const {
  crypto::Bytes bytes;
  put_u64(bytes, number);
  put_u64(bytes, time_ms);
  put(bytes, parent_hash.view());
  put(bytes, transactions_root.view());
  put(bytes, state_hash.view());
  return crypto::keccak256(crypto::ByteView(bytes));
}

Chain::Chain(std::uint64_t chain_id, State genesis, ChainLimits limits)
    : chain_id_(chain_id), limits_(limits), state_(std::move(genesis)) {
  head_.number = state_.block;
  // A Flux Protocol genesis has a time (0 for Compound's): no block is stamped before it.
  head_.time_ms = state_.time * 1'000;
  head_.state_hash = node_state_hash();
}

std::uint64_t Chain::confirmed_nonce(const crypto::Address20& account) const {
  const auto it = nonces_.find(account);
  return it == nonces_.end() ? 0 : it->second;
}

std::uint64_t Chain::next_nonce(const crypto::Address20& account) const {
  const auto it = pending_.find(account);
  return confirmed_nonce(account) + (it == pending_.end() ? 0 : it->second);
}

namespace {
std::string nonce_leaf_key(const crypto::Address20& account) {
  std::string key(1, '\xFF');
  const auto bytes = account.view();
  key.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return key;
}
Hash32 as_hash32(const StateHash& h) {
  Hash32 out;
  std::copy(h.begin(), h.end(), out.bytes.begin());
  return out;
}
}  // namespace

void Chain::put_whole_state(MerkleMap& map) const {
  put_state(map, state_);
  for (const auto& [account, nonce] : nonces_) map.put(nonce_leaf_key(account), encode_nonce(nonce));
}

Hash32 Chain::rebuilt_state_hash() const {
  if (state_.rule_version < rule_version_state_root) return node_state_hash();
  MerkleMap map;
  put_whole_state(map);
  return as_hash32(map.root());
}

Hash32 Chain::node_state_hash() const {
  if (state_.rule_version >= rule_version_state_root) {
    if (!root_.map) {
      root_.map = std::make_unique<MerkleMap>();
      put_whole_state(*root_.map);
    } else {
      for (const EntryKey& key : root_.dirty_entries) put_entry(*root_.map, state_, key);
      put_setup(*root_.map, state_);
      for (const auto& account : root_.dirty_nonces)
        root_.map->put(nonce_leaf_key(account), encode_nonce(confirmed_nonce(account)));
    }
    root_.dirty_entries.clear();
    root_.dirty_nonces.clear();
    return as_hash32(root_.map->root());
  }
  // Rule version 1: nothing to keep up to date.
  root_.dirty_entries.clear();
  root_.dirty_nonces.clear();
  crypto::Bytes bytes;
  const std::string tag = "flux-node-state-v1";
  bytes.insert(bytes.end(), tag.begin(), tag.end());
  const StateHash engine = state_hash(state_);
  bytes.insert(bytes.end(), engine.begin(), engine.end());
  for (const auto& [account, nonce] : nonces_) {  // std::map: address order
    put(bytes, account.view());
    put_u64(bytes, nonce);
  }
  return crypto::keccak256(crypto::ByteView(bytes));
}

crypto::Result<Hash32, TransactionError> Chain::verify_signature(const Transaction& tx, std::uint64_t chain_id) {
  const Hash32 hash = transaction_hash(tx, chain_id);
  auto signer = crypto::recover_address(hash, tx.signature.view());
  if (!signer) return reject(Rejection::bad_signature, crypto::signature_error_message(signer.error()));
  if (*signer != tx.sender())
    return reject(Rejection::wrong_signer, "signed by " + signer->hex() + ", not by the sender (or for another chain)");
  return hash;
}

crypto::Result<Hash32, TransactionError> Chain::check(const Transaction& tx, std::uint64_t expected_nonce,
                                                      bool admission) {
  auto verified = verify_signature(tx, chain_id_);
  if (!verified) return verified;
  return check_verified(tx, *verified, expected_nonce, admission);
}

crypto::Result<Hash32, TransactionError> Chain::check_verified(const Transaction& tx, const Hash32& hash,
                                                               std::uint64_t expected_nonce, bool admission) {
  if (tx.nonce() < expected_nonce)
    return reject(Rejection::nonce_used,
                  "nonce " + std::to_string(tx.nonce()) + " is used; next is " + std::to_string(expected_nonce));
  if (tx.nonce() > expected_nonce)
    return reject(Rejection::nonce_skipped,
                  "nonce " + std::to_string(tx.nonce()) + " skips ahead; next is " + std::to_string(expected_nonce));
  // Roles and bounds are admission policy, judged against the state when the
  // transaction arrives; in a block the engine judges again (a role may be gone by
  // then) and records its answer in the receipt, which a replay compares.
  if (!admission) return hash;
  // Read-only: a transaction turned away must leave no trace, or anyone could grow the
  // node's memory for free by naming fresh addresses (admission_request creates none).
  const Request request = admission_request(tx, state_);
  if (const Error denied = authorize(state_, request); denied == Error::unauthorized)
    return reject(Rejection::unauthorized, tx.message.primary_type + " needs a role " + tx.sender().hex() + " lacks");
  // The node's bounds hold for a proposal's actions too: once queued, nobody could stop them.
  std::vector<Request> bounded{request};
  if (const auto* propose = std::get_if<Propose>(&request))
    for (const GovernanceAction& action : propose->actions) bounded.push_back(action_request(action));
  for (const Request& r : bounded) {
    if (const auto* c = std::get_if<SetCloseFactor>(&r);
        c && (c->value < limits_.close_factor_min || c->value > limits_.close_factor_max))
      return reject(Rejection::out_of_bounds, "close factor must be within [0.05, 0.9]");
    if (const auto* i = std::get_if<SetLiquidationIncentive>(&r);
        i && (i->value < limits_.liquidation_incentive_min || i->value > limits_.liquidation_incentive_max))
      return reject(Rejection::out_of_bounds, "liquidation incentive must be within [1.0, 1.5]");
  }
  // What can only fail in a block is refused now, with the engine's error: a
  // transaction of the other protocol's rules, a Propose's actions checked whole, a
  // direct admin operation the same way.
  if (!runs_under(descriptor(request), state_.protocol))
    return reject(Rejection::would_fail, std::string(tx.message.primary_type) +
                                             " would fail: " + std::string(error_name(Error::wrong_protocol)) + " (" +
                                             std::string(error_message(Error::wrong_protocol)) + ")");
  if (const ActionCheck check = check_request_actions(state_, request); !check.ok()) {
    std::string what = tx.message.primary_type;
    if (const auto* propose = std::get_if<Propose>(&request))
      what = "actions[" + std::to_string(check.index) + "] " + action_name(propose->actions[check.index]);
    return reject(Rejection::would_fail, what + " would fail: " + std::string(error_name(check.error)) + " (" +
                                             std::string(error_message(check.error)) + ")");
  }
  return hash;
}

crypto::Result<Hash32, TransactionError> Chain::submit(const Transaction& tx) {
  auto verified = verify_signature(tx, chain_id_);
  if (!verified) return verified;
  return submit_verified(tx, *verified);
}

crypto::Result<Hash32, TransactionError> Chain::submit_verified(const Transaction& tx, const Hash32& hash) {
  if (auto halt = upgrade_halt()) return reject(Rejection::upgrade_required, *halt);
  if (mempool_.size() >= limits_.mempool_transactions_max)
    return reject(Rejection::mempool_full,
                  "the node holds " + std::to_string(mempool_.size()) + " pending transactions");
  auto checked = check_verified(tx, hash, next_nonce(tx.sender()), true);
  if (!checked) return checked;
  ++pending_[tx.sender()];
  mempool_.emplace_back(tx, *checked);
  return checked;
}

namespace {
// "breaks supply_matches_balances, exchange_rate_consistent: <the first one's detail>"
std::string describe_violations(const std::vector<Violation>& found) {
  std::string names;
  for (const Violation& v : found) names += (names.empty() ? "" : ", ") + v.invariant;
  return "breaks " + names + ": " + found.front().detail;
}
}  // namespace

Receipt Chain::execute(const Transaction& tx, const Hash32& hash, std::uint64_t block_number, std::uint64_t time_ms) {
  Receipt receipt;
  receipt.transaction_hash = hash;
  receipt.sender = tx.sender();
  receipt.nonce = tx.nonce();
  receipt.type = tx.message.primary_type;
  // The whole state before, only for the full checks of a verifying replay.
  std::optional<State> before;
  if (replay_checks_ == ReplayChecks::each_transaction) before = state_;
  // Naming an address creates its account (empty) so the engine can refer to it.
  const std::size_t accounts_before = state_.accounts.size();
  const Request request = to_request(tx, state_);
  // Flux Protocol accrues per second, at the block's time (whole seconds; a block's
  // time never goes back, seal() below). Compound's rules count blocks only.
  const std::uint64_t time = state_.protocol == Protocol::flux_protocol ? time_ms / 1'000 : state_.time;
  Outcome outcome = apply(state_, block_number, time, request);
  if (!outcome.ok()) {
    // A failed transaction changes nothing but its sender's nonce: the accounts it
    // named that did not exist before are forgotten again (they hold nothing).
    state_.forget_accounts_since(accounts_before);
  }
  if (outcome.ok()) {
    // Invariants in production: the request's own changes must keep every law
    // of change_checks.hpp. A violation is a bug in the engine; the transaction is
    // refused with invariant_violated and undone, rather than committed.
    if (std::optional<std::string> broken = check_changes(state_, outcome.changes)) {
      Journal::undo(state_, outcome.changes);
      state_.forget_accounts_since(accounts_before);
      outcome = Outcome{};
      outcome.error = Error::invariant_violated;
      invariant_reports_.push_back("transaction " + hash.hex() + " refused, " + *broken);
    }
  }
  if (outcome.ok()) {
    note_changes(outcome.changes);
    // The receipt names the parameters an executed proposal's actions set.
    if (const auto* execute = std::get_if<Execute>(&request))
      if (const Proposal* p = state_.governance.find_proposal(execute->proposal))
        for (const GovernanceAction& action : p->actions)
          if (std::string name = action_parameter_name(action); !name.empty())
            receipt.action_parameters.push_back(std::move(name));
  }
  if (outcome.error == Error::action_failed)
    if (const auto* execute = std::get_if<Execute>(&request))
      if (const Proposal* p = state_.governance.find_proposal(execute->proposal);
          p != nullptr && outcome.failed_action < p->actions.size()) {
        const GovernanceAction& action = p->actions[outcome.failed_action];
        receipt.failed_action = FailedAction{
            outcome.failed_action, action_json(action, state_).at("type").get<std::string>(), outcome.action_error};
      }
  if (before) {
    ++invariant_checks_;
    const std::vector<Violation> found = check_invariants(*before, state_, request, outcome);
    if (!found.empty() && !full_check_problem_)
      full_check_problem_ = "transaction " + hash.hex() + " (" + receipt.type + ") " + describe_violations(found);
  }
  dirty_nonces_.insert(tx.sender());
  root_.dirty_nonces.insert(tx.sender());
  receipt.error = outcome.error;
  receipt.events = std::move(outcome.events);
  ++nonces_[tx.sender()];  // used, whatever the engine said
  return receipt;
}

// The records to write for the entries the engine says it changed (journal.hpp).
// The meta, asset, rules and rewards records are written with every block (a few
// hundred bytes: encode_changes), so the block, risk, roles, rules, asset, reward
// market and reward pool entries need nothing here.
void Chain::note_changes(const ChangeSet& changes) {
  for (const Change& c : changes) {
    root_.dirty_entries.insert(c.key);
    const std::uint64_t id = c.key.id;
    switch (c.key.kind) {
      case EntryKind::account: dirty_accounts_.insert(static_cast<AccountId>(id)); break;
      case EntryKind::market: dirty_markets_.insert(static_cast<MarketId>(id)); break;
      case EntryKind::governor: dirty_governance_.record = true; break;
      case EntryKind::voter: dirty_governance_.voters.insert(static_cast<AccountId>(id)); break;
      case EntryKind::proposal:
        dirty_governance_.proposals.insert(id);
        dirty_governance_.record = true;  // it counts the proposals
        break;
      case EntryKind::reward_account: dirty_reward_accounts_.insert(static_cast<AccountId>(id)); break;
      case EntryKind::block:
      case EntryKind::risk:
      case EntryKind::roles:
      case EntryKind::rules:
      case EntryKind::asset:
      case EntryKind::reward_market:
      case EntryKind::reward_pool:
      // Flux Protocol: its deployment record is written with every block's changes
      // (encode_protocol_changes), like the meta record; an account's joined markets,
      // allowances and credit line are its protocol_account record.
      case EntryKind::time:
      case EntryKind::protocol: break;
      case EntryKind::protocol_account: dirty_accounts_.insert(static_cast<AccountId>(id)); break;
    }
  }
}

BlockHeader Chain::seal(std::uint64_t number, std::uint64_t time_ms, const std::vector<Receipt>& receipts) {
  crypto::Bytes hashes;
  for (const Receipt& r : receipts) put(hashes, r.transaction_hash.view());
  BlockHeader header;
  header.number = number;
  header.time_ms = std::max(time_ms, head_.time_ms);
  header.parent_hash = head_.hash();
  header.transactions_root = crypto::keccak256(crypto::ByteView(hashes));
  // A block without transactions changes nothing (only execute() writes the state), so
  // its state hash is its parent's: mining a governance day of empty blocks (86,400 on
  // the dev chain) would otherwise hash the whole state once per block.
  header.state_hash = receipts.empty() ? head_.state_hash : node_state_hash();
  return header;
}

namespace {
std::optional<std::string> halt_message(const State& state, std::uint64_t block) {
  const ScheduledUpgrade* upgrade = upgrade_blocking(state, block);
  if (upgrade == nullptr) return std::nullopt;
  return unsupported_upgrade_message(*upgrade, "this fluxd") + ": upgrade fluxd";
}
}  // namespace

std::optional<std::string> Chain::upgrade_halt() const { return halt_message(state_, head_.number + 1); }

Block Chain::produce_block(std::uint64_t time_ms) {
  if (auto halt = upgrade_halt()) throw UpgradeRequired(*halt);
  Block block;
  const std::uint64_t number = head_.number + 1;
  const std::uint64_t block_time_ms = std::max(time_ms, head_.time_ms);  // as seal() stamps it
  while (!mempool_.empty() && block.transactions.size() < limits_.transactions_per_block_max) {
    auto [tx, hash] = std::move(mempool_.front());
    mempool_.pop_front();
    if (--pending_[tx.sender()] == 0) pending_.erase(tx.sender());
    block.receipts.push_back(execute(tx, hash, number, block_time_ms));
    block.transactions.push_back(std::move(tx));
  }
  block.header = seal(number, time_ms, block.receipts);
  head_ = block.header;
  return block;
}

Block Chain::produce_empty_block(std::uint64_t time_ms) {
  Block block;
  block.header = seal(head_.number + 1, time_ms, block.receipts);
  head_ = block.header;
  return block;
}

std::optional<std::string> Chain::replay_block(const Block& block) {
  if (block.header.number != head_.number + 1)
    return "block " + std::to_string(block.header.number) + " does not follow " + std::to_string(head_.number);
  if (block.header.parent_hash != head_.hash()) return "block " + std::to_string(block.header.number) + ": parent hash";
  if (auto halt = upgrade_halt()) return halt;
  if (block.receipts.size() != block.transactions.size()) return "receipts and transactions differ in number";
  std::vector<Receipt> receipts;
  for (std::size_t i = 0; i < block.transactions.size(); ++i) {
    const Transaction& tx = block.transactions[i];
    // Signatures and nonces were admitted once; a stored block is checked again.
    auto checked = check(tx, confirmed_nonce(tx.sender()), false);
    if (!checked)
      return "transaction " + std::to_string(i) + ": " + std::string(rejection_name(checked.error().kind)) + ": " +
             checked.error().detail;
    receipts.push_back(execute(tx, *checked, block.header.number, std::max(block.header.time_ms, head_.time_ms)));
    if (full_check_problem_)
      return "block " + std::to_string(block.header.number) + ", " + *std::exchange(full_check_problem_, std::nullopt);
    if (receipts.back().error != block.receipts[i].error)
      return "transaction " + std::to_string(i) + ": the engine now says " +
             std::string(error_name(receipts.back().error)) + ", the block says " +
             std::string(error_name(block.receipts[i].error));
    // Blocks stored before receipts named the failed action have none to compare.
    if (block.receipts[i].failed_action && receipts.back().failed_action != block.receipts[i].failed_action)
      return "transaction " + std::to_string(i) + ": the failed action differs from the block's";
  }
  const BlockHeader header = seal(block.header.number, block.header.time_ms, receipts);
  if (replay_checks_ != ReplayChecks::none) {
    // The state after the block on its own (before = after): the checks of a state alone.
    ++invariant_checks_;
    const std::vector<Violation> found = check_invariants(state_, state_, Accrue{0, 0}, Outcome{});
    if (!found.empty())
      return "the state after block " + std::to_string(block.header.number) + " " + describe_violations(found);
  }
  if (header.state_hash != block.header.state_hash)
    return "block " + std::to_string(block.header.number) + ": state hash " + header.state_hash.hex() +
           " differs from the stored " + block.header.state_hash.hex();
  if (header.hash() != block.header.hash()) return "block " + std::to_string(block.header.number) + ": header hash";
  head_ = header;
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Chain::take_changes() {
  // encode_changes writes the reward records of the accounts it is given.
  std::set<AccountId> accounts = dirty_accounts_;
  accounts.insert(dirty_reward_accounts_.begin(), dirty_reward_accounts_.end());
  auto records = encode_changes(state_, accounts, dirty_markets_, dirty_governance_);
  // A reward record the engine removed (it keeps no empty one) is deleted: an empty value.
  for (AccountId a : dirty_reward_accounts_)
    if (a < state_.accounts.size() && !state_.rewards.accounts.contains(a))
      records.emplace_back(reward_account_key(state_.account_names[a]), std::string());
  for (const auto& a : dirty_nonces_) records.emplace_back(nonce_key(a), encode_nonce(confirmed_nonce(a)));
  dirty_reward_accounts_.clear();
  dirty_accounts_.clear();
  dirty_markets_.clear();
  dirty_nonces_.clear();
  dirty_governance_ = {};
  return records;
}

std::vector<std::pair<std::string, std::string>> Chain::all_records() const {
  auto records = encode_state(state_);
  for (const auto& [a, n] : nonces_) records.emplace_back(nonce_key(a), encode_nonce(n));
  return records;
}

std::optional<Chain> Chain::resume(std::uint64_t chain_id, const std::map<std::string, std::string>& records,
                                   const BlockHeader& head, ChainLimits limits, std::string& error) {
  CodecError codec;
  std::optional<State> state = decode_state(records, codec);
  if (!state) {
    error = "record " + codec.key + ": " + codec.detail;
    return std::nullopt;
  }
  Chain chain(chain_id, std::move(*state), limits);
  const std::string prefix = "nonce/";
  for (auto it = records.lower_bound(prefix); it != records.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    auto address = crypto::Address20::from_bytes(crypto::ByteView(
        reinterpret_cast<const std::uint8_t*>(it->first.data()) + prefix.size(), it->first.size() - prefix.size()));
    if (!address || it->second.size() != 8) {
      error = "a malformed nonce record";
      return std::nullopt;
    }
    std::uint64_t n = 0;
    for (char c : it->second) n = (n << 8) | static_cast<unsigned char>(c);
    chain.nonces_[*address] = n;
  }
  chain.head_ = head;
  chain.root_ = RootCache{};  // the constructor's map predates the nonces: rebuild it
  if (chain.node_state_hash() != head.state_hash) {
    error = "the stored state hashes to " + chain.node_state_hash().hex() + ", but block " +
            std::to_string(head.number) + " says " + head.state_hash.hex();
    return std::nullopt;
  }
  return chain;
}

}  // namespace flux::node
