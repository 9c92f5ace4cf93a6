#include "cli/replay_command.hpp"

#include "cli/embedded_scenarios.hpp"
#include "cli/markets_table.hpp"
#include "scenario/protocol_trace.hpp"
#include "scenario/replay.hpp"
#include "scenario/state_json.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace flux::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Files in the order given; a folder contributes the *.json files under it (subfolders
// included), sorted by path.
std::vector<std::string> expand(const std::vector<std::string>& paths, std::vector<std::string>& missing) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(p, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      missing.push_back(p);
    }
  }
  return files;
}

struct Source {
  std::string label;  // file path or embedded file name
  std::string text;   // empty: read `label` from disk
};

std::vector<Source> sources_for(const std::vector<std::string>& paths, int& exit_code) {
  std::vector<Source> out;
  if (paths.empty()) {
    for (const auto& e : embedded_scenarios()) out.push_back({std::string(e.file_name), std::string(e.json)});
    return out;
  }
  std::vector<std::string> missing;
  for (auto& f : expand(paths, missing)) out.push_back({f, ""});
  for (const auto& m : missing) {
    std::cerr << m << ": no such file or folder\n";
    exit_code = 2;
  }
  return out;
}

scenario::Scenario load(const Source& s) {
  if (s.text.empty()) return scenario::load(s.label);
  json doc;
  try {
    doc = json::parse(s.text);
  } catch (const json::parse_error& e) {
    throw scenario::FormatError("", std::string("not valid JSON: ") + e.what());
  }
  return scenario::parse(doc);
}

// A Flux Protocol trace (JSON lines whose first line is a header object), not a
// scenario (docs/flux-protocol.md, "Traces").
bool is_protocol_trace(const Source& s) {
  std::string first;
  if (s.text.empty()) {
    std::ifstream in(s.label);
    std::getline(in, first);
  } else {
    first = s.text.substr(0, s.text.find('\n'));
  }
  const json header = json::parse(first, nullptr, false);
  return header.is_object() && header.value("header", false) == true;
}

// Replays one trace; prints its line (or adds its JSON entry). True if it passed.
bool replay_trace(const Source& source, const ReplayFlags& flags, json& summary) {
  std::ifstream file;
  std::istringstream text(source.text);
  if (source.text.empty()) file.open(source.label);
  std::istream& in = source.text.empty() ? static_cast<std::istream&>(file) : text;
  const auto start = std::chrono::steady_clock::now();
  const scenario::TraceResult r = scenario::replay_protocol_trace(in);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (flags.json) {
    json mismatches = json::array();
    for (const auto& m : r.mismatches)
      mismatches.push_back(
          {{"step", m.step}, {"op", m.call}, {"field", m.field}, {"expected", m.expected}, {"actual", m.actual}});
    summary.push_back({{"file", source.label},
                       {"name", "flux-protocol trace"},
                       {"status", r.passed() ? "pass" : "fail"},
                       {"steps", r.steps},
                       {"reverts", r.reverts},
                       {"fields_compared", r.fields_compared},
                       {"ms", ms},
                       {"state_hash", to_hex(state_hash(r.final_state))},
                       {"mismatches", mismatches}});
    return r.passed();
  }
  std::cout << fmt::format("{} {} (flux-protocol trace): {} steps, {} reverts matched, {} fields compared, {:.1f} ms\n",
                           r.passed() ? "PASS" : "FAIL", source.label, r.steps, r.reverts, r.fields_compared, ms);
  for (const auto& m : r.mismatches)
    std::cout << fmt::format("  step {} ({}): {} expected {} actual {}\n", m.step, m.call, m.field, m.expected,
                             m.actual);
  return r.passed();
}

// How one file came out.
enum class FileOutcome { passed, failed, malformed };

FileOutcome replay_trace_file(const Source& source, const ReplayFlags& flags, json& summary) {
  try {
    return replay_trace(source, flags, summary) ? FileOutcome::passed : FileOutcome::failed;
  } catch (const std::runtime_error& e) {
    if (flags.json) summary.push_back({{"file", source.label}, {"status", "malformed"}, {"error", e.what()}});
    else std::cout << fmt::format("MALFORMED {}: {}\n", source.label, e.what());
    return FileOutcome::malformed;
  }
}

// Prints one scenario's dump line after each step (--dump).
void dump_steps(const Source& source, scenario::ReplayOptions& options) {
  options.after_step = [&source](const scenario::Step& step, const Outcome& outcome, const State& state) {
    json line = {{"file", source.label},
                 {"step", step.index},
                 {"op", step.op},
                 {"block", std::to_string(step.block)},
                 {"ok", outcome.ok()}};
    if (!outcome.ok()) line["error"] = std::string(error_name(outcome.error));
    line["state"] = scenario::state_json(state);
    std::cout << line.dump() << '\n';
  };
}

