// fluxd killed with SIGKILL at random moments under load, at least 20 times,
// restarted each time on the same directory.
//
// Load: one client thread per funded dev account (alice, bob, carol, the
// liquidator) sends signed transactions in turn — TransferAsset of 1 USDC unit to
// the next account, Mint of 1 USDC into fUSDC — and waits for each receipt with
// flux_waitForReceipt. A transaction whose receipt came back is "acknowledged" and
// recorded. After a failure (the node died) a client re-reads flux_getNonce from the
// restarted node and goes on from there.
//
// Checked:
//   - each restart starts at or after the block of every acknowledged transaction;
//   - after a restart a client's next nonce is never below its acknowledged ones;
//   - on a live node no transaction is refused (a client's own nonce count agrees
//     with the node's);
//   - after the last restart every acknowledged transaction has its receipt, in the
//     same block, at the same index, with the same outcome, sender and nonce;
//   - each sender's committed transactions carry nonces 0, 1, 2, ... without gap or
//     repeat, and flux_getNonce's confirmed count is their number;
//   - SIGTERM stops the node with exit 0, and `fluxd verify` replays every block.
//
// One round in five kills the node within 40 ms of starting it (while it opens
// RocksDB and replays what the last kill left); the others 0.15-3 s after it
// serves. Kill moments come from a seeded RNG (FLUX_CRASH_SEED overrides the seed,
// FLUX_CRASH_KILLS the number of kills); the checks hold wherever a kill lands.
#include "fluxd_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

namespace flux::fluxd::test {
namespace {

struct Ack {
  std::string hash;
  std::string sender;  // lowercase
  std::uint64_t nonce = 0;
  std::uint64_t block = 0;
  std::uint64_t index = 0;
  bool ok = false;
};

struct Shared {
  std::atomic<std::uint16_t> port{0};  // 0 while no node serves
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<Ack> acks;
  std::vector<std::string> problems;       // what a client saw that must not happen
  std::atomic<std::uint64_t> failures{0};  // calls that failed because a node died

  void problem(std::string what) {
    std::lock_guard lock(mutex);
    problems.push_back(std::move(what));
  }
};

void client(Shared& shared, const DevAccount& account, const DevAccount& next_account) {
  const crypto::PrivateKey key = account.private_key();
  const std::string sender = account.lower();
  bool resync = true;
  std::uint64_t nonce = 0;
  std::uint64_t acknowledged_next = 0;  // one past the last acknowledged nonce
  std::uint64_t round = 0;
  while (!shared.stop) {
    const std::uint16_t port = shared.port;
    if (port == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    try {
      if (resync) {
        nonce = next_nonce(port, account.address);
        if (nonce < acknowledged_next)
          shared.problem(std::string(account.name) + ": after a restart the next nonce is " + std::to_string(nonce) +
                         " but nonce " + std::to_string(acknowledged_next - 1) + " was acknowledged");
        resync = false;
      }
      json message = {{"sender", account.address}, {"nonce", std::to_string(nonce)}};
      const bool transfer = round++ % 2 == 0;
      if (transfer) {
        message["asset"] = "USDC";
        message["to"] = next_account.address;
        message["amount"] = "1";
      } else {
        message["market"] = "fUSDC";
        message["amount"] = "1000000";
      }
      const json tx = signed_transaction(transfer ? "TransferAsset" : "Mint", message, key);
      const json sent = rpc_call(port, "flux_sendTransaction", tx);
      if (!sent.contains("result")) {
        shared.problem(std::string(account.name) + ": nonce " + std::to_string(nonce) +
                       " refused by a live node: " + sent.dump());
        resync = true;
        continue;
      }
      const std::string hash = sent["result"]["hash"].get<std::string>();
      const json waited = rpc_call(port, "flux_waitForReceipt", {{"hash", hash}, {"timeout_ms", 20000}});
      if (!waited.contains("result")) {
        // -32001: the node that admitted it died and another answers on its port.
        if (error_code(waited) != -32001) shared.problem(std::string(account.name) + ": " + waited.dump());
        ++shared.failures;
        resync = true;
        continue;
      }
      const json& r = waited["result"];
      Ack ack{hash,
              sender,
              nonce,
              r["block_number"].get<std::uint64_t>(),
              r["transaction_index"].get<std::uint64_t>(),
              r["ok"].get<bool>()};
      if (r["sender"] != sender || r["nonce"] != nonce)
        shared.problem(std::string(account.name) + ": the receipt names another sender or nonce: " + r.dump());
      {
        std::lock_guard lock(shared.mutex);
        shared.acks.push_back(std::move(ack));
      }
      acknowledged_next = ++nonce;
    } catch (const std::exception&) {
      // The node died under the call (connection refused, reset, closed).
      ++shared.failures;
      resync = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}

TEST(FluxdCrash, SigkillUnderLoadLosesNoAcknowledgedTransaction) {
  const std::uint64_t seed = env_or("FLUX_CRASH_SEED", 20240612);
  const int kills = static_cast<int>(env_or("FLUX_CRASH_KILLS", 25));
  std::printf("fluxd crash test: seed %llu, %d kills (FLUX_CRASH_SEED, FLUX_CRASH_KILLS to change)\n",
              static_cast<unsigned long long>(seed), kills);
  std::mt19937_64 rng(seed);
  TempDir dir;
  Shared shared;
  const auto started = std::chrono::steady_clock::now();

  const std::vector<std::string> senders = {"alice", "bob", "carol", "liquidator"};
  std::vector<std::thread> threads;
  struct Joiner {  // stops and joins the clients however the test ends
    Shared& shared;
    std::vector<std::thread>& threads;
    ~Joiner() {
      shared.stop = true;
      for (auto& t : threads)
        if (t.joinable()) t.join();
    }
  } joiner{shared, threads};
  for (std::size_t i = 0; i < senders.size(); ++i)
    threads.emplace_back(client, std::ref(shared), std::cref(dev(senders[i])),
                         std::cref(dev(senders[(i + 1) % senders.size()])));

  int during_start = 0;
  std::uint64_t last_start_block = 0;
  for (int round = 0; round < kills; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    if (round % 5 == 4) {
      // Killed while starting: opening RocksDB, replaying its WAL, loading state.
      const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 40)(rng));
      NodeOptions options;
      options.wait_until_serving = false;
      FluxdProcess node(dir.data(), dir.path(), options);
      std::this_thread::sleep_for(delay);
      const ExitStatus status = node.stop(SIGKILL);
      ASSERT_EQ(status.signal, SIGKILL) << status.describe() << "\n" << node.output();
      ++during_start;
      continue;
    }
    std::uint64_t acknowledged_block = 0;
    std::size_t acknowledged = 0;
    {
      std::lock_guard lock(shared.mutex);
      for (const Ack& a : shared.acks) acknowledged_block = std::max(acknowledged_block, a.block);
      acknowledged = shared.acks.size();
    }
    FluxdProcess node(dir.data(), dir.path());
    ASSERT_TRUE(node.started()) << node.output();
    ASSERT_GE(node.start_block(), acknowledged_block)
        << "restarted below the block of an acknowledged transaction (" << acknowledged << " acknowledged)";
    ASSERT_GE(node.start_block(), last_start_block) << "the chain went backwards";
    last_start_block = node.start_block();
    shared.port = node.port();
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 3000)(rng)));
    shared.port = 0;
    const ExitStatus status = node.stop(SIGKILL);
    ASSERT_EQ(status.signal, SIGKILL) << "fluxd ended on its own: " << status.describe() << "\n" << node.output();
  }

