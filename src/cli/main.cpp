// flux: the command-line entry point.
//   flux                      same as `flux markets`
//   flux markets [PATH...]    replay scenarios (default: the bundled ones) and show their markets
//   flux replay PATH...       replay scenarios and check every expectation
#include "cli/replay_command.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"Flux: an over-collateralized lending protocol engine"};
  app.require_subcommand(0, 1);

  flux::cli::ReplayFlags flags;
  std::vector<std::string> replay_paths;
  auto* replay = app.add_subcommand("replay", "Replay scenario files or folders and check every expectation");
  replay->add_option("paths", replay_paths, "Scenario files, or folders of *.json scenarios")->required();
  replay->add_flag("--dump", flags.dump, "Print the full state after each step as JSON lines");
  replay->add_flag("--json", flags.json, "Print a machine-readable summary");
  bool no_invariants = false;
  replay->add_flag("--no-invariants", no_invariants, "Skip the invariant checks after each step");

  std::vector<std::string> market_paths;
  auto* markets = app.add_subcommand("markets", "Replay scenarios and print the markets they end with");
  markets->add_option("paths", market_paths, "Scenario files or folders (default: the bundled scenarios)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*replay) {
    flags.invariants = !no_invariants;
    return flux::cli::run_replay(replay_paths, flags);
  }
  return flux::cli::run_markets(market_paths);
}
