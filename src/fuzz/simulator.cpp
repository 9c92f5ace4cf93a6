#include "fuzz/simulator.hpp"

#include "engine/invariants.hpp"
#include "fuzz/random.hpp"
#include "fuzz/stored_node.hpp"
#include "fuzz/transaction_generator.hpp"
#include "node/block_json.hpp"
#include "node/genesis/dev_config.hpp"
#include "node/genesis/genesis.hpp"

#include <unistd.h>
#include <chrono>

namespace flux::fuzz {
namespace {

// Per 10,000 operations. A block every ~16 operations; restarts, crashes and torn
// writes a few times in 2,000 operations, so that the short CI seeds see each.
constexpr std::uint64_t kBlock = 600;
constexpr std::uint64_t kMine = 30;
constexpr std::uint64_t kRestart = 8;
constexpr std::uint64_t kCrash = 8;
constexpr std::uint64_t kTornWrite = 6;
constexpr std::uint64_t kFailedWrite = 4;
// Mining goes at most this far in one operation (the dev genesis's governance day is
// 1,440 blocks of 60 s).
constexpr std::uint64_t kMineLimit = 4'000;

// A failure found: the run stops and reports it.
struct Found {
  std::string what;
};

class Simulation {
 public:
  Simulation(const FuzzOptions& options, FuzzReport& report, const genesis::Genesis& genesis, std::filesystem::path dir)
      : options_(options),
        report_(report),
        rng_(options.seed),
        interval_ms_(genesis.block_interval_ms),
        chain_id_(genesis.chain_id),
        genesis_(genesis.state),
        node_(std::move(dir), genesis.chain_id, genesis.state),
        generator_(fuzz_accounts(), genesis.chain_id) {}

  void run() {
    open_and_check("open");
    for (op_ = 0; op_ < options_.ops; ++op_) {
      step();
      report_.ops_run = op_ + 1;
    }
    if (node_.chain().pending() > 0) produce();  // what is left in the mempool
    finish();
  }

  std::uint64_t op() const { return op_; }
  std::uint64_t head() const { return node_.is_open() ? node_.chain().head().number : last_committed_.number; }

