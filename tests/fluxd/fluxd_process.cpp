#include "fluxd_process.hpp"

#include "cli/dev_accounts.hpp"

#include "crypto/address.hpp"
#include "node/transaction.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef FLUX_FLUXD
#error "FLUX_FLUXD must name the fluxd executable"
#endif

namespace flux::fluxd::test {
namespace {

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

ExitStatus decode(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) {
    s.exited = true;
    s.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
  }
  return s;
}

// fork + exec with stdout and stderr sent to files. Everything the child needs is
// prepared before fork: the parent may have other threads (the crash test's clients),
// so the child calls only async-signal-safe functions before exec.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& out_path,
            const std::filesystem::path& err_path) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = out_path == err_path ? out : ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0 || err < 0) throw std::runtime_error("cannot create " + out_path.string());
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Die with the test process, even when ctest kills it on a timeout.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::close_range(3, ~0U, 0);  // no test socket or file leaks into the node
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out);
  if (err != out) ::close(err);
  return pid;
}

std::optional<ExitStatus> try_wait(pid_t pid) {
  int status = 0;
  const pid_t r = ::waitpid(pid, &status, WNOHANG);
  if (r == pid) return decode(status);
  return std::nullopt;
}

ExitStatus wait_blocking(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return decode(status);
}

std::string test_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "no-test";
  for (char& c : name)
    if (c == '/') c = '_';
  return name;
}

}  // namespace

// ---- Accounts ----

crypto::PrivateKey DevAccount::private_key() const { return crypto::PrivateKey::from_hex(key).value(); }

std::string DevAccount::lower() const { return crypto::parse_address(address).value().hex(); }

// The CLI's list (src/cli/dev_accounts.cpp) is the one copy of config/dev.toml's keys
// in code; its views point at string literals, so .data() is NUL-terminated.
const std::vector<DevAccount>& dev_accounts() {
  static const std::vector<DevAccount> accounts = [] {
    std::vector<DevAccount> out;
    for (const cli::DevAccount& a : cli::dev_accounts())
      out.push_back({a.name.data(), a.address.data(), a.private_key.data()});
    return out;
  }();
  return accounts;
}

const DevAccount& dev(const std::string& name) {
  for (const DevAccount& a : dev_accounts())
    if (name == a.name) return a;
  throw std::invalid_argument("no dev account " + name);
}

