// flux_node_bench: the end-to-end node benchmark (issue 3, "Performance").
//
// It writes a genesis with N funded accounts, starts `fluxd` on it as a child process
// and then, from C concurrent client connections:
//   1. pre-signs every transaction before timing (a mix of TransferAsset, Mint,
//      RedeemUnderlying and fToken Transfer; each account's nonces in order; every
//      one must succeed in the engine),
//   2. sends them as JSON-RPC batches of flux_sendTransaction, at an offered rate
//      (open loop: batch k of a client is due at k * batch / (rate / clients)) or as
//      fast as the node admits them (--rate 0),
//   3. fetches every receipt (batches of flux_getTransactionReceipt; when the oldest
//      transaction is still pending, one flux_waitForReceipt on it), checks `ok`, and
//      reports committed transactions per second from the first send to the last
//      receipt, and the latency from each transaction's send to the moment a client
//      holds its committed receipt (p50, p99, max).
// It also times signature verification (node::Chain::verify_signature: EIP-712 digest
// and ecrecover) on one core, and with --restart stops the node after the run
// (SIGTERM), restarts it on the same data directory and times exec -> the RPC
// answering flux_blockNumber with the height it stopped at.
//
// Latency is measured from the time the transaction was DUE under the open-loop
// schedule (never later than its actual send), so a client that falls behind or a
// node slow to admit shows up in the figures instead of hiding in a slower send rate.
//
//   build/release/bench/flux_node_bench                      # 360,000 txs at 12,000 tx/s offered
//   build/release/bench/flux_node_bench --restart --transactions 1000000 --rate 0
//
// Every client has two connections: a sender and a receipt fetcher, so the node needs
// at least 2 * clients RPC threads (a waiting flux_waitForReceipt holds one).
//
// The parts: options.hpp, workload.* (accounts, genesis, signed batches),
// http_client.*, node_process.* (fluxd as a child), load_run.* (the timed run),
// system_stats.* (CPU, percentiles); this file runs them in order and prints the table.
#include "bench/node_bench/http_client.hpp"
#include "bench/node_bench/load_run.hpp"
#include "bench/node_bench/node_process.hpp"
#include "bench/node_bench/options.hpp"
#include "bench/node_bench/system_stats.hpp"
#include "bench/node_bench/workload.hpp"
#include "crypto/secp256k1.hpp"
#include "node/chain.hpp"

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