  // The last start: let the clients resume, then stop them.
  std::uint64_t acknowledged_block = 0;
  {
    std::lock_guard lock(shared.mutex);
    for (const Ack& a : shared.acks) acknowledged_block = std::max(acknowledged_block, a.block);
  }
  FluxdProcess node(dir.data(), dir.path());
  ASSERT_TRUE(node.started()) << node.output();
  ASSERT_GE(node.start_block(), acknowledged_block);
  const std::uint16_t port = node.port();
  shared.port = port;
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  shared.stop = true;
  for (auto& t : threads) t.join();

  {
    std::lock_guard lock(shared.mutex);
    for (const std::string& p : shared.problems) ADD_FAILURE() << p;
  }
  ASSERT_GE(shared.acks.size(), 40u) << "the load generator hardly ran";

  // Every acknowledged transaction is there, as it was acknowledged.
  for (const Ack& a : shared.acks) {
    const json r = rpc_result(port, "flux_getTransactionReceipt", {{"hash", a.hash}});
    ASSERT_FALSE(r.is_null()) << "acknowledged transaction " << a.hash << " (block " << a.block << ") is lost";
    EXPECT_EQ(r["block_number"], a.block) << a.hash;
    EXPECT_EQ(r["transaction_index"], a.index) << a.hash;
    EXPECT_EQ(r["ok"], a.ok) << a.hash;
    EXPECT_EQ(r["sender"], a.sender) << a.hash;
    EXPECT_EQ(r["nonce"], a.nonce) << a.hash;
  }

  // Each sender's committed nonces are 0, 1, 2, ... and the node's count agrees.
  const std::uint64_t height = rpc_result(port, "flux_blockNumber").get<std::uint64_t>();
  std::map<std::string, std::uint64_t> next;  // per sender: the next nonce expected in the chain
  std::uint64_t committed = 0;
  for (std::uint64_t n = 1; n <= height; ++n) {
    const json block = rpc_result(port, "flux_getBlock", {{"number", n}, {"transactions", true}});
    for (const json& r : block["receipts"]) {
      const std::string sender = r["sender"].get<std::string>();
      EXPECT_EQ(r["nonce"], next[sender]) << "block " << n << ": " << sender << " nonce out of sequence";
      next[sender] = r["nonce"].get<std::uint64_t>() + 1;
      ++committed;
    }
  }
  for (const std::string& name : senders) {
    const json nonce = rpc_result(port, "flux_getNonce", {{"address", dev(name).address}});
    EXPECT_EQ(nonce["confirmed"], next[dev(name).lower()]) << name;
    EXPECT_EQ(nonce["next"], nonce["confirmed"]) << name << ": pending after the clients stopped";
  }

  const ExitStatus stopped = node.stop(SIGTERM);
  EXPECT_TRUE(stopped.exited && stopped.code == 0) << stopped.describe() << "\n" << node.output();
  const RunResult verify = run_fluxd({"verify", "--dev", "--data", dir.data().string()});
  EXPECT_TRUE(verify.status.exited && verify.status.code == 0) << verify.status.describe() << "\n" << verify.output;

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "%d kills (%d while starting) in %.1f s; %zu transactions acknowledged, %llu committed in %llu blocks; "
      "%llu client calls cut by a kill\n%s",
      kills, during_start, seconds, shared.acks.size(), static_cast<unsigned long long>(committed),
      static_cast<unsigned long long>(height), static_cast<unsigned long long>(shared.failures.load()),
      verify.output.c_str());
}

}  // namespace
}  // namespace flux::fluxd::test