// ---- Scratch directories ----

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("fluxd-" + test_name() + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  if (std::getenv("FLUX_KEEP_TEST_DIRS") != nullptr) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

// ---- Processes ----

std::string ExitStatus::describe() const {
  if (exited) return "exit code " + std::to_string(code);
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "unknown status";
}

RunResult run_fluxd(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  static std::atomic<int> counter{0};
  const auto log = std::filesystem::temp_directory_path() /
                   ("fluxd-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".log");
  std::vector<std::string> all{FLUX_FLUXD};
  all.insert(all.end(), args.begin(), args.end());
  const pid_t pid = spawn(all, log, log);
  RunResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto done = try_wait(pid)) {
      result.status = *done;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      result.status = wait_blocking(pid);
      ADD_FAILURE() << "fluxd did not finish within " << timeout.count() << " s";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  result.output = read_whole(log);
  std::error_code ec;
  std::filesystem::remove(log, ec);
  return result;
}

FluxdProcess::FluxdProcess(const std::filesystem::path& data_dir, const std::filesystem::path& log_dir,
                           NodeOptions options, std::chrono::seconds startup_timeout) {
  static std::atomic<int> counter{0};
  const std::string n = std::to_string(counter++);
  stdout_path_ = log_dir / ("fluxd-" + n + ".stdout");
  stderr_path_ = log_dir / ("fluxd-" + n + ".stderr");
  std::vector<std::string> args{FLUX_FLUXD,
                                "--dev",
                                "--data",
                                data_dir.string(),
                                "--rpc-port",
                                std::to_string(options.rpc_port),
                                "--block-interval-ms",
                                std::to_string(options.block_interval_ms)};
  if (!options.genesis_file.empty()) {
    args[1] = "--genesis";
    args.insert(args.begin() + 2, options.genesis_file);
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  pid_ = spawn(args, stdout_path_, stderr_path_);
  if (!options.wait_until_serving) return;

  static const std::regex serving(R"(JSON-RPC on http://127\.0\.0\.1:([0-9]+)/)");
  static const std::regex at_block(R"(at block ([0-9]+) \(state hash (0x[0-9a-f]{64})\))");
  const auto deadline = std::chrono::steady_clock::now() + startup_timeout;
  for (;;) {
    const std::string out = read_whole(stdout_path_);
    std::smatch m;
    if (std::regex_search(out, m, serving)) {
      port_ = static_cast<std::uint16_t>(std::stoul(m[1].str()));
      if (std::regex_search(out, m, at_block)) {
        start_block_ = std::stoull(m[1].str());
        start_state_hash_ = m[2].str();
      }
      return;
    }
    if (auto done = try_wait(pid_)) {  // exited before serving: started() is false
      exit_status_ = done;
      pid_ = -1;
      return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "fluxd did not start serving within " << startup_timeout.count() << " s:\n" << output();
      ::kill(pid_, SIGKILL);
      exit_status_ = wait_blocking(pid_);
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

FluxdProcess::~FluxdProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait_blocking(pid_);
  }
}

ExitStatus FluxdProcess::stop(int signal, std::chrono::seconds timeout) {
  if (pid_ <= 0) {
    ADD_FAILURE() << "fluxd is not running";
    return exit_status_.value_or(ExitStatus{});
  }
  ::kill(pid_, signal);
  auto done = wait_exit(timeout);
  if (!done) {
    ADD_FAILURE() << "fluxd did not stop within " << timeout.count() << " s of signal " << signal;
    ::kill(pid_, SIGKILL);
    done = wait_blocking(pid_);
    exit_status_ = done;
    pid_ = -1;
  }
  return *done;
}

std::optional<ExitStatus> FluxdProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_status_;  // reaped already (never waitpid(-1): another child)
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto done = try_wait(pid_)) {
      exit_status_ = done;
      pid_ = -1;
      return done;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string FluxdProcess::stdout_text() const { return read_whole(stdout_path_); }
std::string FluxdProcess::stderr_text() const { return read_whole(stderr_path_); }
std::string FluxdProcess::output() const {
  return "--- fluxd stdout ---\n" + stdout_text() + "--- fluxd stderr ---\n" + stderr_text();
}

// ---- JSON-RPC ----

rpc::test::Response post_raw(std::uint16_t port, const std::string& body, const std::string& content_type) {
  rpc::test::Client client(port);
  return client.post(body, content_type);
}

json rpc_call(std::uint16_t port, const std::string& method, const json& params) {
  json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}};
  if (!params.is_null()) request["params"] = params;
  const rpc::test::Response res = post_raw(port, request.dump());
  if (res.result_int() != 200)
    throw std::runtime_error(method + ": HTTP status " + std::to_string(res.result_int()) + ": " + res.body());
  return json::parse(res.body());
}

json rpc_result(std::uint16_t port, const std::string& method, const json& params) {
  json response = rpc_call(port, method, params);
  if (!response.contains("result"))
    throw std::runtime_error(method + " " + params.dump() + " failed: " + response.dump());
  return response["result"];
}

int error_code(const json& response) {
  if (!response.is_object() || !response.contains("error")) return 0;
  return response["error"].value("code", 0);
}

Head head(std::uint16_t port) {
  const json block = rpc_result(port, "flux_getBlock", {{"number", "latest"}});
  return Head{block["header"]["number"].get<std::uint64_t>(), block["header"]["state_hash"].get<std::string>()};
}

void wait_for_block(std::uint16_t port, std::uint64_t number, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (rpc_result(port, "flux_blockNumber").get<std::uint64_t>() < number) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("block " + std::to_string(number) + " did not come");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// ---- Transactions ----

json signed_transaction(const std::string& type, const json& message, const crypto::PrivateKey& key,
                        std::uint64_t chain_id) {
  // Parse with a placeholder signature to get the typed message, then sign it.
  const json unsigned_wire = {{"type", type}, {"message", message}, {"signature", "0x" + std::string(130, '0')}};
  auto parsed = node::parse_transaction(unsigned_wire);
  if (!parsed) throw std::invalid_argument("signed_transaction: " + parsed.error().detail);
  return node::to_json(node::sign_transaction(parsed->message, chain_id, key));
}

std::uint64_t next_nonce(std::uint16_t port, const std::string& address) {
  return rpc_result(port, "flux_getNonce", {{"address", address}})["next"].get<std::uint64_t>();
}

// ---- Metrics ----

std::string metrics_text(std::uint16_t port) {
  rpc::test::Client client(port);
  const rpc::test::Response res = client.get("/metrics");
  if (res.result_int() != 200) throw std::runtime_error("GET /metrics: " + std::to_string(res.result_int()));
  return res.body();
}

double metric(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  }
  return 0;
}

}  // namespace flux::fluxd::test
