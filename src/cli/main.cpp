// flux: the command-line entry point.
//   flux replay PATH...              replay scenarios and check every expectation
//   flux replay --markets [PATH...]  replay scenarios (default: the bundled ones) and show their markets
//   flux keys ...                    the keystore (keys_command.hpp)
//   flux markets | account | supply | borrow | admin ...   a running node (node_commands.hpp)
//   flux fuzz --seed S --ops N       the seeded whole-node simulator (fuzz_command.hpp)
#include "cli/errors.hpp"
#include "cli/fuzz_command.hpp"
#include "cli/gov_commands.hpp"
#include "cli/keys_command.hpp"
#include "cli/node_commands.hpp"
#include "cli/replay_command.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace flux::cli;
  CLI::App app{"Flux: an over-collateralized lending protocol engine, and the client of its node fluxd"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand

  GlobalOptions globals;
  const char* env_rpc = std::getenv("FLUX_RPC");
  globals.rpc = env_rpc != nullptr && *env_rpc != '\0' ? env_rpc : "http://127.0.0.1:8545";
  app.add_option("--rpc", globals.rpc, "The node's JSON-RPC URL (else $FLUX_RPC, else http://127.0.0.1:8545)");
  app.add_flag("--json", globals.json, "Print the node's JSON result instead of tables");
  app.add_option("--keystore", globals.keys.keystore, "Keystore folder (else $FLUX_KEYSTORE, else ~/.flux/keystore)");
  app.add_option("--password-file", globals.keys.password_file,
                 "Read the keystore password from the first line of this file (else $FLUX_PASSWORD, else a prompt)");

  ReplayFlags flags;
  std::vector<std::string> replay_paths;
  bool replay_markets = false;
  bool no_invariants = false;
  auto* replay = app.add_subcommand("replay", "Replay scenario files or folders and check every expectation");
  replay->add_option("paths", replay_paths, "Scenario files, or folders of *.json scenarios");
  replay->add_flag("--dump", flags.dump, "Print the full state after each step as JSON lines");
  replay->add_flag("--json", flags.json, "Print a machine-readable summary");
  replay->add_flag("--no-invariants", no_invariants, "Skip the invariant checks after each step");
  replay->add_flag("--markets", replay_markets,
                   "Print the markets each scenario ends with, as tables (default: the bundled scenarios)");

  Commands commands;
  add_keys_commands(app, globals, commands);
  add_node_commands(app, globals, commands);
  add_gov_commands(app, globals, commands);
  add_fuzz_command(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : exit_usage;
  }
  if (*replay) {
    if (replay_markets) return run_markets(replay_paths);
    if (replay_paths.empty()) {
      std::cerr << "flux replay: name scenario files or folders (or --markets for the bundled scenarios' markets)\n";
      return exit_usage;
    }
    flags.invariants = !no_invariants;
    return run_replay(replay_paths, flags);
  }
  for (const Command& c : commands) {
    if (!c.app->parsed()) continue;
    try {
      return c.run();
    } catch (const CliError& e) {
      std::cerr << "flux: " << e.what() << "\n";
      return e.exit_code;
    } catch (const nlohmann::json::exception& e) {
      std::cerr << "flux: the node's answer is not what docs/rpc.md describes: " << e.what() << "\n";
      return exit_unreachable;
    } catch (const std::exception& e) {
      std::cerr << "flux: " << e.what() << "\n";
      return exit_failed;
    }
  }
  std::cerr << app.help();
  return exit_usage;
}
