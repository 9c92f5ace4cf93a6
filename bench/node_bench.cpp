// flux_node_bench: the end-to-end node benchmark (issue 3, "Performance").
//
// It writes a genesis with N funded accounts, starts `fluxd` on it as a child process
// and then, from C concurrent client connections:
//   1. pre-signs every transaction before timing (a mix of TransferAsset, Mint,
//      RedeemUnderlying and fToken Transfer; each account's nonces in order; every
//      one must succeed in the engine),
//   2. sends them as JSON-RPC batches of flux_sendTransaction, at an offered rate
//      (open loop: batch k of a client is due at k * batch / (rate / clients)) or as
//      fast as the node admits them (--rate 0),
//   3. fetches every receipt (batches of flux_getTransactionReceipt; when the oldest
//      transaction is still pending, one flux_waitForReceipt on it), checks `ok`, and
//      reports committed transactions per second from the first send to the last
//      receipt, and the latency from each transaction's send to the moment a client
//      holds its committed receipt (p50, p99, max).
// It also times signature verification (node::Chain::verify_signature: EIP-712 digest
// and ecrecover) on one core, and with --restart stops the node after the run
// (SIGTERM), restarts it on the same data directory and times exec -> the RPC
// answering flux_blockNumber with the height it stopped at.
//
// Latency is measured from the time the transaction was DUE under the open-loop
// schedule (never later than its actual send), so a client that falls behind or a
// node slow to admit shows up in the figures instead of hiding in a slower send rate.
//
//   build/release/bench/flux_node_bench                      # 360,000 txs at 12,000 tx/s offered
//   build/release/bench/flux_node_bench --restart --transactions 1000000 --rate 0
//
// Every client has two connections: a sender and a receipt fetcher, so the node needs
// at least 2 * clients RPC threads (a waiting flux_waitForReceipt holds one).
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "node/chain.hpp"
#include "node/transaction.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace flux;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::uint64_t kChainId = 4242;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

[[noreturn]] void die(const std::string& what) {
  fmt::print(stderr, "flux_node_bench: {}\n", what);
  std::fflush(stderr);
  std::exit(1);
}

// --- Options --------------------------------------------------------------------

struct Options {
  std::string fluxd;
  std::string data_dir;  // default: a fresh directory under FLUX_BENCH_DIR or the temp dir
  bool keep_data = false;
  std::size_t accounts = 10'000;
  std::size_t transactions = 360'000;
  std::size_t clients = 4;
  std::size_t batch = 100;
  double rate = 12'000;  // offered tx/s, all clients together; 0: as fast as admitted
  std::size_t window = 60'000;  // sent but without a receipt, all clients together
  std::uint64_t block_interval_ms = 1000;
  std::size_t block_transactions_max = 50'000;
  std::size_t rpc_threads = 0;  // 0: max(8, 2 * clients + 2)
  std::size_t sign_threads = 2;
  std::size_t verify_samples = 20'000;
  bool restart = false;
  std::string command_line;
};

// --- Keys, genesis, transactions --------------------------------------------------

crypto::PrivateKey bench_key(const std::string& label) {
  const crypto::Hash32 h = crypto::keccak256(std::string_view("flux-bench-" + label));
  return crypto::PrivateKey::from_bytes(h.view()).value();  // invalid with probability ~2^-128
}

struct Accounts {
  std::vector<crypto::PrivateKey> keys;
  std::vector<crypto::Address20> addresses;
  crypto::Address20 admin;
};

Accounts make_accounts(std::size_t n, std::size_t threads) {
  Accounts a;
  a.keys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) a.keys.push_back(bench_key(std::to_string(i)));
  a.addresses.resize(n);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&a, t, threads, n] {
      for (std::size_t i = t; i < n; i += threads) a.addresses[i] = crypto::address_of(a.keys[i]);
    });
  for (auto& th : pool) th.join();
  a.admin = crypto::address_of(bench_key("admin"));
  return a;
}

