#include "bench/node_bench/load_run.hpp"

#include "bench/node_bench/http_client.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

namespace flux::bench {
namespace {

using json = nlohmann::json;

// A JSON-RPC batch asking for these transactions' receipts.
std::string receipt_batch(const Load& load, const std::vector<std::uint32_t>& txs) {
  std::string body = "[";
  for (std::size_t j = 0; j < txs.size(); ++j) {
    if (j) body += ',';
    body += fmt::format(R"({{"jsonrpc":"2.0","id":{},"method":"flux_getTransactionReceipt","params":{{"hash":"{}"}}}})",
                        j, load.hashes[txs[j]].hex());
  }
  return body + "]";
}

}  // namespace

RunResult run_load(const Load& load, const Options& o, std::uint16_t port) {
  RunResult r;
  r.records.resize(load.total);
  std::vector<ClientShared> shared(o.clients);
  std::atomic<std::size_t> rejected{0}, failed{0}, wait_calls{0}, receipt_calls{0}, receipts_in{0};
  std::mutex error_mutex;
  auto note_error = [&](const std::string& e) {
    std::lock_guard lock(error_mutex);
    if (r.first_error.empty()) r.first_error = e;
  };
  std::atomic<bool> abort{false};
  const std::size_t window_per_client = std::max<std::size_t>(o.batch, o.window / o.clients);
  const double per_client_rate = o.rate / static_cast<double>(o.clients);
  const auto t0 = Clock::now();
  std::vector<double> lag(o.clients, 0);

  auto sender = [&](std::size_t c) {
    HttpClient http(port);
    ClientShared& s = shared[c];
    std::size_t offset = 0;  // transactions of this client before batch k
    try {
      for (std::size_t k = 0; k < load.batches[c].size() && !abort; ++k) {
        const Batch& b = load.batches[c][k];
        double due = 0;
        if (o.rate > 0) {
          due = static_cast<double>(offset) / per_client_rate;
          const auto when = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(due));
          std::this_thread::sleep_until(when);
        }
        {
          std::unique_lock lock(s.mutex);
          s.changed.wait(lock, [&] { return s.in_flight + b.txs.size() <= window_per_client || abort; });
          s.in_flight += b.txs.size();
        }
        const double sent = seconds_since(t0);
        if (o.rate <= 0) due = sent;
        lag[c] = std::max(lag[c], sent - due);
        for (std::uint32_t g : b.txs) {
          r.records[g].due = due;
          r.records[g].sent = sent;
        }
        const json response = json::parse(http.post(b.body));
        if (!response.is_array() || response.size() != b.txs.size())
          throw std::runtime_error("bad batch response: " + response.dump().substr(0, 300));
        std::vector<bool> refused(b.txs.size(), false);
        for (const json& item : response) {
          const std::size_t j = item.at("id").get<std::size_t>();
          const std::uint32_t g = b.txs.at(j);
          if (item.contains("error")) {
            ++rejected;
            refused[j] = true;
            note_error("flux_sendTransaction: " + item["error"].dump());
            continue;
          }
          if (item["result"]["hash"].get<std::string>() != load.hashes[g].hex())
            throw std::runtime_error("the node's hash differs from the bench's");
        }
        std::vector<std::uint32_t> admitted;
        for (std::size_t j = 0; j < b.txs.size(); ++j)
          if (!refused[j]) admitted.push_back(b.txs[j]);
        {
          std::lock_guard lock(s.mutex);
          s.in_flight -= b.txs.size() - admitted.size();
          for (std::uint32_t g : admitted) s.waiting.push_back(g);
        }
        s.changed.notify_all();
        offset += b.txs.size();
      }
    } catch (const std::exception& e) {
      note_error(std::string("sender: ") + e.what());
      abort = true;
    }
    {
      std::lock_guard lock(s.mutex);
      s.sender_done = true;
    }
    s.changed.notify_all();
  };