 private:
  void step() {
    const std::uint64_t roll = rng_.below(10'000);
    std::uint64_t at = 0;
    if (roll < (at += kBlock)) return produce();
    if (roll < (at += kMine)) return mine();
    if (roll < (at += kRestart)) return restart();
    if (roll < (at += kCrash)) return crash();
    if (roll < (at += kTornWrite)) {
      ++report_.torn_writes;
      return node_.arm_torn_write(false);
    }
    if (roll < (at += kFailedWrite)) {
      ++report_.failed_writes;
      return node_.arm_torn_write(true);
    }
    submit();
  }

  void submit() {
    GeneratedTransaction g = generator_.next(node_.chain(), rng_);
    ++report_.transactions;
    ++report_.by_type[g.type];
    auto parsed = node::parse_transaction(g.wire);
    if (!parsed) {
      ++report_.rejected[std::string(node::rejection_name(parsed.error().kind))];
      return;
    }
    auto admitted = node_.chain().submit(*parsed);
    if (!admitted) {
      ++report_.rejected[std::string(node::rejection_name(admitted.error().kind))];
      return;
    }
    ++report_.admitted;
  }

  void produce() {
    const State before = node_.chain().state();
    const std::uint64_t number = node_.chain().head().number + 1;
    std::string error;
    const node::Block block = node_.produce(number * interval_ms_, error);
    ++report_.blocks;
    for (const node::Receipt& r : block.receipts) {
      if (r.error == Error::ok) {
        ++report_.executed_ok;
        ++report_.succeeded_by_type[r.type];
      } else ++report_.failed[std::string(error_name(r.error))];
    }
    if (options_.inject_violation_at_block && !injected_ &&
        block.header.number >= *options_.inject_violation_at_block) {
      injected_ = true;
      State& state = node_.chain().state_for_fault_injection();
      if (!state.markets.empty()) state.markets[0].book.total_supply += 1;
    }
    check_block(before, block);
    if (!error.empty()) return after_failed_commit();
    last_committed_ = block.header;
  }

  // Every invariant checker, on every transaction of the block. The checkers judge
  // one request (a KYC revoked later in the same block must not make an earlier
  // transfer look unpermitted), so the block's transactions are applied again one by
  // one by the engine to a copy of the state before the block, each checked on its
  // own before and after, and each must give the chain's receipt error. Then the
  // chain's own state must hold every invariant that a state alone can break, and
  // equal that copy.
  void check_block(const State& before, const node::Block& block) {
    State shadow = before;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
      const State tx_before = shadow;
      const std::size_t accounts_before = shadow.accounts.size();
      const Request request = node::to_request(block.transactions[i], shadow);  // names new accounts
      const Outcome outcome = apply(shadow, block.header.number, request);
      if (!outcome.ok()) shadow.forget_accounts_since(accounts_before);  // as the chain does
      const std::string where = "block " + std::to_string(block.header.number) + ", transaction " + std::to_string(i) +
                                " (" + block.receipts[i].type + ")";
      if (outcome.error != block.receipts[i].error)
        throw Found{where + ": the chain's receipt says " + std::string(error_name(block.receipts[i].error)) +
                    ", the engine on the state before it says " + std::string(error_name(outcome.error))};
      ++report_.invariant_checks;
      throw_if_violated(where, check_invariants(tx_before, shadow, request, outcome));
    }
    const State& after = node_.chain().state();
    // The same state as before and after: only the checks of a state alone can fire.
    ++report_.invariant_checks;
    throw_if_violated("the chain's state after block " + std::to_string(block.header.number),
                      check_invariants(after, after, Accrue{0, 0}, Outcome{}));
    if (!(shadow == after))
      throw Found{"block " + std::to_string(block.header.number) +
                  ": the chain's state differs from its transactions applied one by one"};
    // From rule version 2 the state hash is kept up to date from the change sets: it
    // must be the one built from the whole state.
    if (node_.chain().rebuilt_state_hash() != block.header.state_hash)
      throw Found{"block " + std::to_string(block.header.number) + ": its state hash " + block.header.state_hash.hex() +
                  " is not the one rebuilt from the whole state, " + node_.chain().rebuilt_state_hash().hex()};
  }

  static void throw_if_violated(const std::string& where, const std::vector<Violation>& found) {
    if (found.empty()) return;
    std::string what = "invariant violated at " + where + ":";
    for (const Violation& v : found) what += " " + v.invariant + ": " + v.detail + ";";
    throw Found{what};
  }

  void mine() {
    const State& state = node_.chain().state();
    const std::uint64_t head = node_.chain().head().number;
    std::uint64_t count = 1 + rng_.below(30);
    if (rng_.chance(600))
      if (auto due = TransactionGenerator::blocks_to_next_governance_step(state, head, kMineLimit); due && *due > 0)
        count = *due;
    std::string error;
    node_.mine(count, interval_ms_, error);
    report_.mined_blocks += count;
    if (!error.empty()) return after_failed_commit();
    last_committed_ = node_.chain().head();
  }

  void restart() {
    ++report_.restarts;
    node_.close();
    open_and_check("restart");
  }

  void crash() {
    ++report_.crashes;
    report_.unsynced_bytes_dropped += node_.crash();
    open_and_check("crash");
  }

  // A failed commit leaves memory ahead of storage: the node dies, and storage must
  // hold either the block before or the attempted one, whole.
  void after_failed_commit() {
    ++report_.crashes;
    attempted_ = node_.attempted();
    report_.unsynced_bytes_dropped += node_.crash();
    open_and_check("crash after a failed commit");
    attempted_.clear();
  }