std::string genesis_toml(const Accounts& a, std::uint64_t interval_ms) {
  std::string t;
  t += "# flux_node_bench genesis: an admin and N funded accounts (keys keccak256(\"flux-bench-\" + i)).\n";
  t += fmt::format("chain_id = {}\nblock_interval_ms = {}\nblocks_per_year = 2628000\n\n", kChainId, interval_ms);
  const std::string admin = a.admin.hex();
  t += fmt::format("[roles]\nadmin = \"{0}\"\noracle = \"{0}\"\npause_guardian = \"{0}\"\ncompliance = \"{0}\"\n\n",
                   admin);
  t += "[[assets]]\nsymbol = \"USDC\"\ndecimals = 6\n\n[[assets]]\nsymbol = \"DAI\"\ndecimals = 18\n\n";
  t += "[[markets]]\nsymbol = \"fUSDC\"\nasset = \"USDC\"\ntemplate = \"stablecoin\"\nprice = \"1\"\n\n";
  t += "[[markets]]\nsymbol = \"fDAI\"\nasset = \"DAI\"\ntemplate = \"stablecoin\"\ncollateral_factor = \"0.83\"\n"
       "price = \"1\"\n\n";
  for (const crypto::Address20& addr : a.addresses)
    for (const char* asset : {"USDC", "DAI"})
      t += fmt::format("[[balances]]\naccount = \"{}\"\nasset = \"{}\"\namount = \"1000000\"\n\n", addr.hex(), asset);
  return t;
}

