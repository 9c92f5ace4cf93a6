#include "bench/node_bench/node_process.hpp"

#include "bench/node_bench/options.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace flux::bench {

using json = nlohmann::json;
namespace fs = std::filesystem;

void NodeProcess::start(const std::string& fluxd, const std::vector<std::string>& args) {
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
std::pair<int, double> NodeProcess::stop() {
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

std::string default_fluxd() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "fluxd";
  return (self.parent_path().parent_path() / "fluxd").string();
}

json rpc_call(HttpClient& http, const std::string& method, const json& params) {
  json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}};
  if (!params.is_null()) request["params"] = params;
  const json response = json::parse(http.post(request.dump()));
  if (response.contains("error")) throw std::runtime_error(method + ": " + response["error"].dump());
  return response["result"];
}

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

}  // namespace flux::bench
