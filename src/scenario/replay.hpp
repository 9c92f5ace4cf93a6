// Replaying a scenario against the engine and checking every expectation.
#pragma once

#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "scenario/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace flux::scenario {

// One difference between what a step expected and what the engine did.
struct Mismatch {
  std::size_t step = 0;  // 0-based index in "steps"
  std::string op;
  std::string field;  // e.g. "markets.fUSDC.cash", "ok", "error"
  std::string expected;
  std::string actual;
};

struct ReplayResult {
  std::string name;
  std::size_t steps_run = 0;
  std::vector<Mismatch> mismatches;   // of the first step that differed; replay stops there
  std::vector<Violation> violations;  // invariant violations (replay stops at the first step with any)
  std::size_t violation_step = 0;
  State final_state;
  bool passed() const { return mismatches.empty() && violations.empty(); }
};

struct ReplayOptions {
  bool check_invariants = true;
  // Called after each step with its index, the outcome and the state after it.
  std::function<void(const Step&, const Outcome&, const State&)> after_step;
};

ReplayResult replay(const Scenario& scenario, const ReplayOptions& options = {});

}  // namespace flux::scenario
