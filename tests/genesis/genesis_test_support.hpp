// A small valid genesis file and helpers to break it in one place.
#pragma once

#include "node/genesis/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <string_view>

namespace flux::genesis::test {

// Two markets: fUSDC (stablecoin, 6 decimals) and fWETH (volatile, 18 decimals).
inline const std::string minimal_toml = R"(chain_id = 7

[roles]
admin = "0x1000000000000000000000000000000000000001"
oracle = "0x2000000000000000000000000000000000000002"
pause_guardian = "0x3000000000000000000000000000000000000003"
compliance = "0x4000000000000000000000000000000000000004"

[[assets]]
symbol = "USDC"
decimals = 6

[[assets]]
symbol = "WETH"
decimals = 18

[[markets]]
symbol = "fUSDC"
asset = "USDC"
template = "stablecoin"
price = "1"

[[markets]]
symbol = "fWETH"
asset = "WETH"
template = "volatile"
price = "2000"
collateral_factor = "0.75"

[[balances]]
account = "0x5000000000000000000000000000000000000005"
asset = "USDC"
amount = "1000"
)";

// `text` with the one occurrence of `from` replaced by `to`.
inline std::string with(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the test document: " << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "more than once in the test document: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The 1-based line of the first occurrence of `needle`.
inline std::uint32_t line_of(const std::string& text, std::string_view needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1);
}

// Parses `text`, expecting a GenesisError at `path` whose message contains `fragment`.
inline GenesisError parse_error(const std::string& text, std::string_view path, std::string_view fragment,
                                const ParseOptions& options = {}) {
  try {
    parse_genesis_config(text, "test.toml", options);
  } catch (const GenesisError& e) {
    EXPECT_EQ(e.where().path, path) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("test.toml"), std::string::npos) << e.what();
    if (!path.empty()) {
      EXPECT_NE(std::string(e.what()).find(std::string(path) + ": "), std::string::npos) << e.what();
    }
    return e;
  }
  ADD_FAILURE() << "no error; expected one at " << path;
  return GenesisError("", {}, "");
}

}  // namespace flux::genesis::test
