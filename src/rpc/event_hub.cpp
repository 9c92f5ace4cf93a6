#include "rpc/event_hub.hpp"

#include <algorithm>
#include <stdexcept>

namespace flux::rpc {

bool valid_topic(std::string_view topic) noexcept {
  if (topic.empty() || topic.size() > 64) return false;
  return std::all_of(topic.begin(), topic.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

Subscriber::Subscriber(std::vector<std::string> topics, std::function<void()> wake)
    : topics_(std::move(topics)), wake_(std::move(wake)) {}

bool Subscriber::wants(std::string_view topic) const noexcept {
  return topics_.empty() || std::find(topics_.begin(), topics_.end(), topic) != topics_.end();
}

Subscriber::Taken Subscriber::take() {
  std::deque<std::shared_ptr<const std::string>> queued;
  Taken taken;
  {
    std::lock_guard lock(mutex_);
    queued.swap(queue_);
    taken.dropped = dropped_;
  }
  // Concatenate outside the lock: publishers only ever wait for the swap.
  std::size_t bytes = 0;
  for (const auto& frame : queued) bytes += frame->size();
  taken.frames.reserve(bytes);
  for (const auto& frame : queued) taken.frames += *frame;
  taken.count = queued.size();
  return taken;
}

EventHub::EventHub(Options options, metrics::Registry& metrics)
    : options_(options),
      published_(metrics.counter("flux_rpc_events_published_total", "Events published to subscribers")),
      dropped_(metrics.counter("flux_rpc_subscribers_dropped_total",
                               "Subscribers dropped because their event queue overflowed")),
      rejected_(metrics.counter("flux_rpc_rejected_total", "Requests refused because they exceeded a limit, by limit",
                                {{"limit", "subscribers"}})),
      subscribers_gauge_(metrics.gauge("flux_rpc_subscribers", "Event stream subscribers")) {}

std::shared_ptr<Subscriber> EventHub::subscribe(std::vector<std::string> topics, std::function<void()> wake) {
  for (const std::string& t : topics) {
    if (!valid_topic(t)) throw std::invalid_argument("rpc: invalid topic: " + t);
  }
  auto subscriber = std::make_shared<Subscriber>(std::move(topics), std::move(wake));
  std::lock_guard lock(mutex_);
  if (subscribers_.size() >= options_.subscribers_max) {
    rejected_.inc();
    return nullptr;
  }
  subscribers_.push_back(subscriber);
  subscribers_gauge_.set(static_cast<double>(subscribers_.size()));
  return subscriber;
}

void EventHub::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  const auto it = std::find(subscribers_.begin(), subscribers_.end(), subscriber);
  if (it == subscribers_.end()) return;
  subscribers_.erase(it);
  subscribers_gauge_.set(static_cast<double>(subscribers_.size()));
}

std::uint64_t EventHub::publish(std::string_view topic, const nlohmann::json& data) {
  if (!valid_topic(topic)) throw std::invalid_argument("rpc: invalid topic: " + std::string(topic));
  // Serialize outside the lock; dump() never puts a raw newline in its output,
  // so the payload is one "data:" line.
  const std::string payload = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  std::lock_guard lock(mutex_);
  const std::uint64_t sequence = ++sequence_;
  published_.inc();
  if (subscribers_.empty()) return sequence;
  std::string text;
  text.reserve(payload.size() + topic.size() + 40);
  text += "id: ";
  text += std::to_string(sequence);
  text += "\nevent: ";
  text += topic;
  text += "\ndata: ";
  text += payload;
  text += "\n\n";
  const auto frame = std::make_shared<const std::string>(std::move(text));

  bool any_dropped = false;
  for (const auto& s : subscribers_) {
    if (!s->wants(topic)) continue;
    bool wake = false;
    {
      std::lock_guard sub_lock(s->mutex_);
      if (s->queue_.size() >= options_.queue_events_max) {
        s->dropped_ = true;
        any_dropped = true;
        wake = true;
      } else {
        wake = s->queue_.empty();
        s->queue_.push_back(frame);
      }
    }
    if (wake) s->wake_();
  }
  if (any_dropped) {
    const auto before = subscribers_.size();
    subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                      [](const std::shared_ptr<Subscriber>& s) {
                                        std::lock_guard sub_lock(s->mutex_);
                                        return s->dropped_;
                                      }),
                       subscribers_.end());
    dropped_.inc(before - subscribers_.size());
    subscribers_gauge_.set(static_cast<double>(subscribers_.size()));
  }
  return sequence;
}

std::size_t EventHub::subscriber_count() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

}  // namespace flux::rpc
