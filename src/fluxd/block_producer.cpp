#include "fluxd/block_producer.hpp"

#include "node/block_json.hpp"

#include <cstdio>

namespace flux::fluxd {

namespace {
std::uint64_t wall_clock_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}
}  // namespace

BlockProducer::BlockProducer(NodeService& node, rpc::Server& server, NodeMetrics& metrics,
                             std::chrono::milliseconds interval)
    : node_(node), server_(server), metrics_(metrics), interval_(interval) {}

BlockProducer::~BlockProducer() { stop(); }

void BlockProducer::start() {
  thread_ = std::thread([this] { run(); });
}

void BlockProducer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void BlockProducer::run() {
  using clock = std::chrono::steady_clock;
  auto next = clock::now() + interval_;
  while (!stopping_) {
    // Checked before waiting, so a node restarted at the halt says so at once.
    if (auto halt = node_.upgrade_halt()) {
      halt_reason_ = *halt;
      halted_ = true;
      return;
    }
    // Sleep in short steps so that stop() is prompt even with long intervals.
    while (!stopping_ && clock::now() < next)
      std::this_thread::sleep_for(std::min<clock::duration>(next - clock::now(), std::chrono::milliseconds(20)));
    if (stopping_) break;
    const auto started = clock::now();
    std::string error;
    auto block = node_.produce(wall_clock_ms(), error);
    if (!block) {
      failure_ = error;
      failed_ = true;
      return;
    }
    metrics_.commit_seconds.observe(std::chrono::duration<double>(clock::now() - started).count());
    announce(*block);
    next += interval_;
    if (clock::now() > next + interval_) next = clock::now();  // fell behind: re-anchor
  }
}

void BlockProducer::announce(const node::Block& block) {
  metrics_.blocks.inc();
  for (const node::Receipt& r : block.receipts) {
    (r.error == Error::ok ? metrics_.transactions_ok : metrics_.transactions_failed).inc();
    if (r.error == Error::invariant_violated) metrics_.invariant_violations.inc();
  }
  for (const std::string& report : node_.take_invariant_reports())
    std::fprintf(stderr, "fluxd: invariant violated: %s\n", report.c_str());
  metrics_.height.set(static_cast<double>(block.header.number));
  metrics_.mempool.set(static_cast<double>(node_.pending()));
  if (server_.subscriber_count() == 0) return;  // nobody listens: skip building the messages
  nlohmann::json header = node::header_json(block.header);
  header["transaction_count"] = block.transactions.size();
  server_.publish("blocks", header);
  // The block's JSON as the node keeps it, shared: the events are published from it
  // without copying the whole block.
  const auto stored = node_.recent_block(block.header.number);
  if (!stored) return;
  const auto& receipts = stored->at("receipts");
  for (std::size_t i = 0; i < receipts.size(); ++i)
    for (const auto& e : receipts[i]["events"]) {
      nlohmann::json item = e;
      item["block_number"] = block.header.number;
      item["transaction_hash"] = receipts[i]["transaction_hash"];
      item["transaction_index"] = i;
      server_.publish("events", item);
    }
}

}  // namespace flux::fluxd
