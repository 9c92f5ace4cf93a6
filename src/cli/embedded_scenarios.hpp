// The project's own scenarios (tests/scenarios), compiled into the binary.
#pragma once

#include <string_view>
#include <vector>

namespace flux::cli {

struct EmbeddedScenario {
  std::string_view file_name;
  std::string_view json;
};

const std::vector<EmbeddedScenario>& embedded_scenarios();

}  // namespace flux::cli
