// Scenario files (docs/scenario-format.md, version 1): parsing into engine requests.
//
// Parsing validates the whole file before anything runs: a malformed file is
// reported with the JSON path of the first problem and what is wrong with it.
#pragma once

#include "engine/request.hpp"
#include "engine/state.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace flux::scenario {

// A malformed scenario: `path` is a JSON pointer into the file ("/steps/3/amount").
struct FormatError : std::runtime_error {
  FormatError(std::string path_, const std::string& what) : std::runtime_error(what), path(std::move(path_)) {}
  std::string path;
};

struct Step {
  std::size_t index = 0;
  std::string op;
  std::uint64_t block = 0;
  std::optional<Request> request;  // none for "check"
  nlohmann::json expect;           // validated; may be null
};

struct Scenario {
  std::string name;
  std::string description;
  State initial;  // assets, markets, risk settings and role accounts installed at start_block
  std::vector<Step> steps;
  // Markets that list_market steps or actions list, with the id the file's steps were
  // parsed with (in the order the listings appear); replay checks each as it is listed.
  std::vector<std::pair<std::string, MarketId>> listed_markets;
};

// Names of the accounts holding the engine's roles in a replay. They start with '@'
// so that no scenario account can collide with them.
inline constexpr const char* admin_account = "@admin";
inline constexpr const char* guardian_account = "@guardian";
inline constexpr const char* oracle_account = "@oracle";
inline constexpr const char* compliance_account = "@compliance";
// With "governance" in "config" (a Flux extension): the timelock, and the locked
// supply holder that receives the seed fTokens of a list_market.
inline constexpr const char* timelock_account = "@timelock";
inline constexpr const char* locked_account = "@locked";

Scenario parse(const nlohmann::json& document);
// Reads and parses a file; throws FormatError (path "" for unreadable or invalid JSON).
Scenario load(const std::string& file);

}  // namespace flux::scenario
