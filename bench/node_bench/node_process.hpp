// fluxd as the benchmark's child process, and JSON-RPC calls to it.
#pragma once

#include "bench/node_bench/http_client.hpp"

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace flux::bench {

struct NodeProcess {
  pid_t pid = -1;
  std::uint16_t port = 0;
  std::string opened_line;  // "fluxd: chain ... opened in X s from ..."
  FILE* out = nullptr;
  std::thread drain;  // echoes what fluxd prints after its start-up lines

  // Runs `fluxd ARGS` (dying with the bench) and returns once it prints its RPC port;
  // dies if fluxd exits first.
  void start(const std::string& fluxd, const std::vector<std::string>& args);
  // SIGTERM and wait; returns the exit status and the seconds it took.
  std::pair<int, double> stop();
  ~NodeProcess() {
    if (pid > 0) stop();
  }
};

// The build directory's fluxd: ../fluxd from this executable.
std::string default_fluxd();

// A call that must succeed: its result (throws with the error otherwise).
nlohmann::json rpc_call(HttpClient& http, const std::string& method, const nlohmann::json& params = nullptr);

// A Prometheus sample's value (the first line starting with `name`), or -1.
double metric(const std::string& text, const std::string& name);

}  // namespace flux::bench
