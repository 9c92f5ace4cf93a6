// Server-Sent Events on GET /events, fed by Server::publish.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "metrics_format.hpp"
#include "rpc/event_hub.hpp"
#include "server_fixture.hpp"
#include "test_client.hpp"

namespace flux::rpc::test {
namespace {

using nlohmann::json;

class RpcEvents : public ServerFixture {
 protected:
  // Opens a stream and waits for its ": subscribed" comment: from then on the
  // subscriber is registered and sees every later publish.
  static void subscribe(Client& c, const std::string& target = "/events") {
    ASSERT_EQ(c.open_stream(target), 200u);
    EXPECT_EQ(c.stream_header()[http::field::content_type], "text/event-stream");
    EXPECT_EQ(c.stream_header()[http::field::cache_control], "no-cache");
    const auto first = c.next_block();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->rfind(": subscribed", 0), 0u) << *first;
  }
};

TEST_F(RpcEvents, SubscriberReceivesEventsInOrder) {
  start();
  Client c(port());
  subscribe(c);
  EXPECT_EQ(server_->subscriber_count(), 1u);
  std::vector<std::uint64_t> sequences;
  for (int i = 0; i < 200; ++i) {
    sequences.push_back(server_->publish(i % 2 ? "events" : "blocks", {{"n", i}, {"text", "line\nbreak"}}));
  }
  for (int i = 0; i < 200; ++i) {
    const auto block = c.next_block();
    ASSERT_TRUE(block) << i;
    const SseEvent e = parse_sse(*block);
    EXPECT_EQ(e.id, std::to_string(sequences[static_cast<std::size_t>(i)]));
    EXPECT_EQ(e.event, i % 2 ? "events" : "blocks");
    EXPECT_EQ(json::parse(e.data), json({{"n", i}, {"text", "line\nbreak"}}));
  }
}

TEST_F(RpcEvents, TopicFilter) {
  start();
  Client blocks(port());
  subscribe(blocks, "/events?topics=blocks");
  Client both(port());
  subscribe(both, "/events?topics=blocks%2Cevents");
  for (int i = 0; i < 10; ++i) server_->publish(i % 2 ? "events" : "blocks", {{"n", i}});
  server_->publish("other", {{"n", 10}});
  server_->publish("blocks", {{"n", 11}});
  for (int n : {0, 2, 4, 6, 8, 11}) {
    const auto block = blocks.next_block();
    ASSERT_TRUE(block);
    EXPECT_EQ(json::parse(parse_sse(*block).data)["n"], n);
  }
  for (int n : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11}) {
    const auto block = both.next_block();
    ASSERT_TRUE(block);
    EXPECT_EQ(json::parse(parse_sse(*block).data)["n"], n);
  }
}

TEST_F(RpcEvents, BadSubscriptionsAreRefused) {
  start();
  Client c(port());
  EXPECT_EQ(c.get("/events?topics=bad%0Atopic").result(), http::status::bad_request);
  EXPECT_EQ(c.get("/events?color=red").result(), http::status::bad_request);
  EXPECT_EQ(c.get("/events?topics=%zz").result(), http::status::bad_request);
  std::string many = "/events?topics=";
  for (int i = 0; i < 17; ++i) many += "t" + std::to_string(i) + ",";
  EXPECT_EQ(c.get(many).result(), http::status::bad_request);
  EXPECT_EQ(server_->subscriber_count(), 0u);
  EXPECT_THROW(server_->publish("no spaces", {}), std::invalid_argument);
  EXPECT_THROW(server_->publish("", {}), std::invalid_argument);
}

TEST_F(RpcEvents, SlowSubscriberIsDroppedWithoutBlockingPublish) {
  Limits limits;
  limits.subscriber_queue_events_max = 8;
  start(limits);
  Client slow(port());
  subscribe(slow);  // and then reads nothing while events pour in

  // Publish until the subscriber is dropped: its socket buffers fill, its
  // queue fills, and the publish that finds it full drops it. No publish may
  // wait for it meanwhile.
  const json payload = {{"pad", std::string(64 * 1024, 'x')}};
  auto longest = std::chrono::steady_clock::duration::zero();
  std::uint64_t last = 0;
  int published = 0;
  while (server_->subscriber_count() != 0) {
    ASSERT_LT(published, 100000) << "never dropped";
    const auto began = std::chrono::steady_clock::now();
    last = server_->publish("blocks", payload);
    longest = std::max(longest, std::chrono::steady_clock::now() - began);
    ++published;
  }
  EXPECT_LT(longest, std::chrono::seconds(1));  // generous: a publish takes microseconds

  // Now it reads: a gapless prefix of the events, in order, then the drop
  // comment, then the end of the stream.
  std::uint64_t expected = 1;
  std::string comment;
  while (auto block = slow.next_block()) {
    const SseEvent e = parse_sse(*block);
    if (!e.comment.empty()) {
      comment = e.comment;
      continue;
    }
    ASSERT_TRUE(comment.empty()) << "event after the drop comment";
    ASSERT_EQ(e.id, std::to_string(expected));
    ++expected;
  }
  EXPECT_FALSE(slow.stream_error()) << slow.stream_error().message();
  EXPECT_TRUE(slow.stream_done());
  EXPECT_NE(comment.find("dropped"), std::string::npos) << comment;
  EXPECT_GT(expected, 1u);
  EXPECT_LE(expected, last);
  EXPECT_EQ(sample(metrics_text(), "flux_rpc_subscribers_dropped_total"), 1.0);

  // A new subscriber is served as usual.
  Client next(port());
  subscribe(next);
  server_->publish("blocks", {{"n", 1}});
  const auto block = next.next_block();
  ASSERT_TRUE(block);
  EXPECT_EQ(json::parse(parse_sse(*block).data), json({{"n", 1}}));
}

