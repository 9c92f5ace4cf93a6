// fluxd: the Flux node.
//
//   fluxd --dev                       the development chain (config/dev.toml, compiled in),
//                                     data in ./fluxd-dev-data, RPC on 127.0.0.1:8545
//   fluxd --dev --protocol flux       the Flux Protocol development chain
//                                     (config/dev-flux.toml), data in ./fluxd-dev-flux-data
//   fluxd --genesis FILE --data DIR   a chain from a genesis file
//   fluxd verify --data DIR [--dev | --genesis FILE] [--each-transaction]
//                                     replay every stored block, check every hash and
//                                     every invariant (after each block, or also on
//                                     each transaction)
//
// Exit codes: 0 clean shutdown (SIGINT/SIGTERM) or verify passed; 1 verify found a
// difference (or a store behind its acknowledged head), or the node stopped because
// storage failed; 2 bad usage or configuration, or a data directory that cannot be
// opened (including one whose last write is corrupt: reported, never silently
// accepted, one whose storage schema is newer than this fluxd reads, and one whose
// store is behind the acknowledged-head marker: acknowledged blocks lost, accepted
// only with --accept-rollback-to HEIGHT); 3 verify met a stored block that runs
// protocol rules this fluxd does not implement (upgrade fluxd).
//
// While serving, a background thread checks every table file's checksums (once at
// start, then every --storage-check-interval-s); a damaged one turns /health into
// 503 "degraded" (table_checker.hpp).
//
// At a protocol upgrade this fluxd does not implement, the node does not exit: it
// logs "fluxd: halted: protocol rule version N activates at block B; this fluxd
// implements up to version M: upgrade fluxd", produces no more blocks, refuses
// transactions (upgrade_required), keeps answering reads, and /health answers 503
// with status "halted". SIGTERM then ends it with 0 as usual.
#include "crypto/address.hpp"
#include "fluxd/block_producer.hpp"
#include "fluxd/node_metrics.hpp"
#include "fluxd/node_service.hpp"
#include "fluxd/rpc_methods.hpp"
#include "fluxd/storage_schema.hpp"
#include "fluxd/table_checker.hpp"
#include "node/genesis/dev_config.hpp"
#include "node/genesis/genesis.hpp"
#include "rpc/server.hpp"
#include "storage/database.hpp"

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

