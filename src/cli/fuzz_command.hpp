// `flux fuzz`: the seeded whole-node simulator (src/fuzz/simulator.hpp).
//
//   flux fuzz --seed S --ops N [--seeds K [--keep-going]] [--dir D] [--verbose]
//
// Runs seed S (and, with --seeds K, the seeds S..S+K-1 one after another, each from a
// fresh genesis) for N operations each, printing one summary line per seed and, for
// several seeds, a total. The first failure stops everything (with --keep-going,
// that seed only) and prints the seed, the operation index and the block, and the
// command that repeats it exactly. Exit code 0 when every seed ran clean, 1 on a
// failure.
//
// --dir D puts storage in D/seed-S (default: a new directory in /dev/shm when it
// exists, else in the temp folder), removed after a clean run and kept when the seed
// failed. tmpfs keeps the synced writes cheap; a disk's durability is modelled by the
// fault injection.
// Hidden, for the simulator's own test: --inject-violation-at-block K corrupts
// market 0's total supply right after block K, which must be reported at that step.
#pragma once

#include "cli/command.hpp"

namespace flux::cli {

void add_fuzz_command(CLI::App& app, Commands& commands);

}  // namespace flux::cli
