// What a running fluxd tells the operator: GET /health, GET /metrics (the node's
// flux_node_* series move with what it does) and GET /events?topics=blocks (a
// server-sent event per committed block).
#include "fluxd_process.hpp"

#include <gtest/gtest.h>

namespace flux::fluxd::test {
namespace {

class FluxdObservability : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<FluxdProcess>(dir_.data(), dir_.path());
    ASSERT_TRUE(node_->started()) << node_->output();
    port_ = node_->port();
  }
  void TearDown() override {
    if (node_ && node_->running() && HasFailure()) std::printf("%s\n", node_->output().c_str());
  }
  TempDir dir_;
  std::unique_ptr<FluxdProcess> node_;
  std::uint16_t port_ = 0;
};

TEST_F(FluxdObservability, HealthAnswersWithTheHeight) {
  rpc::test::Client client(port_);
  const auto res = client.get("/health");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const json health = json::parse(res.body());
  EXPECT_EQ(health["status"], "ok");
  EXPECT_TRUE(health["height"].is_number_unsigned()) << health;
  EXPECT_EQ(health["pending"], 0);
  wait_for_block(port_, health["height"].get<std::uint64_t>() + 1);
  EXPECT_GT(json::parse(client.get("/health").body())["height"], health["height"]);
}

TEST_F(FluxdObservability, MetricsCountBlocksTransactionsRejectionsAndCommits) {
  const std::string before = metrics_text(port_);
  for (const char* name : {"flux_node_blocks_total", "flux_node_transactions_total", "flux_node_rejections_total",
                           "flux_node_commit_seconds", "flux_node_height", "flux_rpc_calls_total"})
    EXPECT_NE(before.find(std::string("# TYPE ") + name + " "), std::string::npos) << name << "\n" << before;

  // One good transaction, one that fails in the engine, two rejected ones.
  const json good = signed_transaction(
      "Mint", {{"sender", dev("alice").address}, {"nonce", "0"}, {"market", "fUSDC"}, {"amount", "1000"}},
      dev("alice").private_key());
  const json failing = signed_transaction(
      "Mint", {{"sender", dev("alice").address}, {"nonce", "1"}, {"market", "fNOPE"}, {"amount", "1"}},
      dev("alice").private_key());
  const auto h1 = rpc_result(port_, "flux_sendTransaction", good)["hash"].get<std::string>();
  const auto h2 = rpc_result(port_, "flux_sendTransaction", failing)["hash"].get<std::string>();
  EXPECT_EQ(error_code(rpc_call(port_, "flux_sendTransaction", good)), -32014);  // nonce_used
  const json bob_sets_price = signed_transaction(
      "SetPrice", {{"sender", dev("bob").address}, {"nonce", "0"}, {"market", "fUSDC"}, {"price", "1"}},
      dev("bob").private_key());
  EXPECT_EQ(error_code(rpc_call(port_, "flux_sendTransaction", bob_sets_price)), -32016);  // unauthorized
  EXPECT_EQ(rpc_result(port_, "flux_waitForReceipt", {{"hash", h1}})["ok"], true);
  EXPECT_EQ(rpc_result(port_, "flux_waitForReceipt", {{"hash", h2}})["ok"], false);
  const std::uint64_t height = rpc_result(port_, "flux_blockNumber").get<std::uint64_t>();
  wait_for_block(port_, height + 1);

  const std::string after = metrics_text(port_);
  auto delta = [&](const std::string& series) { return metric(after, series) - metric(before, series); };
  EXPECT_GE(delta("flux_node_blocks_total"), 1.0);
  EXPECT_GE(metric(after, "flux_node_blocks_total"), static_cast<double>(height));
  EXPECT_EQ(delta(R"(flux_node_transactions_total{status="ok"})"), 1.0);
  EXPECT_EQ(delta(R"(flux_node_transactions_total{status="failed"})"), 1.0);
  EXPECT_EQ(delta(R"(flux_node_rejections_total{reason="nonce_used"})"), 1.0);
  EXPECT_EQ(delta(R"(flux_node_rejections_total{reason="unauthorized"})"), 1.0);
  EXPECT_EQ(delta(R"(flux_node_rejections_total{reason="bad_signature"})"), 0.0);
  EXPECT_GE(metric(after, "flux_node_commit_seconds_count"), metric(after, "flux_node_blocks_total"));
  EXPECT_GT(metric(after, "flux_node_commit_seconds_sum"), 0.0);
  EXPECT_GE(delta(R"(flux_rpc_calls_total{method="flux_sendTransaction"})"), 4.0);
}

