#pragma once
// A tiny metrics registry: counters, gauges and fixed-bucket histograms with
// labels, rendered in the Prometheus text exposition format (version 0.0.4).
//
// Why our own: the node needs a handful of metrics and one text endpoint;
// prometheus-cpp is not packaged for Debian 12 and would pull in a second HTTP
// stack. This file has no dependency on the server and the node may use it for
// its own metrics.
//
// Ownership and lifetime: a Registry owns every metric it hands out. The
// references returned by counter(), gauge() and histogram() stay valid for as
// long as the Registry lives; callers are expected to look a metric up once and
// keep the reference (lookups take a lock, updates do not).
//
// Threading: every member of every class here may be called from any thread.
// Updates are lock-free atomics; lookups and render() take the registry's mutex.
// render() reads each value atomically but not all values at one instant, so a
// histogram's count and sum may disagree by a few in-flight observations, as
// they may in any Prometheus client.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flux::rpc::metrics {

// Label name/value pairs. The order given does not matter: a metric is
// identified by its name and its labels sorted by name.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count.
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down (connections open, queue depth).
class Gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(double delta) noexcept;
  void inc() noexcept { add(1.0); }
  void dec() noexcept { add(-1.0); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Observations counted into fixed buckets, given by their inclusive upper
// bounds in increasing order (Prometheus' "le"); +Inf is implicit.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);

  void observe(double v) noexcept;

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative_counts;  // one per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> upper_bounds_;
  // Not cumulative: counts_[i] counts observations in (bound[i-1], bound[i]];
  // the last slot counts those above every bound. A unique_ptr array because
  // atomics cannot live in a resizable vector.
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

// Buckets for request latency in seconds: 100 µs to 10 s, roughly ×2.5 apart.
std::vector<double> latency_buckets_seconds();

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Each returns the metric with this name and these labels, creating it (and
  // its family, with this help text) on first use. Throws std::invalid_argument
  // for a name or label name Prometheus does not accept, or when the name is
  // already registered as another kind of metric (or, for histograms, with other
  // bounds). The help text of a family is the one given first.
  Counter& counter(std::string_view name, std::string_view help, Labels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, Labels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                       Labels labels = {});

  // Every metric in the text exposition format, families in name order, each
  // with its # HELP and # TYPE lines.
  std::string render() const;

 private:
  enum class Kind { counter, gauge, histogram };
  struct Family {
    Kind kind;
    std::string help;
    std::vector<double> upper_bounds;  // histograms only
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(std::string_view name, std::string_view help, Kind kind, Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

// Formats a sample value as Prometheus expects: integers without a fraction,
// "+Inf", "-Inf" and "NaN" for the special values.
std::string format_value(double v);

}  // namespace flux::rpc::metrics
