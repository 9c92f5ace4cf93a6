#include "cli/event_text.hpp"
#include "cli/views.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace flux::cli {
namespace {

using json = nlohmann::json;

const MarketDirectory& directory() {
  static const MarketDirectory d(
      std::vector<MarketInfo>{{"fUSDC", "USDC", 6}, {"fDAI", "DAI", 18}, {"fOUSG", "OUSG", 18}});
  return d;
}

Labels labels() {
  Labels l;
  l.add("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "alice");
  l.add("0x14dc79964da2c08b23698b3d3cc7ca32193d9955", "liquidator");
  return l;
}

const char* const alice = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
const char* const liquidator = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";

std::string say(const json& e, const std::string& type = "") { return describe_event(e, directory(), labels(), type); }

TEST(CliEventText, AProposalsVotingWindowIsTheBlocksVotesAreAcceptedIn) {
  // proposal_created carries the start block (11) and the end block (86,411); the engine
  // accepts votes at start < block <= end, so the first block to vote in is 12.
  EXPECT_EQ(say({{"event", "proposal_created"},
                 {"account", alice},
                 {"proposal", 1},
                 {"amount", "11"},
                 {"amount2", "86411"},
                 {"text", "List WETH\nmore"}}),
            "alice made proposal 1 (voting blocks 12 to 86411): List WETH");
}

TEST(CliEventText, Sentences) {
  EXPECT_EQ(say({{"event", "minted"},
                 {"market", "fUSDC"},
                 {"account", alice},
                 {"other", ""},
                 {"amount", "1000000000000"},
                 {"amount2", "5000000000000000"}}),
            "alice supplied 1,000,000 USDC to fUSDC and received 50,000,000 fUSDC");
  EXPECT_EQ(say({{"event", "borrowed"},
                 {"market", "fUSDC"},
                 {"account", alice},
                 {"amount", "90000000000"},
                 {"amount2", "90000500000"}}),
            "alice borrowed 90,000 USDC from fUSDC (borrow balance now 90,000.5 USDC)");
  EXPECT_EQ(say({{"event", "repaid"},
                 {"market", "fUSDC"},
                 {"account", liquidator},
                 {"other", alice},
                 {"amount", "20000000000"},
                 {"amount2", "70000000000"}}),
            "liquidator repaid 20,000 USDC of alice's fUSDC borrow (borrow balance now 70,000 USDC)");
  EXPECT_EQ(say({{"event", "liquidated"},
                 {"market", "fUSDC"},
                 {"account", liquidator},
                 {"other", alice},
                 {"amount", "20000000000"},
                 {"amount2", "1"}}),
            "liquidator liquidated alice, repaying 20,000 USDC of the fUSDC borrow");
  EXPECT_EQ(say({{"event", "seized"},
                 {"market", "fOUSG"},
                 {"account", liquidator},
                 {"other", alice},
                 {"amount", "1105263157894"},
                 {"amount2", "0"}}),
            "liquidator seized 11,052.63157894 fOUSG of alice's collateral");
  // Unknown addresses are shown EIP-55.
  EXPECT_EQ(say({{"event", "market_entered"},
                 {"market", "fOUSG"},
                 {"account", "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"}}),
            "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc entered fOUSG");
  EXPECT_EQ(say({{"event", "parameter_changed"}, {"market", "fOUSG"}, {"amount", "95000000000000000000"}}, "SetPrice"),
            "price of fOUSG set to 95 USD per OUSG");
  EXPECT_EQ(say({{"event", "parameter_changed"}, {"market", "fUSDC"}, {"amount", "800000000000000000"}},
                "SetCollateralFactor"),
            "collateral factor of fUSDC set to 0.8");
  // An executed proposal's actions: the node names each event's parameter.
  EXPECT_EQ(say({{"event", "parameter_changed"},
                 {"market", "fDAI"},
                 {"amount", "800000000000000000"},
                 {"parameter", "collateral_factor"}},
                "Execute"),
            "collateral_factor of fDAI set to 0.8");
  EXPECT_EQ(say({{"event", "vote_cast"},
                 {"account", alice},
                 {"proposal", 3},
                 {"amount", "500000000000000000000000"},
                 {"amount2", "0"},
                 {"text", "too risky"}}),
            "alice voted against proposal 3 with 500,000 votes (\"too risky\")");
  EXPECT_EQ(say({{"event", "proposal_queued"}, {"account", alice}, {"proposal", 3}, {"amount", "14408"}}),
            "alice queued proposal 3: executable from block 14408");
  EXPECT_EQ(say({{"event", "compliance_changed"}, {"account", alice}, {"amount", "1"}, {"amount2", "1"}}, "GrantKyc"),
            "alice granted KYC group 1");
  EXPECT_EQ(say({{"event", "compliance_changed"}, {"account", alice}, {"amount", "0"}, {"amount2", "1"}}, "Sanction"),
            "alice added to the sanctions list");
  EXPECT_EQ(say({{"event", "asset_transferred"},
                 {"asset", "OUSG"},
                 {"account", alice},
                 {"other", liquidator},
                 {"amount", "1500000000000000000"}}),
            "alice sent 1.5 OUSG to liquidator");
}

TEST(CliEventText, LiquidityMiningSentences) {
  EXPECT_EQ(say({{"event", "supplier_rewards_distributed"},
                 {"market", "fUSDC"},
                 {"account", alice},
                 {"amount", "1500000000000000000"},
                 {"amount2", "1"}}),
            "alice earned 1.5 FLUX as a supplier of fUSDC");
  EXPECT_EQ(
      say({{"event", "rewards_claimed"}, {"account", alice}, {"amount", "2000000000000000000000"}, {"amount2", "5"}}),
      "alice claimed 2,000 FLUX from the rewards reserve (it holds 0.000000000000000005 FLUX)");
  EXPECT_EQ(
      say({{"event", "reward_speeds_set"}, {"market", "fUSDC"}, {"amount", "1000000000000000000"}, {"amount2", "0"}}),
      "fUSDC now emits 1 FLUX per block to suppliers and 0 FLUX to borrowers");
}

TEST(CliEventText, ReceiptErrors) {
  const std::string liquidity = describe_receipt_error(json("insufficient_liquidity"));
  EXPECT_EQ(liquidity.rfind("insufficient_liquidity (1001): ", 0), 0u) << liquidity;
  EXPECT_GT(liquidity.size(), std::string("insufficient_liquidity (1001): ").size());  // the engine's message
  EXPECT_EQ(describe_receipt_error(json({{"code", 1013}, {"name", "kyc_required"}, {"message", "not KYC'd"}})),
            "kyc_required (1013): not KYC'd");
  EXPECT_EQ(describe_receipt_error(json("no_such_error")), "no_such_error");
}

// A failed Execute names its failed action, numbered from 1 as `flux gov show` lists
// them (index 1 is the second action), with that action's error as the RPC gives it.
TEST(CliEventText, FailedAction) {
  const json receipt = {
      {"ok", false},
      {"type", "Execute"},
      {"error", {{"code", 1040}, {"name", "action_failed"}, {"message", "m"}}},
      {"failed_action",
       {{"index", 1},
        {"type", "SetSupplyCap"},
        {"error", {{"code", 1004}, {"name", "market_not_listed"}, {"message", "the market is not listed"}}}}}};
  EXPECT_EQ(describe_failed_action(receipt),
            "action 2 (SetSupplyCap) failed: market_not_listed (1004): the market is not listed");
  // As storage keeps it (the error's name only): flux knows the message.
  json stored = receipt;
  stored["failed_action"]["error"] = "market_not_listed";
  EXPECT_EQ(describe_failed_action(stored).rfind("action 2 (SetSupplyCap) failed: market_not_listed (1004): ", 0), 0u);
  EXPECT_EQ(describe_failed_action(json({{"ok", false}, {"error", "paused"}})), "");
}

TEST(CliViews, ApyAndPrices) {
  EXPECT_EQ(apy_percent("0", 2628000), "0.00%");
  // 3.83% a year as a per-block rate, compounded every block: e^0.0383 - 1 = 3.904%.
  EXPECT_EQ(apy_percent("14573820395", 2628000), "3.90%");
  EXPECT_EQ(apy_percent("x", 2628000), "-");
  EXPECT_EQ(usd_price("1000000000000000000000000000000", 6), "1.00");
  EXPECT_EQ(usd_price("95500000000000000000", 18), "95.50");
}

TEST(CliViews, AccountAndMarketsRender) {
  const json account = json::parse(R"({
    "address": "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
    "wallet": {"OUSG": "9000000000000000000000", "USDC": "190000000000"},
    "positions": [
      {"market": "fOUSG", "ftokens": "5000000000000", "supplied": "1000000000000000000000", "borrowed": "0",
       "entered": true, "collateral_factor": "920000000000000000", "liquidation_price": "97826086956521739130"},
      {"market": "fUSDC", "ftokens": "0", "supplied": "0", "borrowed": "90000000000", "entered": false,
       "collateral_factor": "850000000000000000", "liquidation_price": null}],
    "liquidity": "2000000000000000000000", "shortfall": "0", "health_factor": 1.0222,
    "kyc_groups": [1], "sanctioned": false, "nonce": 3})");
  std::ostringstream out;
  print_account(out, account, directory(), labels());
  const std::string text = out.str();
  EXPECT_NE(text.find("account alice (0x15d34aaf54267db7d7c367839aaf71a00a2c6a65)"), std::string::npos) << text;
  EXPECT_NE(text.find("9,000"), std::string::npos) << text;
  EXPECT_NE(text.find("190,000"), std::string::npos) << text;
  EXPECT_NE(text.find("97.826086"), std::string::npos) << text;
  EXPECT_NE(text.find("92.00%"), std::string::npos) << text;
  EXPECT_NE(text.find("liquidity 2,000.00 USD"), std::string::npos) << text;
  EXPECT_NE(text.find("health factor 1.0222"), std::string::npos) << text;
  EXPECT_EQ(text.find("SHORTFALL"), std::string::npos) << text;

  const json markets = json::parse(R"([{"symbol": "fUSDC", "asset": "USDC", "decimals": 6, "access": "permissionless",
    "kyc_group": 1, "price": "1000000000000000000000000000000", "price_cap": "0", "collateral_factor": "850000000000000000",
    "cash": "910000000000", "total_borrows": "90000000000", "total_reserves": "0", "total_supplied": "1000000000000",
    "utilization": "90000000000000000", "borrow_rate_per_block": "0", "supply_rate_per_block": "0",
    "borrow_cap": "0", "supply_cap": "2000000000000", "mint_paused": false, "borrow_paused": true,
    "blocks_per_year": "2628000"}])");
  std::ostringstream m;
  print_markets(m, markets);
  const std::string table = m.str();
  EXPECT_NE(table.find("1,000,000"), std::string::npos) << table;
  EXPECT_NE(table.find("9.00%"), std::string::npos) << table;
  EXPECT_NE(table.find("85.00%"), std::string::npos) << table;
  EXPECT_NE(table.find("permissionless (KYC 1)"), std::string::npos) << table;
  EXPECT_NE(table.find("2,000,000"), std::string::npos) << table;
  EXPECT_NE(table.find("borrow"), std::string::npos) << table;
}

}  // namespace
}  // namespace flux::cli