  auto fetcher = [&](std::size_t c) {
    HttpClient http(port);
    ClientShared& s = shared[c];
    auto record = [&](std::uint32_t g, const json& receipt, double now) {
      TxRecord& t = r.records[g];
      t.received = now;
      t.block = receipt.at("block_number").get<std::uint64_t>();
      t.ok = receipt.at("ok").get<bool>();
      t.done = true;
      ++receipts_in;
      if (!t.ok) {
        ++failed;
        note_error("a transaction failed in the engine: " + receipt.dump().substr(0, 400));
      }
    };
    try {
      for (;;) {
        std::vector<std::uint32_t> front;
        {
          std::unique_lock lock(s.mutex);
          s.changed.wait(lock, [&] { return !s.waiting.empty() || s.sender_done || abort; });
          if (abort) return;
          if (s.waiting.empty()) return;  // the sender is done and every receipt is in
          for (std::size_t j = 0; j < std::min(o.batch, s.waiting.size()); ++j) front.push_back(s.waiting[j]);
        }
        const json response = json::parse(http.post(receipt_batch(load, front)));
        ++receipt_calls;
        const double now = seconds_since(t0);
        std::size_t got = 0;
        for (const json& item : response) {
          if (item.contains("error")) throw std::runtime_error("flux_getTransactionReceipt: " + item["error"].dump());
          if (item["result"].is_null()) continue;
          record(front.at(item.at("id").get<std::size_t>()), item["result"], now);
          ++got;
        }
        if (!r.records[front[0]].done) {
          // The oldest is pending: wait for its block (one blocked RPC thread per client).
          const json params = {{"hash", load.hashes[front[0]].hex()}, {"timeout_ms", 30000}};
          json w = json::parse(http.post(
              json{{"jsonrpc", "2.0"}, {"id", 0}, {"method", "flux_waitForReceipt"}, {"params", params}}.dump()));
          ++wait_calls;
          if (w.contains("error")) {
            // -32002: timed out; the next round asks again.
            if (w["error"]["code"] != -32002) throw std::runtime_error("flux_waitForReceipt: " + w["error"].dump());
          } else {
            record(front[0], w["result"], seconds_since(t0));
            ++got;
          }
        }
        {
          std::lock_guard lock(s.mutex);
          s.waiting.erase(
              std::remove_if(s.waiting.begin(), s.waiting.begin() + static_cast<std::ptrdiff_t>(front.size()),
                             [&](std::uint32_t g) { return r.records[g].done; }),
              s.waiting.begin() + static_cast<std::ptrdiff_t>(front.size()));
          s.in_flight -= got;
        }
        s.changed.notify_all();
      }
    } catch (const std::exception& e) {
      note_error(std::string("receipts: ") + e.what());
      abort = true;
      for (auto& other : shared) other.changed.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < o.clients; ++c) {
    threads.emplace_back(sender, c);
    threads.emplace_back(fetcher, c);
  }
  // Progress, every 5 seconds.
  std::atomic<bool> finished{false};
  std::thread progress([&] {
    double last = 0;
    while (!finished) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const double now = seconds_since(t0);
      if (now - last < 5) continue;
      last = now;
      fmt::print("  {:6.1f} s: {} of {} committed\n", now, receipts_in.load(), load.total);
      std::fflush(stdout);
    }
  });
  for (auto& t : threads) t.join();
  finished = true;
  progress.join();

  double first = 1e300, last_send = 0, last = 0;
  for (const TxRecord& t : r.records) {
    if (!t.done) continue;
    ++r.committed;
    first = std::min(first, t.sent);
    last_send = std::max(last_send, t.sent);
    last = std::max(last, t.received);
  }
  r.seconds = last - first;
  r.send_seconds = last_send - first;
  r.rejected = rejected;
  r.failed = failed;
  r.wait_calls = wait_calls;
  r.receipt_calls = receipt_calls;
  for (double l : lag) r.send_lag_max = std::max(r.send_lag_max, l);
  return r;
}

}  // namespace flux::bench
