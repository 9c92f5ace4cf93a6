#include "rpc/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace flux::rpc::metrics {

namespace {

// A compare-and-swap loop rather than atomic<double>::fetch_add: the latter is
// C++20 but not in every standard library we build with.
void atomic_add(std::atomic<double>& target, double delta) noexcept {
  double old = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(old, old + delta, std::memory_order_relaxed)) {
  }
}

// Prometheus metric names: [a-zA-Z_:][a-zA-Z0-9_:]*; label names the same
// without ':' and not starting with "__" (reserved).
bool valid_name(std::string_view s, bool label) {
  if (s.empty()) return false;
  if (label && s.size() >= 2 && s[0] == '_' && s[1] == '_') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!label && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && digit))) return false;
  }
  return true;
}

void escape_into(std::string& out, std::string_view s, bool quote) {
  for (const char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (quote && c == '"') out += "\\\"";
    else out += c;
  }
}

// `{a="1",b="2"}`, with `extra` (the histogram's le) appended last.
std::string label_text(const Labels& labels, const std::pair<std::string, std::string>* extra = nullptr) {
  if (labels.empty() && extra == nullptr) return {};
  std::string out = "{";
  bool first = true;
  auto put = [&](const std::pair<std::string, std::string>& kv) {
    if (!first) out += ',';
    first = false;
    out += kv.first;
    out += "=\"";
    escape_into(out, kv.second, true);
    out += '"';
  };
  for (const auto& kv : labels) put(kv);
  if (extra != nullptr) put(*extra);
  out += '}';
  return out;
}

}  // namespace

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

void Gauge::add(double delta) noexcept { atomic_add(value_, delta); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), counts_(new std::atomic<std::uint64_t>[upper_bounds_.size() + 1]) {
  for (std::size_t i = 0; i <= upper_bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double v) noexcept {
  // lower_bound: the first bound >= v, so v lands in the bucket whose "le" it meets.
  const auto it = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), v);
  counts_[static_cast<std::size_t>(it - upper_bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.upper_bounds = upper_bounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative_counts.push_back(running);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  // The +Inf bucket must equal the count; use the bucket total so the two agree.
  s.count = running;
  return s;
}

std::vector<double> latency_buckets_seconds() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry::Family& Registry::family(std::string_view name, std::string_view help, Kind kind, Labels& labels) {
  if (!valid_name(name, false)) throw std::invalid_argument("invalid metric name: " + std::string(name));
  for (const auto& kv : labels) {
    if (!valid_name(kv.first, true) || (kind == Kind::histogram && kv.first == "le")) {
      throw std::invalid_argument("invalid label name for " + std::string(name) + ": " + kv.first);
    }
  }
  std::sort(labels.begin(), labels.end());
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}, {}}).first;
  } else if (it->second.kind != kind) {
    throw std::invalid_argument("metric " + std::string(name) + " is already registered as another kind");
  }
  return it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, Labels labels) {
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, Kind::counter, labels);
  auto& slot = f.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, Labels labels) {
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, Kind::gauge, labels);
  auto& slot = f.gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                               Labels labels) {
  if (upper_bounds.empty() || !std::is_sorted(upper_bounds.begin(), upper_bounds.end()) ||
      std::adjacent_find(upper_bounds.begin(), upper_bounds.end()) != upper_bounds.end()) {
    throw std::invalid_argument("histogram " + std::string(name) + ": bounds must be non-empty and increasing");
  }
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, Kind::histogram, labels);
  if (f.upper_bounds.empty()) {
    f.upper_bounds = upper_bounds;
  } else if (f.upper_bounds != upper_bounds) {
    throw std::invalid_argument("histogram " + std::string(name) + " is already registered with other bounds");
  }
  auto& slot = f.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(std::move(upper_bounds));
  return *slot;
}

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP ";
    out += name;
    out += ' ';
    escape_into(out, f.help, false);
    out += "\n# TYPE ";
    out += name;
    out += f.kind == Kind::counter ? " counter\n" : f.kind == Kind::gauge ? " gauge\n" : " histogram\n";
    for (const auto& [labels, c] : f.counters) {
      out += name + label_text(labels) + ' ' + std::to_string(c->value()) + '\n';
    }
    for (const auto& [labels, g] : f.gauges) {
      out += name + label_text(labels) + ' ' + format_value(g->value()) + '\n';
    }
    for (const auto& [labels, h] : f.histograms) {
      const Histogram::Snapshot s = h->snapshot();
      for (std::size_t i = 0; i < s.cumulative_counts.size(); ++i) {
        const std::pair<std::string, std::string> le{
            "le", i < s.upper_bounds.size() ? format_value(s.upper_bounds[i]) : "+Inf"};
        out += name + "_bucket" + label_text(labels, &le) + ' ' + std::to_string(s.cumulative_counts[i]) + '\n';
      }
      out += name + "_sum" + label_text(labels) + ' ' + format_value(s.sum) + '\n';
      out += name + "_count" + label_text(labels) + ' ' + std::to_string(s.count) + '\n';
    }
  }
  return out;
}

}  // namespace flux::rpc::metrics