namespace {

std::atomic<bool> stop_requested{false};
extern "C" void on_signal(int) { stop_requested = true; }

struct Options {
  bool dev = false;
  std::string protocol = "compound";  // --protocol: which dev chain
  std::string genesis_file;
  std::string data_dir;
  std::string rpc_address = "127.0.0.1";
  std::uint16_t rpc_port = 8545;
  std::size_t rpc_threads = 8;
  std::uint64_t block_interval_ms = 0;  // 0: the genesis file's
  std::size_t block_transactions_max = 10'000;
  std::size_t mempool_transactions_max = 100'000;
  bool reset = false;
  std::optional<std::uint64_t> accept_rollback_to;
  std::uint64_t storage_check_interval_s = 6 * 3600;
  bool verify_each_transaction = false;  // fluxd verify --each-transaction
};

// The genesis the options name, or an error message.
std::optional<flux::genesis::Genesis> load_genesis(const Options& o, std::string& error) {
  flux::genesis::ParseOptions parse;
  parse.checksum_valid = [](std::string_view text) { return flux::crypto::parse_address(text).ok(); };
  try {
    if (o.dev == !o.genesis_file.empty()) {
      error = "give exactly one of --dev and --genesis FILE";
      return std::nullopt;
    }
    if (!o.dev && o.protocol != "compound") {
      error = "--protocol chooses a dev chain (with --dev); a genesis file names its own protocol";
      return std::nullopt;
    }
    const bool flux_protocol = o.protocol == "flux";
    const auto config = !o.dev          ? flux::genesis::load_genesis_config(o.genesis_file, parse)
                        : flux_protocol ? flux::genesis::dev_flux_genesis_config(parse)
                                        : flux::genesis::dev_genesis_config(parse);
    return flux::genesis::build_genesis(config);
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

std::string data_dir_of(const Options& o) {
  if (!o.data_dir.empty()) return o.data_dir;
  if (!o.dev) return "";
  return o.protocol == "flux" ? "fluxd-dev-flux-data" : "fluxd-dev-data";
}

void log_line(const std::string& line) {
  fmt::print("fluxd: {}\n", line);
  std::fflush(stdout);
}

int run_verify(const Options& o) {
  std::string error;
  auto genesis = load_genesis(o, error);
  if (!genesis) {
    fmt::print(stderr, "fluxd verify: {}\n", error);
    return 2;
  }
  const std::string dir = data_dir_of(o);
  if (dir.empty() || !std::filesystem::exists(dir)) {
    fmt::print(stderr, "fluxd verify: no data directory {}\n", dir.empty() ? "(give --data DIR)" : dir);
    return 2;
  }
  // A directory that cannot be opened at all (damaged so that open() refuses it,
  // held by a running node) is exit 2, as for the node; 1 is for one that opens but
  // does not verify.
  // An older storage schema is migrated here, as the node would on start.
  if (auto opened = flux::storage::Database::open(dir, flux::fluxd::node_database_options(log_line)); !opened) {
    fmt::print(stderr, "fluxd verify: cannot open {}: {}\n", dir, flux::storage::describe(opened.error()));
    return 2;
  }
  std::uint64_t checked = 0;
  std::optional<std::string> halt;
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t invariant_checks = 0;
  using Checks = flux::node::Chain::ReplayChecks;
  auto problem = flux::fluxd::NodeService::verify(
      dir, genesis->chain_id, genesis->state, checked, &halt, log_line,
      o.verify_each_transaction ? Checks::each_transaction : Checks::each_block, &invariant_checks);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (problem && halt) {  // a stored block this fluxd cannot run: not a difference, an old binary
    fmt::print(stderr, "fluxd verify: stopped after {} blocks: {}\n", checked, *halt);
    return 3;
  }
  if (problem) {
    fmt::print(stderr, "fluxd verify: FAILED after {} blocks: {}\n", checked, *problem);
    return 1;
  }
  fmt::print(
      "fluxd verify: ok, {} blocks replayed from genesis, every state hash matches, every invariant holds "
      "({} checks: {}) ({:.2f} s)\n",
      checked, invariant_checks,
      o.verify_each_transaction ? "each transaction and each block's resulting state" : "each block's resulting state",
      seconds);
  if (halt) fmt::print("fluxd verify: the chain goes no further with this fluxd: {}\n", *halt);
  return 0;
}

// /health: "ok", else "halted" (a protocol upgrade this fluxd does not implement)
// or "degraded" (a damaged table file).
nlohmann::json node_health(const flux::fluxd::NodeService& node, const flux::fluxd::TableChecker& table_checker) {
  nlohmann::json health{{"status", "ok"}, {"height", node.height()}, {"pending", node.pending()}};
  node.read([&health](const flux::node::Chain& c) {
    health["rule_version"] = flux::effective_rule_version(c.state(), c.head().number);
    if (const auto& u = c.state().scheduled_upgrade)
      health["scheduled_upgrade"] = {{"version", u->version}, {"activation_block", u->activation_block}};
  });
  // Not "ok" answers 503: a balancer or a monitor sees a node that stopped.
  if (auto halt = node.upgrade_halt()) {
    health["status"] = "halted";
    health["reason"] = *halt;
  }
  // Damaged storage outranks a halt: the node must be repaired, not only upgraded.
  // 503 too, so that a balancer sends clients to a node that can read all its data.
  if (auto damage = table_checker.problem()) {
    health["status"] = "degraded";
    health["reason"] = "storage corruption: " + *damage;
  }
  return health;
}

// --block-interval-ms is a test and dev override: the governance keeps counting the
// interval its state records (the genesis's), so its durations pass faster or slower.
void warn_if_governance_counts_another_interval(const flux::fluxd::NodeService& node, std::uint64_t interval_ms) {
  const std::uint64_t governance_interval_ms = node.read([](const flux::node::Chain& c) {
    return c.state().governance.enabled() ? c.state().governance.block_interval_ms : std::uint64_t{0};
  });
  if (governance_interval_ms != 0 && governance_interval_ms != interval_ms)
    fmt::print(
        "fluxd: warning: governance counts blocks of {} ms (the genesis's block_interval_ms) but blocks come "
        "every {} ms, so its durations (voting period, timelock delay) pass {:.3g} times as fast as written\n",
        governance_interval_ms, interval_ms,
        static_cast<double>(governance_interval_ms) / static_cast<double>(interval_ms));
}

// Produces blocks and checks the tables until SIGINT or SIGTERM, or until storage
// fails (exit 1); then stops the producer, the checker and the server, in that order.
int produce_until_stopped(flux::fluxd::NodeService& node, flux::rpc::Server& server, flux::fluxd::NodeMetrics& metrics,
                          flux::fluxd::TableChecker& table_checker, std::uint64_t interval_ms) {
  flux::fluxd::BlockProducer producer(node, server, metrics, std::chrono::milliseconds(interval_ms));
  producer.start();
  table_checker.start();
  bool halt_reported = false;
  while (!stop_requested && !producer.failed()) {
    if (producer.halted() && !halt_reported) {
      fmt::print(stderr, "fluxd: halted at block {}: {}\n", node.height(), producer.halt_reason());
      std::fflush(stderr);
      halt_reported = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  producer.stop();
  table_checker.stop();
  server.stop();
  if (producer.failed()) {
    fmt::print(stderr, "fluxd: stopped: {}\n", producer.failure());
    return 1;
  }
  fmt::print("fluxd: stopped at block {}\n", node.height());
  return 0;
}

int run_node(const Options& o) {
  std::string error;
  auto genesis = load_genesis(o, error);
  if (!genesis) {
    fmt::print(stderr, "fluxd: {}\n", error);
    return 2;
  }
  const std::string dir = data_dir_of(o);
  if (dir.empty()) {
    fmt::print(stderr, "fluxd: give --data DIR\n");
    return 2;
  }
  if (o.reset) {
    if (!o.dev) {
      fmt::print(stderr, "fluxd: --reset is for --dev only\n");
      return 2;
    }
    std::filesystem::remove_all(dir);
  }
  const std::uint64_t interval_ms = o.block_interval_ms ? o.block_interval_ms : genesis->block_interval_ms;
  flux::node::ChainLimits limits;
  limits.transactions_per_block_max = o.block_transactions_max;
  limits.mempool_transactions_max = o.mempool_transactions_max;

  const auto opening = std::chrono::steady_clock::now();
  auto node = flux::fluxd::NodeService::open(dir, genesis->chain_id, genesis->state, limits, error, log_line,
                                             o.accept_rollback_to);
  if (!node) {
    fmt::print(stderr, "fluxd: cannot start from {}: {}\n", dir, error);
    return 2;
  }
  const double open_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - opening).count();

  flux::rpc::ServerOptions server_options;
  server_options.address = o.rpc_address;
  server_options.port = o.rpc_port;
  server_options.threads = o.rpc_threads;
  flux::rpc::Server server(server_options);
  flux::fluxd::NodeMetrics metrics(server.metrics());
  flux::fluxd::register_rpc_methods(server, *node, metrics, o.dev);
  flux::fluxd::TableChecker table_checker([&node] { return node->verify_table_checksums(); }, server.metrics(),
                                          std::chrono::seconds(o.storage_check_interval_s),
                                          [](const std::string& line) {
                                            fmt::print(stderr, "fluxd: {}\n", line);
                                            std::fflush(stderr);
                                          });
  server.set_health([&node, &table_checker] { return node_health(*node, table_checker); });
  server.set_internal_error_hook([](std::string_view method, std::string_view what) {
    fmt::print(stderr, "fluxd: internal error in {}: {}\n", method, what);
  });
  try {
    server.start();
  } catch (const std::exception& e) {
    fmt::print(stderr, "fluxd: cannot serve RPC on {}:{}: {}\n", o.rpc_address, o.rpc_port, e.what());
    return 2;
  }
  const auto head = node->read([](const flux::node::Chain& c) { return c.head(); });
  metrics.height.set(static_cast<double>(head.number));
  fmt::print("fluxd: chain {} at block {} (state hash {}), opened in {:.3f} s from {}\n", genesis->chain_id,
             head.number, head.state_hash.hex(), open_seconds, std::filesystem::absolute(dir).string());
  fmt::print("fluxd: a block every {} ms; JSON-RPC on http://{}:{}/\n", interval_ms, o.rpc_address, server.port());
  warn_if_governance_counts_another_interval(*node, interval_ms);
  std::fflush(stdout);
  return produce_until_stopped(*node, server, metrics, table_checker, interval_ms);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fluxd: the Flux lending protocol node"};
  Options o;
  auto add_chain_options = [&o](CLI::App* a) {
    a->add_flag("--dev", o.dev, "The development chain (config/dev.toml, compiled in); data in ./fluxd-dev-data");
    a->add_option("--protocol", o.protocol,
                  "With --dev: compound (config/dev.toml) or flux (Flux Protocol, config/dev-flux.toml; data in "
                  "./fluxd-dev-flux-data)")
        ->check(CLI::IsMember({"compound", "flux"}))
        ->capture_default_str();
    a->add_option("--genesis", o.genesis_file, "A genesis TOML file (see config/dev.toml)");
    a->add_option("--data", o.data_dir, "The data directory (RocksDB)");
  };
  add_chain_options(&app);
  app.add_option("--rpc-address", o.rpc_address, "Address to serve JSON-RPC on")->capture_default_str();
  app.add_option("--rpc-port", o.rpc_port, "Port to serve JSON-RPC on (0: any free port)")->capture_default_str();
  app.add_option("--rpc-threads", o.rpc_threads, "RPC worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--block-interval-ms", o.block_interval_ms,
                 "Block interval (default: the genesis file's; another value is a test/dev override: governance "
                 "durations keep counting the genesis's interval and pass faster or slower, with a warning)")
      ->check(CLI::Range(10, 60'000));
  app.add_option("--block-transactions-max", o.block_transactions_max, "Transactions per block at most")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--mempool-transactions-max", o.mempool_transactions_max,
                 "Pending transactions held at most; more are refused with mempool_full")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_flag("--reset", o.reset, "Delete the dev chain's data directory first (with --dev only)");
  std::uint64_t accept_rollback_to = 0;
  auto* accept_rollback =
      app.add_option("--accept-rollback-to", accept_rollback_to,
                     "Start although the store is behind the acknowledged head (acknowledged blocks lost): HEIGHT "
                     "must be the block the store ends at, as the refusal names it");
  app.add_option("--storage-check-interval-s", o.storage_check_interval_s,
                 "Seconds between background checks of every table file's checksums (the first runs at start; "
                 "0: only that one)")
      ->capture_default_str();
  auto* verify = app.add_subcommand("verify", "Replay every stored block from genesis and check every state hash");
  add_chain_options(verify);
  verify->add_flag("--each-transaction", o.verify_each_transaction,
                   "Also run every invariant checker on each transaction (over the whole state before and after "
                   "it: about 5 ms per transaction with 10,000 accounts); by default they run after each block");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*verify) return run_verify(o);
  if (accept_rollback->count() > 0) o.accept_rollback_to = accept_rollback_to;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return run_node(o);
}