crypto::TypedStruct message(const char* type, const crypto::Address20& sender, std::uint64_t nonce,
                            std::vector<crypto::Field> own) {
  crypto::TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", sender});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}

// The k-th transaction (nonce k) of account i. Per cycle of 10 nonces: 5 TransferAsset,
// 2 Mint, 2 RedeemUnderlying (half of what was just minted), 1 fToken Transfer (1 of the
// 250 fTokens the cycle leaves), so each account only ever spends what it holds and
// every transaction succeeds whatever the interleaving of accounts.
node::Transaction make_transaction(const Accounts& a, std::size_t i, std::uint64_t k) {
  const std::size_t n = a.addresses.size();
  const crypto::Address20& from = a.addresses[i];
  const crypto::Address20& peer = a.addresses[(i + 1 + (k * 7919) % (n - 1)) % n];
  const U256 usdc(1'000'000ULL);
  const U256 dai = U256(1'000'000'000'000'000'000ULL);
  auto transfer_asset = [&](const char* asset, const U256& amount) {
    return message("TransferAsset", from, k,
                   {{"asset", "string", std::string(asset)}, {"to", "address", peer}, {"amount", "uint256", amount}});
  };
  auto market_op = [&](const char* type, const char* market, const U256& amount) {
    return message(type, from, k, {{"market", "string", std::string(market)}, {"amount", "uint256", amount}});
  };
  crypto::TypedStruct m;
  switch (k % 10) {
    case 0: m = market_op("Mint", "fUSDC", usdc * 10); break;
    case 1: m = transfer_asset("USDC", usdc); break;
    case 2: m = transfer_asset("USDC", usdc); break;
    case 3: m = market_op("RedeemUnderlying", "fUSDC", usdc * 5); break;
    case 4: m = transfer_asset("DAI", dai); break;
    case 5: m = market_op("Mint", "fDAI", dai * 10); break;
    case 6: m = transfer_asset("USDC", usdc); break;
    case 7:
      m = message("Transfer", from, k,
                  {{"market", "string", std::string("fUSDC")}, {"to", "address", peer},
                   {"tokens", "uint256", U256(100'000'000ULL)}});
      break;
    case 8: m = transfer_asset("DAI", dai); break;
    default: m = market_op("RedeemUnderlying", "fDAI", dai * 5); break;
  }
  return node::sign_transaction(std::move(m), kChainId, a.keys[i]);
}

// The whole load, pre-signed: client c sends its accounts (i % clients == c) round by
// round (nonce 0 of each, then nonce 1, ...) in batches; each batch is one HTTP body.
struct Batch {
  std::string body;                  // a JSON-RPC batch of flux_sendTransaction
  std::vector<std::uint32_t> txs;    // global transaction indices, in order
};

struct Load {
  std::vector<std::vector<Batch>> batches;  // [client][k]
  std::vector<crypto::Hash32> hashes;       // [tx]
  std::vector<node::Transaction> samples;   // the first few, for the signature benchmark
  std::size_t total = 0;
  std::size_t type_counts[4] = {0, 0, 0, 0};  // TransferAsset, Mint, RedeemUnderlying, Transfer
};

Load make_load(const Accounts& a, const Options& o) {
  const std::size_t n = a.addresses.size();
  const std::size_t rounds = (o.transactions + n - 1) / n;
  // Global index order: round-major; tx (i, k) = k * n + i, for k * n + i < total.
  Load load;
  load.total = o.transactions;
  load.hashes.resize(load.total);
  std::vector<std::string> wire(load.total);
  std::vector<std::thread> pool;
  std::mutex samples_mutex;
  std::atomic<std::size_t> next{0};
  for (std::size_t t = 0; t < o.sign_threads; ++t)
    pool.emplace_back([&] {
      for (;;) {
        const std::size_t start = next.fetch_add(1024);
        if (start >= load.total) return;
        for (std::size_t g = start; g < std::min(load.total, start + 1024); ++g) {
          const std::size_t i = g % n;
          const std::uint64_t k = g / n;
          node::Transaction tx = make_transaction(a, i, k);
          load.hashes[g] = node::transaction_hash(tx, kChainId);
          wire[g] = node::to_json(tx).dump();
          if (g < o.verify_samples) {
            std::lock_guard lock(samples_mutex);
            load.samples.push_back(std::move(tx));
          }
        }
      }
    });
  for (auto& th : pool) th.join();
  for (std::size_t g = 0; g < load.total; ++g) {
    const std::uint64_t k = g / n;
    const int kind = (k % 10 == 0 || k % 10 == 5) ? 1 : (k % 10 == 3 || k % 10 == 9) ? 2 : (k % 10 == 7) ? 3 : 0;
    ++load.type_counts[kind];
  }
  load.batches.resize(o.clients);
  for (std::size_t c = 0; c < o.clients; ++c) {
    std::vector<std::uint32_t> order;
    for (std::size_t k = 0; k < rounds; ++k)
      for (std::size_t i = c; i < n; i += o.clients)
        if (k * n + i < load.total) order.push_back(static_cast<std::uint32_t>(k * n + i));
    for (std::size_t start = 0; start < order.size(); start += o.batch) {
      Batch b;
      b.body = "[";
      for (std::size_t j = start; j < std::min(order.size(), start + o.batch); ++j) {
        if (j != start) b.body += ',';
        b.body += fmt::format(R"({{"jsonrpc":"2.0","id":{},"method":"flux_sendTransaction","params":{}}})",
                              j - start, wire[order[j]]);
        b.txs.push_back(order[j]);
      }
      b.body += "]";
      load.batches[c].push_back(std::move(b));
    }
  }
  return load;
}

// --- HTTP/1.1 client: one keep-alive connection, blocking ---------------------------

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}
  ~HttpClient() { close_socket(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POST / with a JSON body; returns the response body. Throws on a transport error
  // or a status other than 200.
  std::string post(std::string_view body) { return request("POST", "/", body); }
  std::string get(std::string_view path) { return request("GET", path, {}); }
  // Whether a connection could be made (the node answers).
  bool try_connect() {
    if (fd_ >= 0) return true;
    return open_socket();
  }

 private:
  std::string request(std::string_view method, std::string_view path, std::string_view body) {
    if (fd_ < 0 && !open_socket()) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port_));
    std::string head = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
    if (method == "POST")
      head += fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n", body.size());
    head += "\r\n";
    head.append(body);
    send_all(head);
    return read_response();
  }

  bool open_socket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      close_socket();
      return false;
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
  }
  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }
  void send_all(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close_socket();
        throw std::runtime_error(std::string("send: ") + std::strerror(errno));
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  void fill() {
    char chunk[65536];
    for (;;) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close_socket();
        throw std::runtime_error(n == 0 ? "the node closed the connection" : std::string("recv: ") + std::strerror(errno));
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return;
    }
  }
  std::string read_response() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) fill();
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    const std::size_t sp = head.find(' ');
    const int status = sp == std::string::npos ? 0 : std::atoi(head.c_str() + sp + 1);
    std::size_t length = 0;
    bool close_after = false;
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      const std::size_t next = head.find("\r\n", pos + 2);
      std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      std::string lower = line;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
      if (lower.rfind("content-length:", 0) == 0) length = std::strtoull(line.c_str() + 15, nullptr, 10);
      if (lower.rfind("connection:", 0) == 0 && lower.find("close") != std::string::npos) close_after = true;
      if (lower.rfind("transfer-encoding:", 0) == 0) throw std::runtime_error("chunked responses are not supported");
      pos = next;
    }
    while (buffer_.size() < length) fill();
    std::string body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    if (close_after) close_socket();  // the server's connection_requests_max: reconnect next time
    if (status != 200) throw std::runtime_error("HTTP " + std::to_string(status) + ": " + body);
    return body;
  }

  std::uint16_t port_;
  int fd_ = -1;
  std::string buffer_;
};

