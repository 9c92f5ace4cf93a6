// What the process-level node tests share: a real `fluxd` child process (started on a
// scratch directory with --rpc-port 0, its port read from what it prints, killed if a
// test fails), JSON-RPC calls to it on fresh connections, the dev chain's accounts
// and keys, and signed wire transactions built from JSON messages.
//
// The fluxd executable is FLUX_FLUXD (a compile definition: the target's file).
#pragma once

#include "crypto/secp256k1.hpp"
#include "test_client.hpp"

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flux::fluxd::test {

using nlohmann::json;

inline constexpr std::uint64_t kDevChainId = 31337;

// A dev.toml account (the public Hardhat keys).
struct DevAccount {
  const char* name;
  const char* address;  // EIP-55, as dev.toml writes it
  const char* key;      // 0x + 64 hex digits
  crypto::PrivateKey private_key() const;
  std::string lower() const;  // lowercase, as results give addresses
};
const std::vector<DevAccount>& dev_accounts();
const DevAccount& dev(const std::string& name);  // "admin", "oracle", "alice", ... (throws if unknown)

// A fresh directory under the system temp dir, named after the running test and the
// process, removed when the object goes away (unless FLUX_KEEP_TEST_DIRS is set).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path data() const { return path_ / "data"; }

 private:
  std::filesystem::path path_;
};

// How a child process ended (waitpid's status, decoded).
struct ExitStatus {
  bool exited = false;  // exited on its own: code is valid
  int code = -1;
  int signal = 0;  // killed by this signal
  std::string describe() const;
};

// Runs `fluxd ARGS...` to completion (e.g. "verify"), stdout and stderr captured
// together; killed (and the test failed) after `timeout`.
struct RunResult {
  ExitStatus status;
  std::string output;
};
RunResult run_fluxd(const std::vector<std::string>& args, std::chrono::seconds timeout = std::chrono::seconds(300));

struct NodeOptions {
  std::uint64_t block_interval_ms = 100;
  std::uint16_t rpc_port = 0;  // 0: any free port
  std::vector<std::string> extra_args;
  // false: return at once after starting the process (to kill it while it starts).
  bool wait_until_serving = true;
  // Non-empty: `--genesis FILE` instead of `--dev` (last, for the aggregate initializers).
  std::string genesis_file;
};

// One `fluxd --dev` process. The destructor SIGKILLs it if it still runs, so a
// failing test (an ASSERT returning early, an exception) never leaves a node behind.
class FluxdProcess {
 public:
  // Starts fluxd on `data_dir` and waits (up to `startup_timeout`) for the line
  // "JSON-RPC on http://127.0.0.1:PORT/". If fluxd exits first, or the line does not
  // come, started() is false and output() tells why.
  FluxdProcess(const std::filesystem::path& data_dir, const std::filesystem::path& log_dir, NodeOptions options = {},
               std::chrono::seconds startup_timeout = std::chrono::seconds(60));
  ~FluxdProcess();
  FluxdProcess(const FluxdProcess&) = delete;
  FluxdProcess& operator=(const FluxdProcess&) = delete;

  bool started() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // From the startup line "fluxd: chain C at block N (state hash H), ...".
  std::uint64_t start_block() const { return start_block_; }
  const std::string& start_state_hash() const { return start_state_hash_; }

  bool running() const { return pid_ > 0; }
  // Sends `signal` and waits for the process to end (SIGKILL after `timeout`, which
  // fails the test).
  ExitStatus stop(int signal, std::chrono::seconds timeout = std::chrono::seconds(60));
  // Waits for it to exit on its own within `timeout`; nullopt if it still runs. Once
  // it has ended (also during the constructor), how it ended.
  std::optional<ExitStatus> wait_exit(std::chrono::milliseconds timeout);
  // Everything it printed so far: stdout, then stderr.
  std::string output() const;
  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::uint64_t start_block_ = 0;
  std::string start_state_hash_;
  std::optional<ExitStatus> exit_status_;
  std::filesystem::path stdout_path_, stderr_path_;
};

// ---- JSON-RPC on fresh connections (a case may make the server close its own) ----

// One call: the whole response object ({"result"} or {"error"}). Throws when the
// server does not answer 200 with JSON.
json rpc_call(std::uint16_t port, const std::string& method, const json& params = nullptr);
// The result of a call that must succeed; throws with the error otherwise.
json rpc_result(std::uint16_t port, const std::string& method, const json& params = nullptr);
// POST / with these exact bytes; the raw HTTP response.
rpc::test::Response post_raw(std::uint16_t port, const std::string& body,
                             const std::string& content_type = "application/json");
// The error code of a response object, or 0 when it has none.
int error_code(const json& response);

// The latest block's header state hash and number.
struct Head {
  std::uint64_t number = 0;
  std::string state_hash;
};
Head head(std::uint16_t port);
// Waits until the chain is at least at block `number`.
void wait_for_block(std::uint16_t port, std::uint64_t number, std::chrono::seconds timeout = std::chrono::seconds(30));

// ---- Transactions ----

// The wire transaction {"type","message","signature"} for `message` (every field of
// the type, JSON as a client writes it), signed by `key` for `chain_id`. Throws if
// the message does not parse as that type.
json signed_transaction(const std::string& type, const json& message, const crypto::PrivateKey& key,
                        std::uint64_t chain_id = kDevChainId);
// flux_getNonce's "next" for an address.
std::uint64_t next_nonce(std::uint16_t port, const std::string& address);

// ---- /metrics ----

std::string metrics_text(std::uint16_t port);
// The value of the sample written exactly as `series` (name{label="v"}); 0 if absent.
double metric(const std::string& text, const std::string& series);

}  // namespace flux::fluxd::test