TEST_F(FluxdObservability, EventsStreamCarriesBlocks) {
  rpc::test::Client client(port_);
  ASSERT_EQ(client.open_stream("/events?topics=blocks"), 200u);
  EXPECT_NE(std::string(client.stream_header()[rpc::test::http::field::content_type]).find("text/event-stream"),
            std::string::npos);
  // A transaction while subscribed, so one of the blocks carries it.
  const json tx = signed_transaction(
      "Mint", {{"sender", dev("bob").address}, {"nonce", "0"}, {"market", "fUSDC"}, {"amount", "1000"}},
      dev("bob").private_key());
  const auto hash = rpc_result(port_, "flux_sendTransaction", tx)["hash"].get<std::string>();
  const auto tx_block = rpc_result(port_, "flux_waitForReceipt", {{"hash", hash}})["block_number"].get<std::uint64_t>();

  int blocks = 0;
  std::optional<std::uint64_t> previous;
  bool saw_tx_block = false;
  while (!saw_tx_block || blocks < 3) {
    const auto block = client.next_block();
    ASSERT_TRUE(block.has_value()) << "the stream ended: " << client.stream_error().message();
    const rpc::test::SseEvent e = rpc::test::parse_sse(*block);
    if (e.event.empty()) continue;  // a comment (the stream's start, a heartbeat)
    ASSERT_EQ(e.event, "blocks") << *block;
    const json header = json::parse(e.data);
    const std::uint64_t n = header["number"].get<std::uint64_t>();
    if (previous) {
      EXPECT_EQ(n, *previous + 1) << "a block event is missing";
    }
    previous = n;
    EXPECT_TRUE(header["hash"].is_string());
    EXPECT_TRUE(header["state_hash"].is_string());
    if (n == tx_block) {
      EXPECT_EQ(header["transaction_count"], 1) << header;
      saw_tx_block = true;
    } else {
      EXPECT_TRUE(header["transaction_count"].is_number_unsigned()) << header;
    }
    ++blocks;
    ASSERT_LT(blocks, 200) << "block " << tx_block << " never came";
  }
}

// The "events" topic: every event of a committed transaction, with its block,
// transaction hash and index (published from the block the node keeps in memory).
TEST_F(FluxdObservability, EventsStreamCarriesTransactionEvents) {
  rpc::test::Client client(port_);
  ASSERT_EQ(client.open_stream("/events?topics=events"), 200u);
  const json tx = signed_transaction(
      "Mint", {{"sender", dev("carol").address}, {"nonce", "0"}, {"market", "fUSDC"}, {"amount", "1000"}},
      dev("carol").private_key());
  const auto hash = rpc_result(port_, "flux_sendTransaction", tx)["hash"].get<std::string>();
  const json receipt = rpc_result(port_, "flux_waitForReceipt", {{"hash", hash}});
  ASSERT_EQ(receipt["ok"], true) << receipt;
  std::vector<json> seen;
  for (int frames = 0; seen.size() < receipt["events"].size(); ++frames) {
    ASSERT_LT(frames, 200) << "the transaction's events never came";
    const auto frame = client.next_block();
    ASSERT_TRUE(frame.has_value()) << "the stream ended: " << client.stream_error().message();
    const rpc::test::SseEvent e = rpc::test::parse_sse(*frame);
    if (e.event.empty()) continue;
    ASSERT_EQ(e.event, "events") << *frame;
    const json item = json::parse(e.data);
    if (item["transaction_hash"] == hash) seen.push_back(item);
  }
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i]["block_number"], receipt["block_number"]) << seen[i];
    EXPECT_EQ(seen[i]["transaction_index"], receipt["transaction_index"]) << seen[i];
    EXPECT_EQ(seen[i]["event"], receipt["events"][i]["event"]) << seen[i];
  }
}

}  // namespace
}  // namespace flux::fluxd::test
