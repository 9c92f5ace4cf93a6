// The clock of the chain: a thread that produces and commits a block every interval,
// then tells the world (metrics, SSE subscribers). Empty blocks are produced too:
// time moves on and interest accrues by block, as on Ethereum.
//
// Blocks are scheduled on a fixed grid (start + k * interval) rather than "interval
// after the last one", so a slow block does not push every later one back. If the
// node falls more than one interval behind (a commit that took longer than an
// interval), it produces the next block at once and re-anchors the grid.
//
// At a protocol upgrade this fluxd does not implement (NodeService::upgrade_halt) it
// stops producing, sets halted(), and the node goes on answering reads: the operator
// replaces the binary and restarts (README, "Upgrades").
#pragma once

#include "fluxd/node_metrics.hpp"
#include "fluxd/node_service.hpp"
#include "rpc/server.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace flux::fluxd {

class BlockProducer {
 public:
  BlockProducer(NodeService& node, rpc::Server& server, NodeMetrics& metrics, std::chrono::milliseconds interval);
  ~BlockProducer();  // stop()s
  void start();
  // Finishes the block being produced, if any, and joins the thread.
  void stop();
  // Set when a commit failed; the node must stop (storage is behind memory).
  bool failed() const { return failed_.load(); }
  const std::string& failure() const { return failure_; }  // valid once failed()
  // Set when the producer stopped at an upgrade this fluxd does not implement.
  bool halted() const { return halted_.load(); }
  const std::string& halt_reason() const { return halt_reason_; }  // valid once halted()

 private:
  void run();
  void announce(const node::Block& block);

  NodeService& node_;
  rpc::Server& server_;
  NodeMetrics& metrics_;
  std::chrono::milliseconds interval_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> failed_{false};
  std::string failure_;
  std::atomic<bool> halted_{false};
  std::string halt_reason_;
  std::thread thread_;
};

}  // namespace flux::fluxd