TEST_F(RpcEvents, SubscriberRemovedOnDisconnect) {
  start();
  {
    Client c(port());
    subscribe(c);
    EXPECT_EQ(server_->subscriber_count(), 1u);
  }
  EXPECT_TRUE(eventually([&] { return server_->subscriber_count() == 0 && server_->connection_count() == 0; }));
  server_->publish("blocks", {{"n", 1}});  // to no one
}

TEST_F(RpcEvents, SubscriberLimit) {
  Limits limits;
  limits.subscribers_max = 2;
  start(limits);
  Client a(port());
  subscribe(a);
  Client b(port());
  subscribe(b);
  Client c(port());
  const Response res = c.get("/events");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(json::parse(res.body())["error"]["data"]["subscribers_max"], 2);
  EXPECT_EQ(sample(metrics_text(), R"(flux_rpc_rejected_total{limit="subscribers"})"), 1.0);
  EXPECT_EQ(sample(metrics_text(), "flux_rpc_subscribers"), 2.0);
}

TEST_F(RpcEvents, HeartbeatOnAQuietStream) {
  Limits limits;
  limits.sse_heartbeat_ms = std::chrono::milliseconds(20);
  start(limits);
  Client c(port());
  subscribe(c);
  const auto block = c.next_block();
  ASSERT_TRUE(block);
  EXPECT_EQ(*block, ": heartbeat");
}

TEST_F(RpcEvents, PublishFromManyThreads) {
  start();
  Client c(port());
  subscribe(c);
  constexpr int kThreads = 4;
  constexpr int kEach = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) server_->publish("events", {{"t", t}, {"i", i}});
    });
  }
  for (auto& th : threads) th.join();
  std::vector<int> next(kThreads, 0);
  std::uint64_t previous = 0;
  for (int k = 0; k < kThreads * kEach; ++k) {
    const auto block = c.next_block();
    ASSERT_TRUE(block);
    const SseEvent e = parse_sse(*block);
    const std::uint64_t id = std::stoull(e.id);
    EXPECT_GT(id, previous);  // sequence order is delivery order
    previous = id;
    const json data = json::parse(e.data);
    const int t = data["t"];
    EXPECT_EQ(data["i"], next[static_cast<std::size_t>(t)]++);  // each publisher's order kept
  }
}

TEST(RpcEventHub, QueuesDropsAndWakes) {
  metrics::Registry registry;
  EventHub hub({/*subscribers_max=*/2, /*queue_events_max=*/3}, registry);
  int wakes = 0;
  auto a = hub.subscribe({"blocks"}, [&] { ++wakes; });
  auto b = hub.subscribe({}, [] {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(hub.subscribe({}, [] {}), nullptr);  // full
  EXPECT_THROW(hub.subscribe({"bad topic"}, [] {}), std::invalid_argument);

  EXPECT_EQ(hub.publish("blocks", 1), 1u);
  EXPECT_EQ(wakes, 1);  // empty -> non-empty
  EXPECT_EQ(hub.publish("blocks", 2), 2u);
  EXPECT_EQ(wakes, 1);       // already non-empty: no second wake
  hub.publish("events", 3);  // not a's topic
  Subscriber::Taken taken = a->take();
  EXPECT_EQ(taken.count, 2u);
  EXPECT_EQ(taken.frames, "id: 1\nevent: blocks\ndata: 1\n\nid: 2\nevent: blocks\ndata: 2\n\n");
  EXPECT_FALSE(taken.dropped);

  // b never took 1..3: the first of these finds its queue full and drops it.
  for (int i = 0; i < 3; ++i) hub.publish("blocks", i);
  EXPECT_EQ(hub.subscriber_count(), 1u);
  EXPECT_TRUE(b->take().dropped);
  hub.publish("blocks", 99);  // a's queue holds 3: dropped
  EXPECT_EQ(hub.subscriber_count(), 0u);
  taken = a->take();
  EXPECT_EQ(taken.count, 3u);
  EXPECT_TRUE(taken.dropped);
  hub.unsubscribe(a);  // already gone: harmless
  EXPECT_TRUE(hub.subscribe({}, [] {}));
}

}  // namespace
}  // namespace flux::rpc::test
