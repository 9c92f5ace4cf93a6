// A background thread that checks RocksDB's checksums of every table file while the
// node serves, so that a damaged SST is noticed without waiting for a read to hit it.
//
// Why: open() reads only what it needs (block 0, the head, the state records), so a
// byte flipped in the middle of an older table file lets the node start and answer
// /health "ok" while some blocks or receipts cannot be read. The check reads every
// table file once (storage::Database::verify_table_checksums), at the lowest CPU and,
// on Linux, idle I/O priority, so that it yields to block production and RPC.
//
// When: once as soon as the node serves, then every `interval` (0: only that first
// check). A failed check is final for the process: damage does not heal, and the
// node keeps serving what it can read (refusing to serve would take away blocks that
// are fine) while it reports it:
//   - problem() is set: /health answers 503 with "status": "degraded" (main.cpp);
//   - the metric flux_storage_corruption_detected is 1 (flux_storage_table_checks_total
//     counts finished checks, failed or not);
//   - one log line on stderr: "fluxd: storage corruption detected: ...".
#pragma once

#include "rpc/metrics.hpp"
#include "storage/result.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace flux::fluxd {

class TableChecker {
 public:
  using Check = std::function<storage::Result<void>()>;
  using Log = std::function<void(const std::string&)>;
  TableChecker(Check check, rpc::metrics::Registry& metrics, std::chrono::seconds interval, Log log);
  ~TableChecker();  // stop()s
  TableChecker(const TableChecker&) = delete;
  TableChecker& operator=(const TableChecker&) = delete;

  void start();
  // Waits for a check under way to finish (RocksDB's check cannot be interrupted) and
  // joins the thread.
  void stop();
  // What the first failed check said; nullopt while every check passed.
  std::optional<std::string> problem() const;

 private:
  void run();

  Check check_;
  std::chrono::seconds interval_;
  Log log_;
  rpc::metrics::Counter& checks_;
  rpc::metrics::Gauge& corruption_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<std::string> problem_;
  std::thread thread_;
};

}  // namespace flux::fluxd
