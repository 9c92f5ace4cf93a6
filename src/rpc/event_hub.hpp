#pragma once
// Fan-out of published events to subscribers, each with a bounded queue, so
// that a publisher (the node committing a block) never waits for a consumer.
//
// An event is published once under a topic ("blocks", "events", ...) with a
// JSON payload. It is serialized once, as a Server-Sent Events frame
//
//   id: <sequence>\nevent: <topic>\ndata: <payload on one line>\n\n
//
// and the same immutable frame is shared by every subscriber whose topic filter
// accepts it. Sequence numbers count every publish of this hub from 1, so a
// client can see that it missed events (a gap) across reconnects.
//
// When a subscriber's queue already holds Options::queue_events_max frames, it
// is dropped: removed from the hub at once (the publisher goes on without it),
// its queue kept, and marked so that its stream ends after what is queued.
//
// Ownership: the hub and the subscriber's connection share each Subscriber
// (shared_ptr). The hub lets go of it on unsubscribe() or when dropping it; the
// connection when it closes.
//
// Threading: every member may be called from any thread. publish() holds the
// hub's mutex while queueing (short: a pointer per subscriber) and calls each
// woken subscriber's wake function under it, so wake must only schedule work
// (post to an executor), never call back into the hub or block.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rpc/metrics.hpp"

namespace flux::rpc {

// Topics are 1..64 characters of [A-Za-z0-9_.-]: they go into SSE frames and
// query strings verbatim, so nothing there may need escaping.
bool valid_topic(std::string_view topic) noexcept;

class Subscriber {
 public:
  // What the connection takes on each wake: the frames queued since its last
  // take, concatenated in publish order, and whether the subscriber has been
  // dropped (then nothing more will ever be queued).
  struct Taken {
    std::string frames;
    std::size_t count = 0;
    bool dropped = false;
  };
  Taken take();

  const std::vector<std::string>& topics() const noexcept { return topics_; }

  // Public for make_shared; use EventHub::subscribe.
  Subscriber(std::vector<std::string> topics, std::function<void()> wake);

 private:
  friend class EventHub;
  bool wants(std::string_view topic) const noexcept;

  const std::vector<std::string> topics_;  // empty: every topic
  const std::function<void()> wake_;
  std::mutex mutex_;  // guards the members below
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool dropped_ = false;
};

class EventHub {
 public:
  struct Options {
    std::size_t subscribers_max = 64;
    std::size_t queue_events_max = 1024;
  };

  // `metrics` must outlive the hub.
  EventHub(Options options, metrics::Registry& metrics);

  // A new subscriber to these topics (empty: all), or nullptr when
  // subscribers_max are already subscribed. `wake` is called (on the
  // publisher's thread) when the subscriber's queue turns non-empty and when it
  // is dropped. Throws std::invalid_argument for an invalid topic.
  std::shared_ptr<Subscriber> subscribe(std::vector<std::string> topics, std::function<void()> wake);
  // Removes the subscriber if it is still subscribed; safe to call twice.
  void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);

  // Queues the event for every subscriber that wants it, never blocking on
  // any of them. Returns its sequence number. Throws std::invalid_argument for
  // an invalid topic.
  std::uint64_t publish(std::string_view topic, const nlohmann::json& data);

  std::size_t subscriber_count() const;

 private:
  Options options_;
  mutable std::mutex mutex_;  // guards the members below
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  std::uint64_t sequence_ = 0;

  metrics::Counter& published_;
  metrics::Counter& dropped_;
  metrics::Counter& rejected_;
  metrics::Gauge& subscribers_gauge_;
};

}  // namespace flux::rpc
