#include "scenario/replay.hpp"

#include "scenario/state_json.hpp"

namespace flux::scenario {
namespace {

using json = nlohmann::json;

// Expected values are compared as integers, so "007" and 7 both mean 7.
std::string normalized(const json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (auto n = parse_u256(v.get<std::string>())) return to_string(*n);
  return v.get<std::string>();
}

void compare_fields(const json& expected, const json& actual, const std::string& prefix, const Step& step,
                    std::vector<Mismatch>& out) {
  for (const auto& [key, value] : expected.items()) {
    const std::string field = prefix + key;
    if (value.is_object()) {
      compare_fields(value, actual.at(key), field + ".", step, out);
      continue;
    }
    const std::string want = normalized(value);
    const std::string got = actual.at(key).get<std::string>();
    if (want != got) out.push_back({step.index, step.op, field, want, got});
  }
}

std::vector<Mismatch> check_step(const Step& step, const Outcome& outcome, const State& state) {
  std::vector<Mismatch> out;
  const json& e = step.expect;
  const bool want_ok = !e.is_object() || !e.contains("ok") || e.at("ok").get<bool>();
  if (want_ok != outcome.ok()) {
    out.push_back({step.index, step.op, "ok", want_ok ? "true" : "false",
                   outcome.ok() ? "true" : "false (" + std::string(error_name(outcome.error)) + ")"});
    return out;
  }
  if (!e.is_object()) return out;
  if (!want_ok && e.contains("error") && e.at("error").get<std::string>() != error_name(outcome.error))
    out.push_back({step.index, step.op, "error", e.at("error").get<std::string>(), std::string(error_name(outcome.error))});
  if (e.contains("markets"))
    for (const auto& [symbol, fields] : e.at("markets").items())
      compare_fields(fields, market_json(state, *state.market_by_symbol(symbol)), "markets." + symbol + ".", step,
                     out);
  if (e.contains("accounts"))
    for (const auto& [name, fields] : e.at("accounts").items()) {
      const auto id = state.find_account(name);
      const json actual = account_json(state, *id);
      compare_fields(fields, actual, "accounts." + name + ".", step, out);
    }
  return out;
}

}  // namespace

ReplayResult replay(const Scenario& scenario, const ReplayOptions& options) {
  ReplayResult result;
  result.name = scenario.name;
  State state = scenario.initial;
  for (const Step& step : scenario.steps) {
    Outcome outcome;
    if (step.request) {
      if (options.check_invariants) {
        const State before = state;
        outcome = apply(state, step.block, *step.request);
        result.violations = check_invariants(before, state, *step.request, outcome);
      } else {
        outcome = apply(state, step.block, *step.request);
      }
    }
    ++result.steps_run;
    if (options.after_step) options.after_step(step, outcome, state);
    if (!result.violations.empty()) {
      result.violation_step = step.index;
      break;
    }
    result.mismatches = check_step(step, outcome, state);
    if (!result.mismatches.empty()) break;
  }
  result.final_state = std::move(state);
  return result;
}

}  // namespace flux::scenario
