// The node's own Prometheus metrics, registered next to the RPC server's.
#pragma once

#include "node/transaction.hpp"
#include "rpc/metrics.hpp"

#include <array>

namespace flux::fluxd {

struct NodeMetrics {
  explicit NodeMetrics(rpc::metrics::Registry& r)
      : blocks(r.counter("flux_node_blocks_total", "Blocks produced and committed")),
        transactions_ok(
            r.counter("flux_node_transactions_total", "Transactions committed, by outcome", {{"status", "ok"}})),
        transactions_failed(
            r.counter("flux_node_transactions_total", "Transactions committed, by outcome", {{"status", "failed"}})),
        invariant_violations(r.counter("flux_node_invariant_violations_total",
                                       "Transactions refused because their changes broke a law checked on every "
                                       "transaction (invariant_violated): an engine bug")),
        height(r.gauge("flux_node_height", "The last committed block")),
        mempool(r.gauge("flux_node_mempool_transactions", "Transactions waiting for a block")),
        commit_seconds(r.histogram("flux_node_commit_seconds",
                                   "Time to produce a block and commit it durably (synced write)",
                                   {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5})) {
    for (std::size_t i = 0; i < rejections.size(); ++i) {
      const auto kind = static_cast<node::Rejection>(i);
      rejections[i] = &r.counter("flux_node_rejections_total", "Transactions refused at admission, by reason",
                                 {{"reason", std::string(node::rejection_name(kind))}});
    }
  }
  void rejected(node::Rejection kind) { rejections[static_cast<std::size_t>(kind)]->inc(); }

  rpc::metrics::Counter& blocks;
  rpc::metrics::Counter& transactions_ok;
  rpc::metrics::Counter& transactions_failed;
  rpc::metrics::Counter& invariant_violations;
  rpc::metrics::Gauge& height;
  rpc::metrics::Gauge& mempool;
  rpc::metrics::Histogram& commit_seconds;
  std::array<rpc::metrics::Counter*, node::rejection_count> rejections{};
};

}  // namespace flux::fluxd