void report_scenario(const Source& source, const scenario::Scenario& sc, const scenario::ReplayResult& r, double ms,
                     const ReplayFlags& flags, json& summary) {
  if (flags.json) {
    json entry = {{"file", source.label},
                  {"name", r.name},
                  {"status", r.passed() ? "pass" : "fail"},
                  {"steps", sc.steps.size()},
                  {"steps_run", r.steps_run},
                  {"ms", ms},
                  {"state_hash", to_hex(state_hash(r.final_state))}};
    json mismatches = json::array();
    for (const auto& m : r.mismatches)
      mismatches.push_back(
          {{"step", m.step}, {"op", m.op}, {"field", m.field}, {"expected", m.expected}, {"actual", m.actual}});
    entry["mismatches"] = mismatches;
    json violations = json::array();
    for (const auto& v : r.violations)
      violations.push_back({{"step", r.violation_step}, {"invariant", v.invariant}, {"detail", v.detail}});
    entry["violations"] = violations;
    summary.push_back(entry);
    return;
  }
  std::cout << fmt::format("{} {} ({}): {} steps, {:.1f} ms\n", r.passed() ? "PASS" : "FAIL", source.label, r.name,
                           sc.steps.size(), ms);
  for (const auto& m : r.mismatches)
    std::cout << fmt::format("  step {} ({}): {} expected {} actual {}\n", m.step, m.op, m.field, m.expected, m.actual);
  for (const auto& v : r.violations)
    std::cout << fmt::format("  step {}: invariant {} violated: {}\n", r.violation_step, v.invariant, v.detail);
}

FileOutcome replay_scenario_file(const Source& source, const ReplayFlags& flags, json& summary) {
  scenario::Scenario sc;
  try {
    sc = load(source);
  } catch (const scenario::FormatError& e) {
    if (flags.json)
      summary.push_back({{"file", source.label}, {"status", "malformed"}, {"path", e.path}, {"error", e.what()}});
    else std::cout << fmt::format("MALFORMED {}: at {}: {}\n", source.label, e.path.empty() ? "/" : e.path, e.what());
    return FileOutcome::malformed;
  }
  scenario::ReplayOptions options;
  options.check_invariants = flags.invariants;
  if (flags.dump) dump_steps(source, options);
  const auto start = std::chrono::steady_clock::now();
  const scenario::ReplayResult r = scenario::replay(sc, options);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  report_scenario(source, sc, r, ms, flags, summary);
  return r.passed() ? FileOutcome::passed : FileOutcome::failed;
}

}  // namespace

int run_replay(const std::vector<std::string>& paths, const ReplayFlags& flags) {
  int exit_code = 0;
  const std::vector<Source> sources = sources_for(paths, exit_code);
  json summary = json::array();
  std::size_t passed = 0, failed = 0, malformed = 0;
  for (const Source& source : sources) {
    const FileOutcome outcome = is_protocol_trace(source) ? replay_trace_file(source, flags, summary)
                                                          : replay_scenario_file(source, flags, summary);
    if (outcome == FileOutcome::passed) {
      ++passed;
    } else if (outcome == FileOutcome::failed) {
      ++failed;
      if (exit_code == 0) exit_code = 1;
    } else {
      ++malformed;
      exit_code = 2;
    }
  }
  if (flags.json) {
    std::cout << json{{"passed", passed}, {"failed", failed}, {"malformed", malformed}, {"scenarios", summary}}.dump()
              << '\n';
  } else {
    std::cout << fmt::format("{} passed, {} failed", passed, failed);
    if (malformed > 0) std::cout << fmt::format(", {} malformed", malformed);
    std::cout << '\n';
  }
  return exit_code;
}

int run_markets(const std::vector<std::string>& paths) {
  int exit_code = 0;
  for (const Source& source : sources_for(paths, exit_code)) {
    try {
      const scenario::Scenario sc = load(source);
      const scenario::ReplayResult r = scenario::replay(sc);
      std::cout << fmt::format("{} ({}), {} steps{}\n", source.label, sc.name, sc.steps.size(),
                               r.passed() ? "" : " -- FAILED, table shows the state where it stopped");
      print_markets_table(std::cout, r.final_state);
      std::cout << '\n';
      if (!r.passed() && exit_code == 0) exit_code = 1;
    } catch (const scenario::FormatError& e) {
      std::cout << fmt::format("MALFORMED {}: at {}: {}\n", source.label, e.path.empty() ? "/" : e.path, e.what());
      exit_code = 2;
    }
  }
  return exit_code;
}

}  // namespace flux::cli
