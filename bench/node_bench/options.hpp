// What every part of flux_node_bench shares: its options, clock and chain id.
#pragma once

#include <fmt/core.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace flux::bench {

using Clock = std::chrono::steady_clock;

inline constexpr std::uint64_t kChainId = 4242;

inline double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The bench cannot go on (a broken setup, a node that did not start): say why, exit 1.
[[noreturn]] inline void die(const std::string& what) {
  fmt::print(stderr, "flux_node_bench: {}\n", what);
  std::fflush(stderr);
  std::exit(1);
}

struct Options {
  std::string fluxd;
  std::string data_dir;  // default: a fresh directory under FLUX_BENCH_DIR or the temp dir
  bool keep_data = false;
  std::size_t accounts = 10'000;
  std::size_t transactions = 360'000;
  std::size_t clients = 4;
  std::size_t batch = 100;
  double rate = 12'000;         // offered tx/s, all clients together; 0: as fast as admitted
  std::size_t window = 60'000;  // sent but without a receipt, all clients together
  std::uint64_t block_interval_ms = 1000;
  std::uint32_t rule_version = 2;  // the genesis's: 2 hashes with the state root, 1 with the flat hash
  std::size_t block_transactions_max = 50'000;
  std::size_t rpc_threads = 0;  // 0: max(8, 2 * clients + 2)
  std::size_t sign_threads = 2;
  std::size_t verify_samples = 20'000;
  bool restart = false;
  std::string command_line;
};

}  // namespace flux::bench