// --- The node as a child process ---------------------------------------------------

struct NodeProcess {
  pid_t pid = -1;
  std::uint16_t port = 0;
  std::string opened_line;  // "fluxd: chain ... opened in X s from ..."
  FILE* out = nullptr;
  std::thread drain;

  void start(const std::string& fluxd, const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe(fds) != 0) die("pipe failed");
    pid = ::fork();
    if (pid < 0) die("fork failed");
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive the bench
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(fluxd.c_str()));
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(fluxd.c_str(), argv.data());
      std::fprintf(stderr, "flux_node_bench: cannot exec %s: %s\n", fluxd.c_str(), std::strerror(errno));
      std::_Exit(127);
    }
    ::close(fds[1]);
    out = ::fdopen(fds[0], "r");
    char line[4096];
    while (std::fgets(line, sizeof line, out) != nullptr) {
      const std::string text(line);
      if (text.find("opened in") != std::string::npos) opened_line = text.substr(0, text.size() - 1);
      const std::size_t at = text.find("JSON-RPC on http://127.0.0.1:");
      if (at != std::string::npos) {
        port = static_cast<std::uint16_t>(std::atoi(text.c_str() + at + std::strlen("JSON-RPC on http://127.0.0.1:")));
        break;
      }
    }
    if (port == 0) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      die("fluxd exited before serving RPC (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
    }
    drain = std::thread([this] {
      char rest[4096];
      while (std::fgets(rest, sizeof rest, out) != nullptr) fmt::print("  [fluxd] {}", rest);
    });
  }

  // SIGTERM and wait; returns the exit status and the seconds it took.
  std::pair<int, double> stop() {
    const auto t0 = Clock::now();
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const double s = seconds_since(t0);
    if (drain.joinable()) drain.join();
    if (out) std::fclose(out);
    out = nullptr;
    pid = -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), s};
  }
  ~NodeProcess() {
    if (pid > 0) stop();
  }
};

json rpc_call(HttpClient& http, const std::string& method, const json& params = nullptr) {
  json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}};
  if (!params.is_null()) request["params"] = params;
  const json response = json::parse(http.post(request.dump()));
  if (response.contains("error")) throw std::runtime_error(method + ": " + response["error"].dump());
  return response["result"];
}

