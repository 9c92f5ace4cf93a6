// The pieces every flux subcommand shares: the global options and the table of
// leaf subcommands main() dispatches to after parsing.
#pragma once

#include "cli/identity.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace flux::cli {

struct GlobalOptions {
  std::string rpc;    // --rpc URL, else $FLUX_RPC, else http://127.0.0.1:8545
  bool json = false;  // --json: print the node's raw JSON result
  KeyOptions keys;    // --keystore DIR, --password-file F
};

struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the exit code; may throw CliError
};
using Commands = std::vector<Command>;

}  // namespace flux::cli
