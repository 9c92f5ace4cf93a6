// The timed part of the benchmark: C clients, each a sender connection on an
// open-loop schedule and a receipt connection, until every transaction's receipt is in.
#pragma once

#include "bench/node_bench/options.hpp"
#include "bench/node_bench/workload.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace flux::bench {

struct TxRecord {
  double due = 0;       // seconds since the run's start: when the open-loop schedule sent it
  double sent = 0;      // when its batch was actually written
  double received = 0;  // when a client first held its committed receipt
  std::uint64_t block = 0;
  bool ok = false;
  bool done = false;
};

// What a client's sender and receipt fetcher share.
struct ClientShared {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::uint32_t> waiting;  // sent, no receipt yet, in send order
  std::size_t in_flight = 0;
  bool sender_done = false;
};

struct RunResult {
  double seconds = 0;  // first send -> last receipt
  double send_seconds = 0;
  std::size_t committed = 0, failed = 0, rejected = 0;
  std::vector<TxRecord> records;
  std::size_t wait_calls = 0, receipt_calls = 0;
  double send_lag_max = 0;
  std::string first_error;
};

RunResult run_load(const Load& load, const Options& o, std::uint16_t port);

}  // namespace flux::bench
