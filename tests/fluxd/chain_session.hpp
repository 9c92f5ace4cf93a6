// A fluxd session that leaves a stopped data directory with known contents: a few
// committed transactions, every block header it saw, and the block it stopped at
// (SIGTERM; "fluxd: stopped at block N"). Shared by the shutdown and damaged-data tests.
#pragma once

#include "fluxd_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <regex>

namespace flux::fluxd::test {

struct Session {
  std::uint64_t stopped_at = 0;                                     // the last block committed, from the stop line
  std::map<std::uint64_t, json> headers;                            // every header read before the stop
  std::vector<std::pair<std::string, std::uint64_t>> transactions;  // hash, block
};

inline std::optional<std::uint64_t> stopped_at_block(const std::string& stdout_text) {
  static const std::regex line(R"(fluxd: stopped at block ([0-9]+))");
  std::smatch m;
  if (!std::regex_search(stdout_text, m, line)) return std::nullopt;
  return std::stoull(m[1].str());
}

// Runs fluxd on `data` (creating it), commits `transactions` Mints by alice (from
// her next nonce), waits a few empty blocks, reads every header, stops it with
// SIGTERM and checks that it exited 0. Test failures are reported through gtest.
inline Session run_session(const std::filesystem::path& data, const std::filesystem::path& logs, int transactions = 3,
                           int signal = SIGTERM, const NodeOptions& options = {}) {
  Session s;
  FluxdProcess node(data, logs, options);
  EXPECT_TRUE(node.started()) << node.output();
  if (!node.started()) return s;
  const std::uint16_t port = node.port();
  std::uint64_t nonce = next_nonce(port, dev("alice").address);
  for (int i = 0; i < transactions; ++i) {
    const json tx = signed_transaction(
        "Mint",
        {{"sender", dev("alice").address}, {"nonce", std::to_string(nonce++)}, {"market", "fUSDC"}, {"amount", "5000"}},
        dev("alice").private_key());
    const std::string hash = rpc_result(port, "flux_sendTransaction", tx)["hash"].get<std::string>();
    const json receipt = rpc_result(port, "flux_waitForReceipt", {{"hash", hash}});
    EXPECT_EQ(receipt["ok"], true) << receipt;
    s.transactions.emplace_back(hash, receipt["block_number"].get<std::uint64_t>());
  }
  const std::uint64_t last = rpc_result(port, "flux_blockNumber").get<std::uint64_t>() + 3;
  wait_for_block(port, last);
  for (std::uint64_t n = 0; n <= last; ++n) s.headers[n] = rpc_result(port, "flux_getBlock", {{"number", n}})["header"];
  const ExitStatus status = node.stop(signal);
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe() << "\n" << node.output();
  const auto stopped = stopped_at_block(node.stdout_text());
  EXPECT_TRUE(stopped.has_value()) << node.output();
  s.stopped_at = stopped.value_or(0);
  EXPECT_GE(s.stopped_at, last);
  return s;
}

// Expects the node's blocks up to `through` to be exactly those the session saw.
inline void expect_same_headers(std::uint16_t port, const Session& s, std::uint64_t through) {
  for (const auto& [number, header] : s.headers) {
    if (number > through) break;
    EXPECT_EQ(rpc_result(port, "flux_getBlock", {{"number", number}})["header"], header) << "block " << number;
  }
}

}  // namespace flux::fluxd::test
