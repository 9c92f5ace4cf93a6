// The chain: the node's state machine, still free of I/O. It admits signed
// transactions into a mempool, orders them into blocks and applies each through the
// engine; storage, the RPC server and the clock live above it.
//
// Admission (before a transaction can reach a block), in this order: signature valid
//   (low-s, v 27/28) -> it recovers to the message's sender -> not halted at an unknown
//   rule version -> room in the mempool -> nonce == the sender's next (confirmed +
//   pending) -> the sender holds the role the operation needs -> the node's bounds ->
//   nothing that can only fail (would_fail: a Propose's actions checked whole, a
//   direct admin operation the same way). (String lengths are checked earlier, by
//   parse_transaction.) Admission only reads the state: a transaction turned away
//   leaves no trace, not even an account for an address it named
//   (admission_request); accounts are created when a block runs it.
// In a block a transaction may still fail in the engine (insufficient liquidity,
// ...): it is kept with its error, and changes nothing but its sender's nonce (the
// accounts it named that did not exist are forgotten again).
//
// Upgrades (engine/upgrade.hpp): once the next block is at or past the activation of
// a rule version this build does not implement, the chain goes no further: it
// produces and replays no such block and admits no transaction (upgrade_required),
// and upgrade_halt() says why. Its owner stops there until an upgraded build runs.
#pragma once

#include "engine/engine.hpp"
#include "engine/state_root.hpp"
#include "node/state_codec.hpp"
#include "node/transaction.hpp"

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

