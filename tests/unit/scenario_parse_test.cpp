// Scenario parsing (docs/scenario-format.md): a valid file becomes the right requests, and
// every malformed input is reported as a FormatError whose path is the JSON pointer of
// the offending value. Starts from tests/fixtures/passing.json, whose steps are:
//   0 faucet  1 set_price (block "10")  2 mint (with expect)  3 borrow (expects failure)
//   4 check (block 12)  5 pause transfer (no market)  6 repay max on behalf
#include "scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <utility>

namespace flux::scenario {
namespace {

using json = nlohmann::json;
const std::string fixtures = FLUX_TEST_FIXTURES;

json base() {
  std::ifstream in(fixtures + "/passing.json");
  return json::parse(in);
}

// The path of the FormatError parsing `doc` throws, or "<parsed>" if it parses.
std::string error_path(const json& doc) {
  try {
    parse(doc);
    return "<parsed>";
  } catch (const FormatError& e) {
    EXPECT_STRNE(e.what(), "");
    return e.path;
  }
}

std::string with(const char* pointer, const json& value) {
  json doc = base();
  doc[json::json_pointer(pointer)] = value;
  return error_path(doc);
}

std::string without(const char* pointer) {
  json doc = base();
  const json::json_pointer p(pointer);
  doc[p.parent_pointer()].erase(p.back());
  return error_path(doc);
}

TEST(ScenarioParse, ValidFileBecomesRequests) {
  const Scenario s = parse(base());
  EXPECT_EQ(s.name, "fixture-passing");
  ASSERT_EQ(s.steps.size(), 7u);
  const State& st = s.initial;
  EXPECT_EQ(st.block, 1u);
  EXPECT_EQ(st.markets.size(), 2u);
  EXPECT_EQ(st.markets[0].book.accrual_block, 1u);
  EXPECT_EQ(st.markets[1].config.access, Access::permissioned);
  EXPECT_EQ(st.markets[1].config.kyc_group, 1u);
  // jump: 4e16 * 1e18 / (2102400 * 8e17) = 23782343987
  EXPECT_EQ(st.markets[0].config.rate_model.multiplier_per_block, U256(23'782'343'987ULL));
  EXPECT_EQ(st.account_names[st.roles.admin], admin_account);
  EXPECT_EQ(st.account_names[st.roles.oracle], oracle_account);
  // Blocks: start 1, then "10", inherited, inherited, JSON integer 12, inherited.
  const std::vector<std::uint64_t> blocks{1, 10, 10, 10, 12, 12, 12};
  for (std::size_t i = 0; i < blocks.size(); ++i) EXPECT_EQ(s.steps[i].block, blocks[i]) << i;
  ASSERT_TRUE(s.steps[0].request);
  const auto& faucet = std::get<Faucet>(*s.steps[0].request);
  EXPECT_EQ(faucet.sender, st.roles.admin);
  EXPECT_EQ(faucet.amount, U256(1'000'000));
  EXPECT_EQ(std::get<SetPrice>(*s.steps[1].request).sender, st.roles.oracle);
  EXPECT_FALSE(s.steps[4].request);  // check
  const auto& pause = std::get<SetPaused>(*s.steps[5].request);
  EXPECT_EQ(pause.sender, st.roles.pause_guardian);
  EXPECT_EQ(pause.action, PauseAction::transfer);
  EXPECT_TRUE(pause.paused);
  const auto& repay = std::get<Repay>(*s.steps[6].request);
  EXPECT_EQ(repay.amount, u256_max());
  EXPECT_NE(repay.sender, repay.borrower);
  EXPECT_EQ(s.steps[3].expect.at("error"), "insufficient_liquidity");
}

TEST(ScenarioParse, UnknownMarketInAStepIsLeftToTheEngine) {
  // Not a format error: the engine answers market_not_listed.
  EXPECT_EQ(with("/steps/2/market", "fNOPE"), "<parsed>");
}

TEST(ScenarioParse, MissingField) {
  EXPECT_EQ(without("/name"), "/name");
  EXPECT_EQ(without("/config/start_block"), "/config/start_block");
  EXPECT_EQ(without("/markets/0/collateral_factor"), "/markets/0/collateral_factor");
  EXPECT_EQ(without("/markets/0/rate_model/kink"), "/markets/0/rate_model/kink");
  EXPECT_EQ(without("/steps/2/amount"), "/steps/2/amount");
  EXPECT_EQ(without("/steps/0/op"), "/steps/0/op");
  EXPECT_EQ(without("/steps"), "/steps");
}

TEST(ScenarioParse, WrongType) {
  EXPECT_EQ(with("/name", 5), "/name");
  EXPECT_EQ(with("/steps", json::object()), "/steps");
  EXPECT_EQ(with("/steps/2/amount", true), "/steps/2/amount");
  EXPECT_EQ(with("/steps/2/amount", -1), "/steps/2/amount");   // a negative JSON integer
  EXPECT_EQ(with("/steps/2/amount", 1.5), "/steps/2/amount");  // a JSON float
  EXPECT_EQ(with("/steps/2/account", 7), "/steps/2/account");
  EXPECT_EQ(with("/steps/2/expect/ok", "yes"), "/steps/2/expect/ok");
  EXPECT_EQ(with("/markets/1/kyc_group", "1"), "<parsed>");                // decimal strings are numbers too
  EXPECT_EQ(with("/steps/2/amount", std::uint64_t{1000000}), "<parsed>");  // so are JSON integers >= 0
}

TEST(ScenarioParse, AmountsAreDecimalStringsBelow2To256) {
  for (const char* bad : {"1e18", "-1", "0x10", "+1", " 1", "1 ", "", "1.0", "max"})
    EXPECT_EQ(with("/steps/2/amount", bad), "/steps/2/amount") << '"' << bad << '"';
  const char* two_256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
  const char* max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  EXPECT_EQ(with("/steps/2/amount", two_256), "/steps/2/amount");
  EXPECT_EQ(with("/steps/1/price", two_256), "/steps/1/price");
  EXPECT_EQ(with("/markets/0/reserve_factor", two_256), "/markets/0/reserve_factor");
  EXPECT_EQ(with("/steps/2/expect/markets/fUSDC/cash", two_256), "/steps/2/expect/markets/fUSDC/cash");
  EXPECT_EQ(with("/steps/2/amount", max), "<parsed>");
  EXPECT_EQ(with("/steps/2/amount", "007"), "<parsed>");
}

TEST(ScenarioParse, UnknownOpAndFields) {
  EXPECT_EQ(with("/steps/2/op", "mintt"), "/steps/2/op");
  EXPECT_EQ(with("/steps/2/amountt", "1"), "/steps/2/amountt");
  EXPECT_EQ(with("/steps/0/market", "fUSDC"), "/steps/0/market");    // a field of another op
  EXPECT_EQ(with("/steps/4/account", "alice"), "/steps/4/account");  // check takes only expect
  EXPECT_EQ(with("/steps/2/expect/foo", 1), "/steps/2/expect/foo");
  EXPECT_EQ(with("/steps/2/expect/markets/fUSDC/cashh", "1"), "/steps/2/expect/markets/fUSDC/cashh");
  EXPECT_EQ(with("/steps/2/expect/accounts/alice/foo", "1"), "/steps/2/expect/accounts/alice/foo");
  EXPECT_EQ(with("/markets/0/rate_model/jump", "1"), "/markets/0/rate_model/jump");
  EXPECT_EQ(with("/steps/5/action", "liquidate"), "/steps/5/action");
}

TEST(ScenarioParse, UnknownNamesInExpect) {
  EXPECT_EQ(with("/steps/3/expect/error", "no_such_error"), "/steps/3/expect/error");
  EXPECT_EQ(with("/steps/2/expect/markets/fNOPE", json::object()), "/steps/2/expect/markets/fNOPE");
  EXPECT_EQ(with("/steps/2/expect/accounts/alice/wallet/XYZ", "0"), "/steps/2/expect/accounts/alice/wallet/XYZ");
}

TEST(ScenarioParse, UnknownAsset) {
  EXPECT_EQ(with("/steps/0/asset", "XYZ"), "/steps/0/asset");
  EXPECT_EQ(with("/markets/0/underlying", "XYZ"), "/markets/0/underlying");
}

TEST(ScenarioParse, BlocksOnlyMoveForward) {
  EXPECT_EQ(with("/steps/4/block", "9"), "/steps/4/block");                     // after block 10
  EXPECT_EQ(with("/steps/0/block", "0"), "/steps/0/block");                     // before start_block 1
  EXPECT_EQ(with("/steps/4/block", "10"), "<parsed>");                          // the same block is fine
  EXPECT_EQ(with("/steps/4/block", "18446744073709551616"), "/steps/4/block");  // beyond 64 bits
}

TEST(ScenarioParse, RateModels) {
  EXPECT_EQ(with("/markets/0/rate_model/kind", "exponential"), "/markets/0/rate_model/kind");
  EXPECT_EQ(with("/markets/0/rate_model/kink", "0"), "/markets/0/rate_model");
  EXPECT_EQ(with("/config/blocks_per_year", "0"), "/config/blocks_per_year");
}

TEST(ScenarioParse, ReservedAndEmptyAccountNames) {
  EXPECT_EQ(with("/steps/0/account", "@admin"), "/steps/0/account");
  EXPECT_EQ(with("/steps/0/account", "@anything"), "/steps/0/account");
  EXPECT_EQ(with("/steps/6/borrower", "@oracle"), "/steps/6/borrower");
  EXPECT_EQ(with("/steps/0/account", ""), "/steps/0/account");
}

TEST(ScenarioParse, MarketsAndFormat) {
  EXPECT_EQ(with("/format", std::uint64_t{2}), "/format");  // a version, not a type error
  EXPECT_EQ(with("/format", "1"), "<parsed>");
  EXPECT_EQ(with("/markets/1/access", "private"), "/markets/1/access");
  EXPECT_EQ(without("/markets/1/kyc_group"), "/markets/1");            // a permissioned market needs a group
  EXPECT_EQ(with("/markets/1/symbol", "fUSDC"), "/markets/1/symbol");  // duplicate
  EXPECT_EQ(with("/markets/0/initial_exchange_rate", "0"), "/markets/0/initial_exchange_rate");
  EXPECT_EQ(error_path(json::array()), "/");
}

// Regression: FormatError::path is a JSON pointer, so keys containing '/' or '~' are
// escaped as ~1 and ~0 (RFC 6901). Case: an unknown field "a/b" in step 2 is
// reported at "/steps/2/a/b" instead of "/steps/2/a~1b".
TEST(ScenarioParse, PathsEscapeKeysAsJsonPointers) {
  EXPECT_EQ(with("/steps/2/a~1b", "1"), "/steps/2/a~1b");
  EXPECT_EQ(with("/steps/2/expect/markets/f~0X", json::object()), "/steps/2/expect/markets/f~0X");
}

TEST(ScenarioLoad, FilesAndInvalidJson) {
  EXPECT_EQ(load(fixtures + "/passing.json").steps.size(), 7u);
  try {
    load(fixtures + "/no-such-file.json");
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.path, "");
  }
  try {
    load(fixtures + "/malformed_amount.json");
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.path, "/steps/2/amount");
  }
}

// --- The governance extension (tests/scenarios/README.md), on governance-lifecycle.json:
//   0 set_price  1-3 faucet FLUX  4 faucet DAI  5 transfer_asset to @timelock
//   6-8 delegate  9 admin_to_timelock  10 set_collateral_factor  11 propose (list_market
//   fDAI, set_supply_cap fDAI, set_collateral_factor fUSDC)  12 check  13-15 cast_vote
//   16-17 queue  18-19 execute  20 mint fDAI  21 execute
json governance_base() {
  std::ifstream in(std::string(FLUX_OWN_SCENARIOS) + "/governance-lifecycle.json");
  return json::parse(in);
}
std::string gov_with(const char* pointer, const json& value) {
  json doc = governance_base();
  doc[json::json_pointer(pointer)] = value;
  return error_path(doc);
}

TEST(ScenarioParseGovernance, ValidFileBecomesRequests) {
  const Scenario s = parse(governance_base());
  const State& st = s.initial;
  ASSERT_TRUE(st.governance.enabled());
  EXPECT_EQ(st.assets[st.governance.token].symbol, "FLUX");
  EXPECT_EQ(st.account_names[st.governance.timelock], timelock_account);
  EXPECT_EQ(st.account_names[st.roles.locked_supply_holder], locked_account);
  EXPECT_EQ(st.account_names[st.roles.admin], admin_account);  // until admin_to_timelock
  EXPECT_EQ(st.governance.params, default_governor_params());
  EXPECT_EQ(std::get<TransferAsset>(*s.steps[5].request).to, st.governance.timelock);
  EXPECT_EQ(std::get<Delegate>(*s.steps[6].request).delegatee, *st.find_account("alice"));
  EXPECT_TRUE(std::holds_alternative<TransferAdminToTimelock>(*s.steps[9].request));
  const auto& propose = std::get<Propose>(*s.steps[11].request);
  ASSERT_EQ(propose.actions.size(), 3u);
  EXPECT_EQ(std::get<ListMarket>(propose.actions[0]).config.symbol, "fDAI");
  EXPECT_EQ(std::get<ListMarket>(propose.actions[0]).seed_amount, U256(1'000'000'000'000'000'000ULL));
  EXPECT_EQ(std::get<SetSupplyCap>(propose.actions[1]).market, 1u);  // fDAI, listed by action 0
  ASSERT_EQ(s.listed_markets.size(), 1u);
  EXPECT_EQ(s.listed_markets[0], (std::pair<std::string, MarketId>{"fDAI", 1}));
  const auto& vote = std::get<CastVote>(*s.steps[13].request);
  EXPECT_EQ(vote.support, vote_for);
  EXPECT_EQ(vote.reason, "more collateral");
  EXPECT_EQ(std::get<Execute>(*s.steps[19].request).proposal, 1u);
  EXPECT_EQ(std::get<Mint>(*s.steps[20].request).market, 1u);
  EXPECT_EQ(gov_with("/steps/6/delegatee", nullptr), "<parsed>");  // delegate to nobody
  EXPECT_EQ(gov_with("/steps/10/sender", "@guardian"), "<parsed>");
}

TEST(ScenarioParseGovernance, MalformedInputsNameTheirPlace) {
  EXPECT_EQ(gov_with("/config/governance/token", "NOPE"), "/config/governance/token");
  EXPECT_EQ(gov_with("/config/governance/token", "USDC"), "/config/governance");       // 6 decimals
  EXPECT_EQ(gov_with("/config/governance/voting_period", "5"), "/config/governance");  // under 86,400 s
  EXPECT_EQ(gov_with("/config/governance/speed", "5"), "/config/governance/speed");
  EXPECT_EQ(gov_with("/steps/13/support", "yes"), "/steps/13/support");
  EXPECT_EQ(gov_with("/steps/13/sender", "bob"), "/steps/13/sender");  // the voter is the account
  EXPECT_EQ(gov_with("/steps/10/sender", "@nobody"), "/steps/10/sender");
  EXPECT_EQ(
      gov_with("/steps/11/actions/1", json{{"op", "mint"}, {"account", "x"}, {"market", "fUSDC"}, {"amount", "1"}}),
      "/steps/11/actions/1/op");  // not a governance action
  EXPECT_EQ(gov_with("/steps/11/actions/1/block", "5"), "/steps/11/actions/1/block");
  EXPECT_EQ(gov_with("/steps/11/actions", json::array({json{{"op", "propose"}}})), "/steps/11/actions/0/op");
  EXPECT_EQ(gov_with("/steps/10", json{{"op", "set_governance_parameter"}, {"parameter", "speed"}, {"value", "1"}}),
            "/steps/10/parameter");
  EXPECT_EQ(gov_with("/steps/19/expect/proposals/1/state", "done"), "/steps/19/expect/proposals/1/state");
  EXPECT_EQ(gov_with("/steps/19/expect/proposals/x", json::object()), "/steps/19/expect/proposals/x");
  EXPECT_EQ(gov_with("/steps/19/expect/governance/admin", 5), "/steps/19/expect/governance/admin");
  EXPECT_EQ(gov_with("/steps/19/expect/action_error", "nope"), "/steps/19/expect/action_error");
  EXPECT_EQ(gov_with("/steps/19/expect/markets/fNOPE", json::object()), "/steps/19/expect/markets/fNOPE");
}

// Liquidity mining's ops and expectations (tests/scenarios/README.md).
TEST(ScenarioParseRewards, OpsBecomeRequestsAndNeedGovernance) {
  json doc = governance_base();
  doc["steps"][21] = json{{"op", "claim_rewards"},
                          {"account", "alice"},
                          {"markets", {"fUSDC"}},
                          {"expect",
                           {{"rewards", {{"paid", "0"}}},
                            {"accounts", {{"alice", {{"rewards_accrued", "0"}}}}},
                            {"markets", {{"fUSDC", {{"supply_speed", "0"}}}}}}}};
  doc["steps"][22] = json{{"op", "fund_rewards"}, {"account", "alice"}, {"amount", "5"}};
  doc["steps"][23] =
      json{{"op", "set_reward_speeds"}, {"market", "fUSDC"}, {"supply_speed", "1"}, {"borrow_speed", "2"}};
  doc["steps"][11]["actions"][2] = json{{"op", "fund_rewards"}, {"amount", "7"}};
  // Parsed from its descriptor alone: "markets" may be left out (every market).
  doc["steps"][24] = json{{"op", "claim_rewards_for"}, {"account", "bob"}, {"holder", "alice"}};
  const Scenario s = parse(doc);
  const ClaimRewardsFor& claim_for = std::get<ClaimRewardsFor>(*s.steps[24].request);
  EXPECT_EQ(claim_for.sender, *s.initial.find_account("bob"));
  EXPECT_EQ(claim_for.holder, *s.initial.find_account("alice"));
  EXPECT_TRUE(claim_for.markets.empty());
  EXPECT_EQ(error_path([&] {
              json bad = doc;
              bad["steps"][24].erase("holder");
              return bad;
            }()),
            "/steps/24/holder");
  EXPECT_EQ(error_path([&] {
              json bad = doc;
              bad["steps"][24]["markets"] = "fUSDC";  // a list
              return bad;
            }()),
            "/steps/24/markets");
  EXPECT_EQ(std::get<ClaimRewards>(*s.steps[21].request).markets, std::vector<MarketId>{0});
  EXPECT_EQ(std::get<FundRewards>(*s.steps[22].request).amount, U256(5));
  EXPECT_EQ(std::get<SetRewardSpeeds>(*s.steps[23].request).borrow_speed, U256(2));
  EXPECT_EQ(std::get<FundRewards>(std::get<Propose>(*s.steps[11].request).actions[2]).amount, U256(7));
  EXPECT_EQ(error_path([&] {
              json bad = doc;
              bad["steps"][11]["actions"][2]["account"] = "alice";  // the timelock pays: no account
              return bad;
            }()),
            "/steps/11/actions/2/account");
  // Without governance, rewards expectations are malformed.
  EXPECT_EQ(with("/steps/2/expect/rewards", json{{"paid", "0"}}), "/steps/2/expect/rewards");
  EXPECT_EQ(with("/steps/2/expect/markets/fUSDC/supply_speed", "0"), "/steps/2/expect/markets/fUSDC/supply_speed");
}

}  // namespace
}  // namespace flux::scenario
