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

std::vector<Mismatch> check_step(const Scenario& scenario, const Step& step, const Outcome& outcome,
                                 const State& state) {
  std::vector<Mismatch> out;
  // A market a list_market listed must have the id the file was parsed with.
  for (const auto& [symbol, predicted] : scenario.listed_markets) {
    const auto id = state.market_by_symbol(symbol);
    if (id && *id != predicted)
      out.push_back({step.index, step.op, "markets." + symbol, "listed as market " + std::to_string(predicted),
                     "listed as market " + std::to_string(*id) + " (list markets in the order the file names them)"});
  }
  if (!out.empty()) return out;
  const json& e = step.expect;
  const bool want_ok = !e.is_object() || !e.contains("ok") || e.at("ok").get<bool>();
  if (want_ok != outcome.ok()) {
    out.push_back({step.index, step.op, "ok", want_ok ? "true" : "false",
                   outcome.ok() ? "true" : "false (" + std::string(error_name(outcome.error)) + ")"});
    return out;
  }
  if (!e.is_object()) return out;
  if (!want_ok && e.contains("error") && e.at("error").get<std::string>() != error_name(outcome.error))
    out.push_back(
        {step.index, step.op, "error", e.at("error").get<std::string>(), std::string(error_name(outcome.error))});
  if (e.contains("action_error") && e.at("action_error").get<std::string>() != error_name(outcome.action_error))
    out.push_back({step.index, step.op, "action_error", e.at("action_error").get<std::string>(),
                   std::string(error_name(outcome.action_error))});
  if (e.contains("failed_action") && normalized(e.at("failed_action")) != std::to_string(outcome.failed_action))
    out.push_back({step.index, step.op, "failed_action", normalized(e.at("failed_action")),
                   std::to_string(outcome.failed_action)});
  if (e.contains("markets"))
    for (const auto& [symbol, fields] : e.at("markets").items()) {
      const auto id = state.market_by_symbol(symbol);
      if (!id) {
        out.push_back({step.index, step.op, "markets." + symbol, "listed", "not listed"});
        continue;
      }
      compare_fields(fields, market_json(state, *id), "markets." + symbol + ".", step, out);
    }
  if (e.contains("proposals"))
    for (const auto& [id, fields] : e.at("proposals").items()) {
      const std::optional<nlohmann::json> actual = proposal_json(state, std::stoull(id), step.block);
      if (!actual) {
        out.push_back({step.index, step.op, "proposals." + id, "a proposal", "no such proposal"});
        continue;
      }
      compare_fields(fields, *actual, "proposals." + id + ".", step, out);
    }
  if (e.contains("governance")) compare_fields(e.at("governance"), governance_json(state), "governance.", step, out);
  if (e.contains("rewards")) compare_fields(e.at("rewards"), rewards_json(state), "rewards.", step, out);
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
    result.mismatches = check_step(scenario, step, outcome, state);
    if (!result.mismatches.empty()) break;
  }
  result.final_state = std::move(state);
  return result;
}

}  // namespace flux::scenario