  void open_and_check(const std::string& why) {
    if (std::string error = node_.open(); !error.empty()) throw Found{why + ": reopening storage failed: " + error};
    const node::BlockHeader& head = node_.chain().head();
    const crypto::Hash32 state_hash = node_.chain().node_state_hash();
    if (state_hash != head.state_hash)
      throw Found{why + ": the reopened state hashes to " + state_hash.hex() + ", block " +
                  std::to_string(head.number) + " says " + head.state_hash.hex()};
    if (!have_committed_) {  // the first open: block 0, the genesis
      last_committed_ = head;
      have_committed_ = true;
      return;
    }
    if (head.hash() == last_committed_.hash()) {
      if (!attempted_.empty()) ++report_.lost_blocks;  // the failed commit left nothing
      return;
    }
    if (!attempted_.empty() && head.hash() == attempted_.back().hash()) {  // it was written after all
      last_committed_ = head;
      return;
    }
    throw Found{why + ": storage reopened at block " + std::to_string(head.number) + " (" + head.hash().hex() +
                "), but the last committed block is " + std::to_string(last_committed_.number) + " (" +
                last_committed_.hash().hex() + ")"};
  }

  // Storage's own full check, then every committed block replayed from genesis must
  // reproduce, and end at the last committed state hash.
  void finish() {
    auto verified = node_.database().verify();
    if (!verified) throw Found{"storage verify: " + storage::describe(verified.error())};
    node::Chain replay(chain_id_, genesis_);
    const std::uint64_t last = last_committed_.number;
    for (std::uint64_t n = genesis_.block + 1; n <= last; ++n) {
      auto record = node_.database().block(n);
      if (!record || !*record) throw Found{"replay: block " + std::to_string(n) + " is missing from storage"};
      std::string error;
      auto block = node::decode_block((*record)->bytes, error);
      if (!block) throw Found{"replay: block " + std::to_string(n) + ": " + error};
      if (auto problem = replay.replay_block(*block)) throw Found{"replay from genesis: " + *problem};
      ++report_.replayed_blocks;
    }
    if (replay.node_state_hash() != last_committed_.state_hash)
      throw Found{"replay from genesis ends at state hash " + replay.node_state_hash().hex() +
                  ", the last committed block says " + last_committed_.state_hash.hex()};
    report_.head = last;
    report_.final_state_hash = last_committed_.state_hash.hex();
  }

  const FuzzOptions& options_;
  FuzzReport& report_;
  Random rng_;
  std::uint64_t interval_ms_;
  std::uint64_t chain_id_;
  State genesis_;
  StoredNode node_;
  TransactionGenerator generator_;
  std::uint64_t op_ = 0;
  node::BlockHeader last_committed_;
  bool have_committed_ = false;
  bool injected_ = false;
  std::vector<node::BlockHeader> attempted_;
};

// The dev chain's genesis (config/dev.toml: its markets, roles, FLUX holders and
// governance) with the longest block interval a genesis allows, 60 s, so that a
// governance day is 1,440 blocks and proposals run their course in a few mined jumps.
genesis::Genesis fuzz_genesis() {
  genesis::GenesisConfig config = genesis::dev_genesis_config();
  config.block_interval_ms = genesis::max_block_interval_ms;
  return genesis::build_genesis(config);
}

}  // namespace

FuzzReport run_fuzz(const FuzzOptions& options) {
  FuzzReport report;
  report.seed = options.seed;
  report.ops_requested = options.ops;
  const auto start = std::chrono::steady_clock::now();
  static const genesis::Genesis genesis = fuzz_genesis();

  std::filesystem::path dir = options.dir;
  if (dir.empty()) {
    // tmpfs when there is one: the synced writes cost nothing there, and the disk's
    // durability is the fault injection's to model, not the simulator's to pay for.
    const bool shm = std::filesystem::is_directory("/dev/shm") && ::access("/dev/shm", W_OK) == 0;
    dir = (shm ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path()) /
          ("flux-fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(options.seed));
  }
  std::filesystem::remove_all(dir);
  {
    Simulation sim(options, report, genesis, dir);
    try {
      sim.run();
    } catch (const Found& found) {
      report.failure = FuzzFailure{sim.op(), sim.head(), found.what};
    } catch (const std::exception& e) {  // a crash of the node under test is a failure too
      report.failure = FuzzFailure{sim.op(), sim.head(), std::string("exception: ") + e.what()};
    }
  }
  report.dir = dir.string();
  if (!report.failure) std::filesystem::remove_all(dir);  // kept for a look when a check failed
  report.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace flux::fuzz