namespace flux::node {

// Thrown by produce_block when upgrade_halt() is set: calling it then is the
// caller's bug, never the result of input.
struct UpgradeRequired : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A failed Execute (action_failed): which of the proposal's actions failed, and why.
struct FailedAction {
  std::uint32_t index = 0;  // in the proposal's actions, from 0
  std::string type;         // that action's transaction type, "SetSupplyCap"
  Error error = Error::ok;  // the action's own error
  bool operator==(const FailedAction&) const = default;
};

struct Receipt {
  crypto::Hash32 transaction_hash;
  crypto::Address20 sender;
  std::uint64_t nonce = 0;
  std::string type;
  Error error = Error::ok;    // ok, or why the engine refused it
  std::vector<Event> events;  // empty when it failed
  // A successful Execute: the parameter each of its setter actions changed, in order
  // (action_parameter_name), so the block JSON can name its parameter_changed events.
  // Derived from the proposal; not part of any hash.
  std::vector<std::string> action_parameters;
  // error == action_failed: the action that failed (the engine's Outcome). Derived
  // from the proposal; not part of any hash.
  std::optional<FailedAction> failed_action;
};

struct BlockHeader {
  std::uint64_t number = 0;
  std::uint64_t time_ms = 0;  // the producer's clock; never decreases
  crypto::Hash32 parent_hash;
  crypto::Hash32 transactions_root;  // keccak256 of the transaction hashes, in order
  crypto::Hash32 state_hash;         // node_state_hash() after the block
  crypto::Hash32 hash() const;       // keccak256 of the fields above, fixed-width big-endian
};

struct Block {
  BlockHeader header;
  std::vector<Transaction> transactions;
  std::vector<Receipt> receipts;  // one per transaction, same order
};

// The node's own limits and parameter bounds (the engine has none for the two risk
// settings, like the reference; a node refuses values outside these).
struct ChainLimits {
  std::size_t transactions_per_block_max = 10'000;
  std::size_t mempool_transactions_max = 100'000;
  U256 close_factor_min{50'000'000'000'000'000ULL};              // 0.05
  U256 close_factor_max{900'000'000'000'000'000ULL};             // 0.9
  U256 liquidation_incentive_min{1'000'000'000'000'000'000ULL};  // 1.0
  U256 liquidation_incentive_max{1'500'000'000'000'000'000ULL};  // 1.5
};

class Chain {
 public:
  // `genesis` is the state at block genesis.block; the first block produced is the next.
  Chain(std::uint64_t chain_id, State genesis, ChainLimits limits = {});

  // Admission. On success the transaction is pending and its hash is returned.
  crypto::Result<crypto::Hash32, TransactionError> submit(const Transaction& tx);
  // The part of admission that needs no state: the transaction's hash when its
  // signature is valid and recovers to its sender. Thread-safe, so the node checks
  // signatures (the costly part) outside its lock, on every RPC thread at once, and
  // then calls submit_verified with the hash this returned.
  static crypto::Result<crypto::Hash32, TransactionError> verify_signature(const Transaction& tx,
                                                                           std::uint64_t chain_id);
  crypto::Result<crypto::Hash32, TransactionError> submit_verified(const Transaction& tx, const crypto::Hash32& hash);
  // The next block: up to the per-block limit of pending transactions, in arrival order.
  // Throws UpgradeRequired when upgrade_halt() is set.
  Block produce_block(std::uint64_t time_ms);
  // A block with no transaction, whatever the mempool holds (the dev node's
  // flux_mineBlocks: time moves on by blocks, like Hardhat's hardhat_mine).
  Block produce_empty_block(std::uint64_t time_ms);
  // Set when the next block runs protocol rules this build does not implement:
  // "protocol rule version N activates at block B; this fluxd implements up to
  // version M: upgrade fluxd".
  std::optional<std::string> upgrade_halt() const;
  // Applies a block made by produce_block (a restart's replay, `fluxd verify`): the
  // same transactions, checking signatures, nonces, receipts and the resulting hashes.
  // Returns what differs, or nothing when the block reproduces exactly; a block that
  // runs rules this build does not implement is refused with upgrade_halt()'s message.
  std::optional<std::string> replay_block(const Block& block);
  // `fluxd verify`: replay_block also runs every invariant checker (engine/invariants.hpp)
  // on the state after each block (each_block), and with each_transaction also on
  // each transaction, over the whole state before and after it; the first violation
  // is what replay_block returns. The change-set checks (change_checks.hpp) run on
  // every transaction in any case. Each check costs time in proportion to the whole
  // state (each_transaction copies it once per transaction): a restart's replay and
  // block production run none of them.
  enum class ReplayChecks { none, each_block, each_transaction };
  void set_replay_checks(ReplayChecks checks) { replay_checks_ = checks; }
  std::uint64_t invariant_checks() const { return invariant_checks_; }  // made by the above

  // The storage records that blocks since the last call changed (engine state,
  // governance and nonces), to be written together with those blocks; clears the
  // list. A record with an empty value is to be deleted.
  // What each transaction refused with invariant_violated broke, since the last call
  // (the node logs them).
  std::vector<std::string> take_invariant_reports() { return std::exchange(invariant_reports_, {}); }
  std::vector<std::pair<std::string, std::string>> take_changes();
  // Every record of the current state, for genesis.
  std::vector<std::pair<std::string, std::string>> all_records() const;
  // A chain resumed from stored records at a stored head (a restart).
  static std::optional<Chain> resume(std::uint64_t chain_id, const std::map<std::string, std::string>& records,
                                     const BlockHeader& head, ChainLimits limits, std::string& error);

  std::uint64_t chain_id() const { return chain_id_; }
  const State& state() const { return state_; }
  // The state, writable behind the engine's back: only for the simulator's injected
  // violation (src/fuzz, its test hook), which corrupts it to prove the checks see it.
  State& state_for_fault_injection() { return state_; }
  const BlockHeader& head() const { return head_; }
  std::uint64_t next_nonce(const crypto::Address20& account) const;  // confirmed + pending
  std::uint64_t confirmed_nonce(const crypto::Address20& account) const;
  std::size_t pending() const { return mempool_.size(); }
  // The node's state hash, what a block header carries. Under rule version 1:
  // Keccak-256 of "flux-node-state-v1", the engine's flat state hash (state_hash.hpp)
  // and every account's nonce in address order. From rule version 2 (the state's own
  // version, so a block that changed nothing keeps its parent's hash and form): the
  // state root (state_root.hpp) over the engine's entries and one leaf per nonce
  // (key 0xFF || the 20-byte address, value the nonce as a big-endian u64), kept up
  // to date from the entries each transaction changed. Const, but it brings that kept
  // map up to date: not for concurrent callers (the node calls it only while it
  // produces, replays or resumes, under its lock).
  crypto::Hash32 node_state_hash() const;
  // The same hash computed from the whole state, without the kept map (the simulator
  // compares the two after every block).
  crypto::Hash32 rebuilt_state_hash() const;

 private:
  // Signature and nonce always; roles and bounds only on admission.
  crypto::Result<crypto::Hash32, TransactionError> check(const Transaction& tx, std::uint64_t expected_nonce,
                                                         bool admission);
  crypto::Result<crypto::Hash32, TransactionError> check_verified(const Transaction& tx, const crypto::Hash32& hash,
                                                                  std::uint64_t expected_nonce, bool admission);
  Receipt execute(const Transaction& tx, const crypto::Hash32& hash, std::uint64_t block_number, std::uint64_t time_ms);
  BlockHeader seal(std::uint64_t number, std::uint64_t time_ms, const std::vector<Receipt>& receipts);
  // Marks the governance records a successful request changed.
  void note_changes(const ChangeSet& changes);
  // Every leaf of the state root: the engine's entries and the nonces.
  void put_whole_state(MerkleMap& map) const;
  std::vector<std::string> invariant_reports_;  // since the last take_invariant_reports()
  ReplayChecks replay_checks_ = ReplayChecks::none;
  std::uint64_t invariant_checks_ = 0;
  std::optional<std::string> full_check_problem_;  // the first violation those found

  std::uint64_t chain_id_;
  ChainLimits limits_;
  State state_;
  BlockHeader head_;
  std::map<crypto::Address20, std::uint64_t> nonces_;   // confirmed: next nonce to use
  std::map<crypto::Address20, std::uint64_t> pending_;  // transactions waiting per sender
  std::deque<std::pair<Transaction, crypto::Hash32>> mempool_;
  // Changed since the last take_changes(), from the engine's change sets (note_changes).
  std::set<AccountId> dirty_accounts_;
  std::set<MarketId> dirty_markets_;
  std::set<AccountId> dirty_reward_accounts_;
  std::set<crypto::Address20> dirty_nonces_;
  GovernanceChanges dirty_governance_;
  // The state root's map (rule version 2), built from the whole state the first time
  // it is needed, then brought up to date from the entries and nonces changed since: a
  // cache of a function of the state and the nonces, hence mutable. A copy of a chain
  // starts without it and builds its own when first needed.
  struct RootCache {
    std::unique_ptr<MerkleMap> map;
    std::set<EntryKey> dirty_entries;
    std::set<crypto::Address20> dirty_nonces;
    RootCache() = default;
    RootCache(const RootCache&) {}
    RootCache& operator=(const RootCache&) {
      *this = RootCache{};
      return *this;
    }
    RootCache(RootCache&&) = default;
    RootCache& operator=(RootCache&&) = default;
  };
  mutable RootCache root_;
};

}  // namespace flux::node
