// `flux replay` and `flux markets`: the command-line side of scenario replay.
#pragma once

#include <string>
#include <vector>

namespace flux::cli {

struct ReplayFlags {
  bool dump = false;       // full state after each step, as JSON lines
  bool json = false;       // a machine-readable summary instead of text lines
  bool invariants = true;  // check every invariant after every step
};

// Replays every scenario named (files, or folders searched for *.json). Returns the
// exit code: 0 all passed, 1 some scenario failed, 2 some file was malformed.
int run_replay(const std::vector<std::string>& paths, const ReplayFlags& flags);

// Replays scenarios (the embedded ones when `paths` is empty) and prints the markets
// each ends with as a table. Returns the exit code, as run_replay.
int run_markets(const std::vector<std::string>& paths);

}  // namespace flux::cli