using namespace flux;
using namespace flux::bench;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"flux_node_bench: end-to-end node benchmark (signed transactions over JSON-RPC, durable commits)"};
  app.add_option("--fluxd", o.fluxd, "The fluxd executable (default: the build dir's, next to bench/)");
  app.add_option("--data", o.data_dir,
                 "Data directory (must not exist; default: a fresh one under $FLUX_BENCH_DIR or the temp dir)");
  app.add_flag("--keep-data", o.keep_data, "Keep the data directory afterwards");
  app.add_option("--accounts", o.accounts, "Funded accounts")->check(CLI::Range(2, 10'000'000))->capture_default_str();
  app.add_option("--transactions", o.transactions, "Transactions to send")
      ->check(CLI::Range(1, 100'000'000))
      ->capture_default_str();
  app.add_option("--clients", o.clients, "Concurrent clients (each a sender and a receipt connection)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--batch", o.batch, "JSON-RPC calls per batch (the node allows 100)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--rate", o.rate, "Offered load in tx/s, all clients together (0: as fast as the node admits)")
      ->capture_default_str();
  app.add_option("--window", o.window, "Transactions sent without a receipt yet, at most (all clients)")
      ->capture_default_str();
  app.add_option("--block-interval-ms", o.block_interval_ms, "fluxd --block-interval-ms")
      ->check(CLI::Range(10, 60'000))
      ->capture_default_str();
  app.add_option("--rule-version", o.rule_version,
                 "The genesis's rule version: 2 hashes each block's state with the state root kept from change "
                 "sets, 1 with the flat hash of the whole state")
      ->check(CLI::Range(1, 2))
      ->capture_default_str();
  app.add_option("--block-transactions-max", o.block_transactions_max, "fluxd --block-transactions-max")
      ->capture_default_str();
  app.add_option("--rpc-threads", o.rpc_threads, "fluxd --rpc-threads (0: max(8, 2 * clients + 2))")
      ->capture_default_str();
  app.add_option("--sign-threads", o.sign_threads, "Threads pre-signing (before timing)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--verify-samples", o.verify_samples, "Signatures to verify in the signature benchmark")
      ->capture_default_str();
  app.add_flag("--restart", o.restart, "After the run: SIGTERM the node, restart it on the same data and time it");
  CLI11_PARSE(app, argc, argv);
  for (int i = 0; i < argc; ++i) o.command_line += (i ? " " : "") + std::string(argv[i]);
  if (o.fluxd.empty()) o.fluxd = default_fluxd();
  if (!fs::exists(o.fluxd)) die("no fluxd at " + o.fluxd + " (give --fluxd PATH)");
  if (o.rpc_threads == 0) o.rpc_threads = std::max<std::size_t>(8, 2 * o.clients + 2);
  o.verify_samples = std::min(o.verify_samples, o.transactions);

  fs::path data = o.data_dir;
  if (data.empty()) {
    const char* base = std::getenv("FLUX_BENCH_DIR");
    data =
        fs::path(base ? base : fs::temp_directory_path().string()) / ("flux-node-bench-" + std::to_string(::getpid()));
  }
  if (fs::exists(data)) die(data.string() + " exists; give a new --data directory");
  fs::create_directories(data / "..");
  const fs::path genesis_file = data.string() + ".genesis.toml";

  // 1. Accounts, genesis and every transaction, signed, before anything is timed.
  fmt::print("flux_node_bench: {} accounts, {} transactions, pre-signing on {} threads...\n", o.accounts,
             o.transactions, o.sign_threads);
  std::fflush(stdout);
  auto t_sign = Clock::now();
  const Accounts accounts = make_accounts(o.accounts, o.sign_threads);
  {
    std::ofstream f(genesis_file);
    f << genesis_toml(accounts, o.block_interval_ms, o.rule_version);
  }
  Load load = make_load(accounts, o);
  fmt::print("  signed in {:.1f} s\n", seconds_since(t_sign));

  // 2. Signature verification on one core, while nothing else of ours runs.
  double verify_per_s = 0, recover_per_s = 0;
  {
    std::vector<crypto::Hash32> digests;
    for (const auto& tx : load.samples) digests.push_back(node::transaction_hash(tx, kChainId));
    auto t = Clock::now();
    std::size_t good = 0;
    for (const auto& tx : load.samples) good += node::Chain::verify_signature(tx, kChainId).ok() ? 1 : 0;
    verify_per_s = static_cast<double>(load.samples.size()) / seconds_since(t);
    if (good != load.samples.size()) die("a pre-signed transaction does not verify");
    t = Clock::now();
    for (std::size_t j = 0; j < digests.size(); ++j)
      good += crypto::recover_address(digests[j], load.samples[j].signature.view()).ok() ? 1 : 0;
    recover_per_s = static_cast<double>(digests.size()) / seconds_since(t);
    fmt::print(
        "  signature verification, one core: {:.0f}/s (EIP-712 digest + ecrecover), {:.0f}/s (ecrecover alone)\n",
        verify_per_s, recover_per_s);
  }

  // 3. The node.
  const std::vector<std::string> node_args = {"--genesis",
                                              genesis_file.string(),
                                              "--data",
                                              data.string(),
                                              "--rpc-port",
                                              "0",
                                              "--block-interval-ms",
                                              std::to_string(o.block_interval_ms),
                                              "--block-transactions-max",
                                              std::to_string(o.block_transactions_max),
                                              "--rpc-threads",
                                              std::to_string(o.rpc_threads)};
  NodeProcess node;
  node.start(o.fluxd, node_args);
  fmt::print("  fluxd pid {} on port {}: {}\n", node.pid, node.port, node.opened_line);
  HttpClient control(node.port);
  const std::uint64_t start_height = rpc_call(control, "flux_blockNumber").get<std::uint64_t>();

  // 4. The load.
  fmt::print("  sending: {} clients, batches of {}, offered {} ...\n", o.clients, o.batch,
             o.rate > 0 ? thousands(o.rate) + " tx/s" : std::string("as fast as admitted"));
  std::fflush(stdout);
  const double machine_cpu0 = machine_busy_cpu_seconds();
  const double node_cpu0 = process_cpu_seconds(node.pid), bench_cpu0 = self_cpu_seconds();
  const auto run_started = Clock::now();
  RunResult r = run_load(load, o, node.port);
  const double wall = seconds_since(run_started);
  const double node_cpu = process_cpu_seconds(node.pid) - node_cpu0, bench_cpu = self_cpu_seconds() - bench_cpu0;
  // CPU the rest of the machine used meanwhile (other builds, tests): it competes
  // with the node and the clients, so the figures are only as good as this is small.
  const double other_cpu = std::max(0.0, machine_busy_cpu_seconds() - machine_cpu0 - node_cpu - bench_cpu);
  HttpClient after(node.port);  // the first connection may have idled out (30 s) during the run
  const std::uint64_t end_height = rpc_call(after, "flux_blockNumber").get<std::uint64_t>();
  const std::string metrics_text = after.get("/metrics");
  const double node_failed = metric(metrics_text, "flux_node_transactions_total{status=\"failed\"}");
  const double node_ok = metric(metrics_text, "flux_node_transactions_total{status=\"ok\"}");
  const double commit_sum = metric(metrics_text, "flux_node_commit_seconds_sum");
  const double commit_count = metric(metrics_text, "flux_node_commit_seconds_count");
  if (!r.first_error.empty()) fmt::print(stderr, "  first error: {}\n", r.first_error);

  std::vector<double> latency, latency_sent;
  std::uint64_t first_block = ~0ULL, last_block = 0;
  std::size_t max_per_block = 0;
  std::map<std::uint64_t, std::size_t> per_block;
  for (const TxRecord& t : r.records)
    if (t.done) {
      latency.push_back(t.received - t.due);
      latency_sent.push_back(t.received - t.sent);
      first_block = std::min(first_block, t.block);
      last_block = std::max(last_block, t.block);
      max_per_block = std::max(max_per_block, ++per_block[t.block]);
    }
  const double throughput = static_cast<double>(r.committed) / r.seconds;
  const double p50 = percentile(latency, 0.50), p99 = percentile(latency, 0.99);
  const double lmax = latency.empty() ? 0 : *std::max_element(latency.begin(), latency.end());
  const double p99_sent = percentile(latency_sent, 0.99);
  const bool all_ok = r.committed == load.total && r.failed == 0 && r.rejected == 0 && node_failed == 0;

  // 5. Restart.
  double restart_s = -1, stop_s = 0;
  std::string reopened_line;
  std::uintmax_t data_bytes = 0;
  if (o.restart) {
    const auto [status, stopped] = node.stop();
    stop_s = stopped;
    if (status != 0) die("fluxd exited with status " + std::to_string(status) + " on SIGTERM");
    data_bytes = dir_bytes(data);
    fmt::print("  stopped in {:.2f} s at block {}; data dir {:.1f} MB; restarting...\n", stop_s, end_height,
               static_cast<double>(data_bytes) / 1e6);
    std::fflush(stdout);
    const auto t0 = Clock::now();
    NodeProcess again;
    again.start(o.fluxd, node_args);
    HttpClient probe(again.port);
    std::uint64_t height = 0;
    while (seconds_since(t0) < 600) {
      try {
        height = rpc_call(probe, "flux_blockNumber").get<std::uint64_t>();
        if (height >= end_height) break;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    restart_s = seconds_since(t0);
    reopened_line = again.opened_line;
    if (height < end_height) die("the restarted node is at block " + std::to_string(height));
    again.stop();
  } else {
    node.stop();
    data_bytes = dir_bytes(data);
  }
  if (!o.keep_data) {
    fs::remove_all(data);
    fs::remove(genesis_file);
  }

  // 6. The table.
  fmt::print("\n## flux_node_bench\n\n`{}`\n\n", o.command_line);
  fmt::print("| figure | value | target |\n| --- | ---: | --- |\n");
  fmt::print("| sustained throughput (committed tx/s, first send to last receipt) | **{}** | ≥ 10,000 |\n",
             thousands(throughput));
  fmt::print(
      "| latency, send to committed receipt: p50 / p99 / max | {:.0f} / **{:.0f}** / {:.0f} ms | p99 < 2 intervals ({} "
      "ms) |\n",
      p50 * 1000, p99 * 1000, lmax * 1000, 2 * o.block_interval_ms);
  fmt::print("| rule version (state hash) | {} ({}) | |\n", o.rule_version,
             o.rule_version >= 2 ? "state root" : "flat hash");
  fmt::print("| block interval; transactions per block at most | {} ms; {} | |\n", o.block_interval_ms,
             thousands(static_cast<double>(o.block_transactions_max)));
  fmt::print("| offered load | {} | |\n", o.rate > 0 ? thousands(o.rate) + " tx/s" : std::string("unthrottled"));
  fmt::print(
      "| clients × batch size | {} × {} calls (sendTransaction; getTransactionReceipt, + 1 waitForReceipt when "
      "pending) | |\n",
      o.clients, o.batch);
  fmt::print(
      "| transactions (TransferAsset / Mint / RedeemUnderlying / Transfer), accounts | {} ({} / {} / {} / {}), {} | "
      "all ok |\n",
      thousands(static_cast<double>(load.total)), load.type_counts[0], load.type_counts[1], load.type_counts[2],
      load.type_counts[3], thousands(static_cast<double>(o.accounts)));
  fmt::print("| committed ok / failed / rejected | {} / {} / {} | {} / 0 / 0 |\n", r.committed - r.failed, r.failed,
             r.rejected, load.total);
  fmt::print("| blocks with transactions; most in one block; mean produce+commit | {}; {}; {:.0f} ms | |\n",
             per_block.size(), thousands(static_cast<double>(max_per_block)),
             commit_count > 0 ? commit_sum / commit_count * 1000 : 0.0);
  fmt::print(
      "| CPU per transaction: fluxd / this load generator | {:.0f} / {:.0f} µs ({:.2f} / {:.2f} cores over the run) | "
      "|\n",
      node_cpu / static_cast<double>(load.total) * 1e6, bench_cpu / static_cast<double>(load.total) * 1e6,
      node_cpu / wall, bench_cpu / wall);
  fmt::print("| other processes on the machine during the run | {:.2f} cores | ~0 |\n", other_cpu / wall);
  fmt::print("| signature verification, one core (EIP-712 digest + ecrecover) | {} /s | |\n", thousands(verify_per_s));
  fmt::print("| ecrecover alone, one core | {} /s | |\n", thousands(recover_per_s));
  if (o.restart)
    fmt::print("| restart (exec to RPC answering at block {}), {} committed txs | **{:.2f} s** | < 10 s |\n",
               end_height, thousands(node_ok + node_failed), restart_s);
  fmt::print("| data directory | {:.0f} MB | |\n", static_cast<double>(data_bytes) / 1e6);
  fmt::print(
      "\nmore: p99 from the actual send {:.0f} ms; send lag behind schedule at most {:.0f} ms; sending took "
      "{:.1f} s, all receipts {:.1f} s; blocks {}..{} (run from {} to {}); {} receipt batches, {} waits",
      p99_sent * 1000, r.send_lag_max * 1000, r.send_seconds, r.seconds, first_block, last_block, start_height,
      end_height, r.receipt_calls, r.wait_calls);
  fmt::print("; other processes used {:.2f} cores meanwhile", other_cpu / wall);
  if (o.restart) fmt::print("; stop took {:.2f} s; the restarted node says: {}", stop_s, reopened_line);
  fmt::print("\n");
  if (o.rate <= 0)
    fmt::print(
        "note: unthrottled, up to --window {} transactions wait at once, so latency measures that queue; "
        "give --rate below the node's capacity to measure latency\n",
        o.window);
  if (!all_ok) {
    fmt::print(
        stderr,
        "flux_node_bench: NOT every transaction committed ok (committed {}, failed {}, rejected {}; node: {} failed)\n",
        r.committed, r.failed, r.rejected, node_failed);
    return 1;
  }
  return 0;
}
