#include "rpc/metrics.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "metrics_format.hpp"

namespace flux::rpc::metrics {
namespace {

TEST(RpcMetrics, RendersCounterGaugeAndHistogram) {
  Registry r;
  r.counter("jobs_total", "Jobs done", {{"kind", "a"}}).inc(3);
  r.counter("jobs_total", "ignored", {{"kind", "b"}}).inc();
  r.gauge("queue_depth", "Items queued").set(2.5);
  Histogram& h = r.histogram("latency_seconds", "Latency", {0.125, 1});
  h.observe(0.0625);
  h.observe(0.125);  // on a bound: counted in that bucket (le is inclusive)
  h.observe(0.5);
  h.observe(7);
  EXPECT_EQ(r.render(),
            "# HELP jobs_total Jobs done\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{kind=\"a\"} 3\n"
            "jobs_total{kind=\"b\"} 1\n"
            "# HELP latency_seconds Latency\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{le=\"0.125\"} 2\n"
            "latency_seconds_bucket{le=\"1\"} 3\n"
            "latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "latency_seconds_sum 7.6875\n"
            "latency_seconds_count 4\n"
            "# HELP queue_depth Items queued\n"
            "# TYPE queue_depth gauge\n"
            "queue_depth 2.5\n");
}

TEST(RpcMetrics, SameNameAndLabelsIsTheSameMetric) {
  Registry r;
  Counter& a = r.counter("x_total", "h", {{"b", "2"}, {"a", "1"}});
  Counter& b = r.counter("x_total", "h", {{"a", "1"}, {"b", "2"}});  // label order does not matter
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &r.counter("x_total", "h", {{"a", "1"}}));
}

TEST(RpcMetrics, EscapesLabelValuesAndHelp) {
  Registry r;
  r.counter("e_total", "line\nbreak \\ slash", {{"v", "q\"uote\\back\nnl"}}).inc();
  const std::string text = r.render();
  EXPECT_NE(text.find("# HELP e_total line\\nbreak \\\\ slash\n"), std::string::npos) << text;
  EXPECT_NE(text.find("e_total{v=\"q\\\"uote\\\\back\\nnl\"} 1\n"), std::string::npos) << text;
  EXPECT_TRUE(test::valid_exposition(text)) << text;
}

TEST(RpcMetrics, RefusesBadNamesAndKindClashes) {
  Registry r;
  EXPECT_THROW(r.counter("1abc", "h"), std::invalid_argument);
  EXPECT_THROW(r.counter("a-b", "h"), std::invalid_argument);
  EXPECT_THROW(r.counter("ok", "h", {{"__reserved", "x"}}), std::invalid_argument);
  EXPECT_THROW(r.counter("ok", "h", {{"bad:label", "x"}}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "h", {1, 0.5}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "h", {1}, {{"le", "x"}}), std::invalid_argument);
  r.counter("taken", "h");
  EXPECT_THROW(r.gauge("taken", "h"), std::invalid_argument);
  r.histogram("hist", "h", {1, 2});
  EXPECT_THROW(r.histogram("hist", "h", {1, 3}), std::invalid_argument);
}

TEST(RpcMetrics, SpecialValues) {
  EXPECT_EQ(format_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_value(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(format_value(0.0 / 0.0), "NaN");
  EXPECT_EQ(format_value(42), "42");
  EXPECT_EQ(format_value(0.25), "0.25");
}

TEST(RpcMetrics, ConcurrentUpdatesAreAllCounted) {
  Registry r;
  Counter& c = r.counter("c_total", "h");
  Gauge& g = r.gauge("g", "h");
  Histogram& h = r.histogram("h_seconds", "h", latency_buckets_seconds());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        g.inc();
        h.observe(0.001);
        if (i % 1000 == 0) (void)r.render();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000u);
  EXPECT_EQ(g.value(), 40000.0);
  EXPECT_EQ(h.snapshot().count, 40000u);
  EXPECT_TRUE(test::valid_exposition(r.render()));
}

}  // namespace
}  // namespace flux::rpc::metrics
