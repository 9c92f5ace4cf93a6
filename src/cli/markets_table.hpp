#pragma once

#include "engine/state.hpp"

#include <ostream>

namespace flux::cli {

// One row per market: totals, exchange rate and rates, with amounts shown in whole
// tokens (underlying decimals; fTokens 8) and rates per year.
void print_markets_table(std::ostream& out, const State& state);

}  // namespace flux::cli
