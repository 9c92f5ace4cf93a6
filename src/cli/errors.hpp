// How the flux command fails: one exception type carrying the exit code, caught in
// main, which prints its one-line message on stderr.
//
// Exit codes of every node command:
//   0  ok
//   1  the transaction failed in its block, was rejected at admission, or the node
//      answered a query with an error (no such market, account, block...)
//   2  bad usage or input (unknown option, bad amount, unknown market or key name)
//   3  the node is unreachable (connection refused, timeout, not a JSON-RPC answer)
#pragma once

#include <stdexcept>
#include <string>

namespace flux::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_unreachable = 3;

struct CliError : std::runtime_error {
  CliError(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
  int exit_code;
};

inline CliError usage_error(const std::string& message) { return CliError(exit_usage, message); }
inline CliError failed(const std::string& message) { return CliError(exit_failed, message); }

}  // namespace flux::cli
