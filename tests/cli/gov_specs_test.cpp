// flux gov propose's action specs: each becomes the JSON text of a governance action
// the node admits, with the genesis's template values and units; bad specs are usage
// errors naming what is wrong.
#include "cli/errors.hpp"
#include "cli/gov_commands.hpp"
#include "node/transaction.hpp"

#include <gtest/gtest.h>

namespace flux::cli {
namespace {

using json = nlohmann::json;

const MarketDirectory& directory() {
  static const MarketDirectory d = MarketDirectory::from_json(json::parse(R"([
    {"symbol": "fUSDC", "asset": "USDC", "decimals": 6},
    {"symbol": "fDAI", "asset": "DAI", "decimals": 18}])"));
  return d;
}
const std::map<std::string, unsigned> assets = {{"USDC", 6}, {"DAI", 18}, {"WBTC", 8}, {"FLUX", 18}};

std::vector<json> specs(const std::vector<std::string>& words, bool raw = false) {
  std::vector<json> out;
  for (const std::string& text : parse_action_specs(words, directory(), assets, raw)) out.push_back(json::parse(text));
  return out;
}

std::string usage_message(const std::vector<std::string>& words) {
  try {
    parse_action_specs(words, directory(), assets, false);
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code, exit_usage) << e.what();
    return e.what();
  }
  return "";
}

// Every action text is one the node's own parser takes inside a Propose.
void expect_admissible(const std::vector<std::string>& texts) {
  const json wire = {{"type", "Propose"},
                     {"message",
                      {{"sender", "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"},
                       {"nonce", "0"},
                       {"actions", texts},
                       {"description", "d"}}},
                     {"signature", "0x" + std::string(130, '0')}};
  auto parsed = node::parse_transaction(wire);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().detail);
}

TEST(CliGovSpecs, ListMarketFillsTheTemplateInTheGenesisUnits) {
  const auto words = std::vector<std::string>{
      "list-market",         "fWBTC", "--asset", "WBTC", "--template",   "volatile", "--price", "60000",
      "--collateral-factor", "0.7",   "--seed",  "0.01", "--supply-cap", "100"};
  const auto out = specs(words);
  ASSERT_EQ(out.size(), 1U);
  const json& a = out[0];
  EXPECT_EQ(a["type"], "ListMarket");
  EXPECT_EQ(a["symbol"], "fWBTC");
  EXPECT_EQ(a["asset"], "WBTC");
  EXPECT_EQ(a["collateralFactor"], "700000000000000000");
  // The volatile template (config.hpp): reserve factor 0.20, seize share 2.8%,
  // jump 2% / 23% / 100% with a kink at 0.8, permissionless in group 1.
  EXPECT_EQ(a["reserveFactor"], "200000000000000000");
  EXPECT_EQ(a["protocolSeizeShare"], "28000000000000000");
  EXPECT_EQ(a["kind"], "jump");
  EXPECT_EQ(a["basePerYear"], "20000000000000000");
  EXPECT_EQ(a["multiplierPerYear"], "230000000000000000");
  EXPECT_EQ(a["jumpMultiplierPerYear"], "1000000000000000000");
  EXPECT_EQ(a["kink"], "800000000000000000");
  EXPECT_EQ(a["access"], "permissionless");
  EXPECT_EQ(a["kycGroup"], "1");
  // 8 decimals: a price is USD * 10^(36 - 8), an amount * 10^8, the exchange rate
  // 0.02 * 10^(10 + 8).
  EXPECT_EQ(a["price"], "60000" + std::string(28, '0'));
  EXPECT_EQ(a["seedAmount"], "1000000");
  EXPECT_EQ(a["supplyCap"], "10000000000");
  EXPECT_EQ(a["initialExchangeRate"], "2" + std::string(16, '0'));
  EXPECT_EQ(a["mintPaused"], false);
  expect_admissible(parse_action_specs(words, directory(), assets, false));
}

TEST(CliGovSpecs, SettersAndSeveralActions) {
  const auto out =
      specs({"set-collateral-factor", "fDAI", "0.8", "set-borrow-cap", "USDC", "1000", "set-governance-parameter",
             "quorum_votes", "300000", "set-governance-parameter", "voting_period", "7300"});
  ASSERT_EQ(out.size(), 4U);
  EXPECT_EQ(out[0], json({{"type", "SetCollateralFactor"}, {"market", "fDAI"}, {"value", "800000000000000000"}}));
  EXPECT_EQ(out[1], json({{"type", "SetBorrowCap"}, {"market", "fUSDC"}, {"value", "1000000000"}}));
  EXPECT_EQ(out[2]["value"], "300000" + std::string(18, '0'));  // whole FLUX
  EXPECT_EQ(out[3]["value"], "7300");                           // blocks
}

TEST(CliGovSpecs, BadSpecsAreUsageErrors) {
  EXPECT_NE(usage_message({"list-market", "fX", "--asset", "WBTC"}).find("--asset and --template are required"),
            std::string::npos);
  EXPECT_NE(usage_message({"list-market", "fX", "--asset", "NOPE", "--template", "volatile"}).find("no asset \"NOPE\""),
            std::string::npos);
  EXPECT_NE(usage_message({"list-market", "fX", "--asset", "WBTC", "--template", "volatile", "--colour", "red"})
                .find("unknown option --colour"),
            std::string::npos);
  EXPECT_NE(usage_message({"list-market", "fX", "--asset", "WBTC", "--template", "volatile", "--seed", "0.000000001"})
                .find("--seed"),
            std::string::npos);
  EXPECT_NE(usage_message({"set-collateral-factor", "fDAI"}).find("expected MARKET FACTOR"), std::string::npos);
  EXPECT_NE(usage_message({"set-governance-parameter", "quorum", "1"}).find("unknown parameter \"quorum\""),
            std::string::npos);
  EXPECT_NE(usage_message({"mint", "fDAI", "1"}).find("is not an action"), std::string::npos);
  EXPECT_NE(usage_message({"--json"}).find("propose's own options go before the first action"), std::string::npos);
}

}  // namespace
}  // namespace flux::cli