// A Prometheus sample's value (the first line starting with `name`), or -1.
double metric(const std::string& text, const std::string& name) {
  std::size_t pos = 0;
  while ((pos = text.find(name, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      const std::size_t sp = text.find(' ', pos);
      return std::strtod(text.c_str() + sp + 1, nullptr);
    }
    pos += name.size();
  }
  return -1;
}

// --- The run ---------------------------------------------------------------------

struct TxRecord {
  double due = 0;      // seconds since the run's start: when the open-loop schedule sent it
  double sent = 0;     // when its batch was actually written
  double received = 0; // when a client first held its committed receipt
  std::uint64_t block = 0;
  bool ok = false;
  bool done = false;
};

struct ClientShared {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::uint32_t> waiting;  // sent, no receipt yet, in send order
  std::size_t in_flight = 0;
  bool sender_done = false;
};

struct RunResult {
  double seconds = 0;  // first send -> last receipt
  double send_seconds = 0;
  std::size_t committed = 0, failed = 0, rejected = 0;
  std::vector<TxRecord> records;
  std::size_t wait_calls = 0, receipt_calls = 0;
  double send_lag_max = 0;
  std::string first_error;
};

std::string receipt_batch(const Load& load, const std::vector<std::uint32_t>& txs) {
  std::string body = "[";
  for (std::size_t j = 0; j < txs.size(); ++j) {
    if (j) body += ',';
    body += fmt::format(R"({{"jsonrpc":"2.0","id":{},"method":"flux_getTransactionReceipt","params":{{"hash":"{}"}}}})",
                        j, load.hashes[txs[j]].hex());
  }
  return body + "]";
}

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
        if (!response.is_array() || response.size() != b.txs.size()) throw std::runtime_error("bad batch response: " + response.dump().substr(0, 300));
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
          json w = json::parse(http.post(json{{"jsonrpc", "2.0"}, {"id", 0}, {"method", "flux_waitForReceipt"},
                                              {"params", params}}.dump()));
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
          s.waiting.erase(std::remove_if(s.waiting.begin(), s.waiting.begin() + static_cast<std::ptrdiff_t>(front.size()),
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

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const std::size_t idx = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(idx), v.end());
  return v[idx];
}

// CPU seconds (user + system) a process has used, from /proc/PID/stat.
double process_cpu_seconds(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::vector<std::string> fields;
  std::size_t pos = close + 2;
  while (pos < text.size()) {
    const std::size_t sp = text.find(' ', pos);
    fields.push_back(text.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
    if (sp == std::string::npos) break;
    pos = sp + 1;
  }
  if (fields.size() < 13) return 0;  // fields[11], [12]: utime, stime (the 14th and 15th of the line)
  return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// CPU seconds every core of the machine has spent busy (not idle or waiting for I/O).
double machine_busy_cpu_seconds() {
  std::ifstream f("/proc/stat");
  std::string label;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  f >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return (user + nice + system + irq + softirq + steal) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double self_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::uintmax_t dir_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

std::string thousands(double v, int decimals = 0) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  const std::size_t dot = s.find('.');
  std::size_t end = dot == std::string::npos ? s.size() : dot;
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(end) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string default_fluxd() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "fluxd";
  return (self.parent_path().parent_path() / "fluxd").string();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"flux_node_bench: end-to-end node benchmark (signed transactions over JSON-RPC, durable commits)"};
  app.add_option("--fluxd", o.fluxd, "The fluxd executable (default: the build dir's, next to bench/)");
  app.add_option("--data", o.data_dir, "Data directory (must not exist; default: a fresh one under $FLUX_BENCH_DIR or the temp dir)");
  app.add_flag("--keep-data", o.keep_data, "Keep the data directory afterwards");
  app.add_option("--accounts", o.accounts, "Funded accounts")->check(CLI::Range(2, 10'000'000))->capture_default_str();
  app.add_option("--transactions", o.transactions, "Transactions to send")->check(CLI::Range(1, 100'000'000))->capture_default_str();
  app.add_option("--clients", o.clients, "Concurrent clients (each a sender and a receipt connection)")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--batch", o.batch, "JSON-RPC calls per batch (the node allows 100)")->check(CLI::Range(1, 100))->capture_default_str();
  app.add_option("--rate", o.rate, "Offered load in tx/s, all clients together (0: as fast as the node admits)")->capture_default_str();
  app.add_option("--window", o.window, "Transactions sent without a receipt yet, at most (all clients)")->capture_default_str();
  app.add_option("--block-interval-ms", o.block_interval_ms, "fluxd --block-interval-ms")->check(CLI::Range(10, 60'000))->capture_default_str();
  app.add_option("--block-transactions-max", o.block_transactions_max, "fluxd --block-transactions-max")->capture_default_str();
  app.add_option("--rpc-threads", o.rpc_threads, "fluxd --rpc-threads (0: max(8, 2 * clients + 2))")->capture_default_str();
  app.add_option("--sign-threads", o.sign_threads, "Threads pre-signing (before timing)")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--verify-samples", o.verify_samples, "Signatures to verify in the signature benchmark")->capture_default_str();
  app.add_flag("--restart", o.restart, "After the run: SIGTERM the node, restart it on the same data and time it");
  CLI11_PARSE(app, argc, argv);
  for (int i = 0; i < argc; ++i) o.command_line += (i ? " " : "") + std::string(argv[i]);
  if (o.fluxd.empty()) o.fluxd = default_fluxd();
  if (!fs::exists(o.fluxd)) die("no fluxd at " + o.fluxd + " (give --fluxd PATH)");
  if (o.rpc_threads == 0) o.rpc_threads = std::max<std::size_t>(8, 2 * o.clients + 2);
  o.verify_samples = std::min(o.verify_samples, o.transactions);

  fs::path data = o.data_dir;
  if (data.empty()) {
    const char* base = std::getenv("FLUX_BENCH_DIR");
    data = fs::path(base ? base : fs::temp_directory_path().string()) / ("flux-node-bench-" + std::to_string(::getpid()));
  }
  if (fs::exists(data)) die(data.string() + " exists; give a new --data directory");
  fs::create_directories(data / "..");
  const fs::path genesis_file = data.string() + ".genesis.toml";

  // 1. Accounts, genesis and every transaction, signed, before anything is timed.
  fmt::print("flux_node_bench: {} accounts, {} transactions, pre-signing on {} threads...\n", o.accounts,
             o.transactions, o.sign_threads);
  std::fflush(stdout);
  auto t_sign = Clock::now();
  const Accounts accounts = make_accounts(o.accounts, o.sign_threads);
  {
    std::ofstream f(genesis_file);
    f << genesis_toml(accounts, o.block_interval_ms);
  }
  Load load = make_load(accounts, o);
  fmt::print("  signed in {:.1f} s\n", seconds_since(t_sign));

  // 2. Signature verification on one core, while nothing else of ours runs.
  double verify_per_s = 0, recover_per_s = 0;
  {
    std::vector<crypto::Hash32> digests;
    for (const auto& tx : load.samples) digests.push_back(node::transaction_hash(tx, kChainId));
    auto t = Clock::now();
    std::size_t good = 0;
    for (const auto& tx : load.samples) good += node::Chain::verify_signature(tx, kChainId).ok() ? 1 : 0;
    verify_per_s = static_cast<double>(load.samples.size()) / seconds_since(t);
    if (good != load.samples.size()) die("a pre-signed transaction does not verify");
    t = Clock::now();
    for (std::size_t j = 0; j < digests.size(); ++j)
      good += crypto::recover_address(digests[j], load.samples[j].signature.view()).ok() ? 1 : 0;
    recover_per_s = static_cast<double>(digests.size()) / seconds_since(t);
    fmt::print("  signature verification, one core: {:.0f}/s (EIP-712 digest + ecrecover), {:.0f}/s (ecrecover alone)\n",
               verify_per_s, recover_per_s);
  }

  // 3. The node.
  const std::vector<std::string> node_args = {
      "--genesis", genesis_file.string(), "--data", data.string(), "--rpc-port", "0",
      "--block-interval-ms", std::to_string(o.block_interval_ms),
      "--block-transactions-max", std::to_string(o.block_transactions_max),
      "--rpc-threads", std::to_string(o.rpc_threads)};
  NodeProcess node;
  node.start(o.fluxd, node_args);
  fmt::print("  fluxd pid {} on port {}: {}\n", node.pid, node.port, node.opened_line);
  HttpClient control(node.port);
  const std::uint64_t start_height = rpc_call(control, "flux_blockNumber").get<std::uint64_t>();

  // 4. The load.
  fmt::print("  sending: {} clients, batches of {}, offered {} ...\n", o.clients, o.batch,
             o.rate > 0 ? thousands(o.rate) + " tx/s" : std::string("as fast as admitted"));
  std::fflush(stdout);
  const double machine_cpu0 = machine_busy_cpu_seconds();
  const double node_cpu0 = process_cpu_seconds(node.pid), bench_cpu0 = self_cpu_seconds();
  const auto run_started = Clock::now();
  RunResult r = run_load(load, o, node.port);
  const double wall = seconds_since(run_started);
  const double node_cpu = process_cpu_seconds(node.pid) - node_cpu0, bench_cpu = self_cpu_seconds() - bench_cpu0;
  // CPU the rest of the machine used meanwhile (other builds, tests): it competes
  // with the node and the clients, so the figures are only as good as this is small.
  const double other_cpu = std::max(0.0, machine_busy_cpu_seconds() - machine_cpu0 - node_cpu - bench_cpu);
  HttpClient after(node.port);  // the first connection may have idled out (30 s) during the run
  const std::uint64_t end_height = rpc_call(after, "flux_blockNumber").get<std::uint64_t>();
  const std::string metrics_text = after.get("/metrics");
  const double node_failed = metric(metrics_text, "flux_node_transactions_total{status=\"failed\"}");
  const double node_ok = metric(metrics_text, "flux_node_transactions_total{status=\"ok\"}");
  const double commit_sum = metric(metrics_text, "flux_node_commit_seconds_sum");
  const double commit_count = metric(metrics_text, "flux_node_commit_seconds_count");
  if (!r.first_error.empty()) fmt::print(stderr, "  first error: {}\n", r.first_error);

  std::vector<double> latency, latency_sent;
  std::uint64_t first_block = ~0ULL, last_block = 0;
  std::size_t max_per_block = 0;
  std::map<std::uint64_t, std::size_t> per_block;
  for (const TxRecord& t : r.records)
    if (t.done) {
      latency.push_back(t.received - t.due);
      latency_sent.push_back(t.received - t.sent);
      first_block = std::min(first_block, t.block);
      last_block = std::max(last_block, t.block);
      max_per_block = std::max(max_per_block, ++per_block[t.block]);
    }
  const double throughput = static_cast<double>(r.committed) / r.seconds;
  const double p50 = percentile(latency, 0.50), p99 = percentile(latency, 0.99);
  const double lmax = latency.empty() ? 0 : *std::max_element(latency.begin(), latency.end());
  const double p99_sent = percentile(latency_sent, 0.99);
  const bool all_ok = r.committed == load.total && r.failed == 0 && r.rejected == 0 && node_failed == 0;

  // 5. Restart.
  double restart_s = -1, stop_s = 0;
  std::string reopened_line;
  std::uintmax_t data_bytes = 0;
  if (o.restart) {
    const auto [status, stopped] = node.stop();
    stop_s = stopped;
    if (status != 0) die("fluxd exited with status " + std::to_string(status) + " on SIGTERM");
    data_bytes = dir_bytes(data);
    fmt::print("  stopped in {:.2f} s at block {}; data dir {:.1f} MB; restarting...\n", stop_s, end_height,
               static_cast<double>(data_bytes) / 1e6);
    std::fflush(stdout);
    const auto t0 = Clock::now();
    NodeProcess again;
    again.start(o.fluxd, node_args);
    HttpClient probe(again.port);
    std::uint64_t height = 0;
    while (seconds_since(t0) < 600) {
      try {
        height = rpc_call(probe, "flux_blockNumber").get<std::uint64_t>();
        if (height >= end_height) break;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    restart_s = seconds_since(t0);
    reopened_line = again.opened_line;
    if (height < end_height) die("the restarted node is at block " + std::to_string(height));
    again.stop();
  } else {
    node.stop();
    data_bytes = dir_bytes(data);
  }
  if (!o.keep_data) {
    fs::remove_all(data);
    fs::remove(genesis_file);
  }

  // 6. The table.
  fmt::print("\n## flux_node_bench\n\n`{}`\n\n", o.command_line);
  fmt::print("| figure | value | target |\n| --- | ---: | --- |\n");
  fmt::print("| sustained throughput (committed tx/s, first send to last receipt) | **{}** | ≥ 10,000 |\n",
             thousands(throughput));
  fmt::print("| latency, send to committed receipt: p50 / p99 / max | {:.0f} / **{:.0f}** / {:.0f} ms | p99 < 2 intervals ({} ms) |\n",
             p50 * 1000, p99 * 1000, lmax * 1000, 2 * o.block_interval_ms);
  fmt::print("| block interval; transactions per block at most | {} ms; {} | |\n", o.block_interval_ms,
             thousands(static_cast<double>(o.block_transactions_max)));
  fmt::print("| offered load | {} | |\n", o.rate > 0 ? thousands(o.rate) + " tx/s" : std::string("unthrottled"));
  fmt::print("| clients × batch size | {} × {} calls (sendTransaction; getTransactionReceipt, + 1 waitForReceipt when pending) | |\n",
             o.clients, o.batch);
  fmt::print("| transactions (TransferAsset / Mint / RedeemUnderlying / Transfer), accounts | {} ({} / {} / {} / {}), {} | all ok |\n",
             thousands(static_cast<double>(load.total)), load.type_counts[0], load.type_counts[1], load.type_counts[2],
             load.type_counts[3], thousands(static_cast<double>(o.accounts)));
  fmt::print("| committed ok / failed / rejected | {} / {} / {} | {} / 0 / 0 |\n", r.committed - r.failed, r.failed,
             r.rejected, load.total);
  fmt::print("| blocks with transactions; most in one block; mean produce+commit | {}; {}; {:.0f} ms | |\n",
             per_block.size(), thousands(static_cast<double>(max_per_block)),
             commit_count > 0 ? commit_sum / commit_count * 1000 : 0.0);
  fmt::print("| CPU per transaction: fluxd / this load generator | {:.0f} / {:.0f} µs ({:.2f} / {:.2f} cores over the run) | |\n",
             node_cpu / static_cast<double>(load.total) * 1e6, bench_cpu / static_cast<double>(load.total) * 1e6,
             node_cpu / wall, bench_cpu / wall);
  fmt::print("| other processes on the machine during the run | {:.2f} cores | ~0 |\n", other_cpu / wall);
  fmt::print("| signature verification, one core (EIP-712 digest + ecrecover) | {} /s | |\n", thousands(verify_per_s));
  fmt::print("| ecrecover alone, one core | {} /s | |\n", thousands(recover_per_s));
  if (o.restart)
    fmt::print("| restart (exec to RPC answering at block {}), {} committed txs | **{:.2f} s** | < 10 s |\n", end_height,
               thousands(node_ok + node_failed), restart_s);
  fmt::print("| data directory | {:.0f} MB | |\n", static_cast<double>(data_bytes) / 1e6);
  fmt::print("\nmore: p99 from the actual send {:.0f} ms; send lag behind schedule at most {:.0f} ms; sending took "
             "{:.1f} s, all receipts {:.1f} s; blocks {}..{} (run from {} to {}); {} receipt batches, {} waits",
             p99_sent * 1000, r.send_lag_max * 1000, r.send_seconds, r.seconds, first_block, last_block, start_height,
             end_height, r.receipt_calls, r.wait_calls);
  fmt::print("; other processes used {:.2f} cores meanwhile", other_cpu / wall);
  if (o.restart) fmt::print("; stop took {:.2f} s; the restarted node says: {}", stop_s, reopened_line);
  fmt::print("\n");
  if (o.rate <= 0)
    fmt::print("note: unthrottled, up to --window {} transactions wait at once, so latency measures that queue; "
               "give --rate below the node's capacity to measure latency\n",
               o.window);
  if (!all_ok) {
    fmt::print(stderr, "flux_node_bench: NOT every transaction committed ok (committed {}, failed {}, rejected {}; node: {} failed)\n",
               r.committed, r.failed, r.rejected, node_failed);
    return 1;
  }
  return 0;
}
