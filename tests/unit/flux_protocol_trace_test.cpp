// The full-system Flux Protocol traces (tests/flux-protocol/vectors/, recorded by
// running 01 Finance's contracts on an EVM) replayed through the engine: every call's
// success or revert reason and every recorded state field after every step.
#include "scenario/protocol_trace.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace flux::scenario {
namespace {

std::string vectors(const std::string& name) { return std::string(FLUX_PROTOCOL_VECTORS) + "/" + name; }

std::string describe(const TraceResult& r) {
  std::ostringstream out;
  for (const TraceMismatch& m : r.mismatches)
    out << "step " << m.step << " " << m.call << ": " << m.field << " expected " << m.expected << ", got " << m.actual
        << "\n";
  return out.str();
}

// Steps the reference reverted, counted from the file itself.
std::size_t reverts_in(const std::string& name) {
  std::ifstream in(vectors(name));
  std::size_t count = 0;
  for (std::string line; std::getline(in, line);) count += line.find("\"ok\":false") != std::string::npos ? 1 : 0;
  return count;
}

TraceResult replay_file(const std::string& name) {
  std::ifstream in(vectors(name));
  EXPECT_TRUE(in.good()) << vectors(name);
  return replay_protocol_trace(in);
}

TEST(FluxProtocolTrace, MainTraceReplaysExactly) {
  const TraceResult r = replay_file("protocol-main.json");
  EXPECT_TRUE(r.passed()) << describe(r);
  EXPECT_EQ(r.steps, 54U);  // the header and 54 steps
  EXPECT_EQ(r.reverts, reverts_in("protocol-main.json"));
  // 2 markets x 13 fields, 7 accounts x 10-13 fields, 2 prices: well over 100 a step.
  EXPECT_GT(r.fields_compared, 54U * 100U);
}

TEST(FluxProtocolTrace, RandomTraceReplaysExactly) {
  const TraceResult r = replay_file("random-1.json");
  EXPECT_TRUE(r.passed()) << describe(r);
  EXPECT_EQ(r.reverts, reverts_in("random-1.json"));
  EXPECT_GT(r.reverts, 50U);
}

}  // namespace
}  // namespace flux::scenario
