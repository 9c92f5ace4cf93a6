// [governance] and [[delegations]]: parsing with defaults and bounds errors naming
// path and line, and the built state: the timelock is the admin, the delegations are
// active votes, the dev chain's numbers.
#include "genesis_test_support.hpp"

#include "engine/engine.hpp"
#include "node/genesis/dev_config.hpp"
#include "node/genesis/genesis.hpp"

namespace flux::genesis {
namespace {

using test::line_of;
using test::minimal_toml;
using test::parse_error;
using test::with;

U256 flux_units(std::uint64_t whole) { return U256(whole) * *parse_u256("1000000000000000000"); }

// minimal_toml plus a FLUX asset with a holder, governance and one self-delegation.
const std::string governed = minimal_toml + R"(
[[assets]]
symbol = "FLUX"
decimals = 18

[[balances]]
account = "0x5000000000000000000000000000000000000005"
asset = "FLUX"
amount = "250000"

[governance]
token = "FLUX"
proposal_threshold = "2000"
quorum = "5000"
voting_delay = 2
voting_period = 7300
timelock_delay = 7400

[[delegations]]
account = "0x5000000000000000000000000000000000000005"
delegatee = "0x5000000000000000000000000000000000000005"
)";

GenesisConfig parse(const std::string& text) { return parse_genesis_config(text, "test.toml"); }

TEST(GenesisGovernance, ParsesTheSectionAndDelegations) {
  const GenesisConfig c = parse(governed);
  ASSERT_TRUE(c.governance);
  EXPECT_EQ(c.governance->token, "FLUX");
  EXPECT_EQ(c.governance->timelock, "0x000000000000000000000000000000000000f10c");  // the documented default
  EXPECT_EQ(c.governance->proposal_threshold, flux_units(2000));
  EXPECT_EQ(c.governance->quorum, flux_units(5000));
  EXPECT_EQ(c.governance->voting_delay, 2U);
  EXPECT_EQ(c.governance->voting_period, 7300U);
  EXPECT_EQ(c.governance->timelock_delay, 7400U);
  ASSERT_EQ(c.delegations.size(), 1U);
  EXPECT_EQ(c.delegations[0].delegatee, "0x5000000000000000000000000000000000000005");
}

TEST(GenesisGovernance, DefaultsAreFluxFinances) {
  const std::string text = with(governed,
                                "proposal_threshold = \"2000\"\nquorum = \"5000\"\nvoting_delay = 2\n"
                                "voting_period = 7300\ntimelock_delay = 7400\n",
                                "");
  const GenesisConfig c = parse(text);
  ASSERT_TRUE(c.governance);
  EXPECT_EQ(c.governance->proposal_threshold, flux_units(100'000'000));
  EXPECT_EQ(c.governance->quorum, flux_units(1'000'000));
  EXPECT_EQ(c.governance->voting_delay, 1U);
  EXPECT_EQ(c.governance->voting_period, 21'600U);
  EXPECT_EQ(c.governance->timelock_delay, 7'200U);
}

TEST(GenesisGovernance, ValuesOutsideTheEnginesBoundsNameTheirPathAndLine) {
  const GenesisError low = parse_error(with(governed, "quorum = \"5000\"", "quorum = \"999\""), "governance.quorum",
                                       "outside the engine's bounds");
  EXPECT_EQ(low.where().line, line_of(governed, "quorum = "));
  parse_error(with(governed, "proposal_threshold = \"2000\"", "proposal_threshold = \"1000000001\""),
              "governance.proposal_threshold", "outside the engine's bounds");
  parse_error(with(governed, "voting_period = 7300", "voting_period = 7199"), "governance.voting_period",
              "outside the allowed range [7200, 100800]");
  parse_error(with(governed, "voting_delay = 2", "voting_delay = 0"), "governance.voting_delay",
              "outside the allowed range [1, 50400]");
  parse_error(with(governed, "timelock_delay = 7400", "timelock_delay = 216001"), "governance.timelock_delay",
              "outside the allowed range [7200, 216000]");
  parse_error(with(governed, "quorum = \"5000\"", "quorum = \"5000.5\"\nextra = 1"), "governance.extra",
              "unknown key");
}

TEST(GenesisGovernance, TheTokenMustBeAnUnusedEighteenDecimalAsset) {
  parse_error(with(governed, "token = \"FLUX\"", "token = \"NOPE\""), "governance.token", "unknown asset \"NOPE\"");
  parse_error(with(governed, "token = \"FLUX\"", "token = \"USDC\""), "governance.token", "18 decimals");
  parse_error(with(governed, "token = \"FLUX\"", "token = \"WETH\""), "governance.token",
              "cannot be a market's underlying");
  parse_error(with(governed, "[governance]\n", "[governance]\ntimelock = \"0x000000000000000000000000000000000000dead\"\n"),
              "governance.timelock", "locked supply holder");
}

TEST(GenesisGovernance, DelegationsNeedGovernance) {
  const std::string text = with(governed,
                                "[governance]\ntoken = \"FLUX\"\nproposal_threshold = \"2000\"\nquorum = \"5000\"\n"
                                "voting_delay = 2\nvoting_period = 7300\ntimelock_delay = 7400\n",
                                "");
  parse_error(text, "delegations[0]", "need a [governance] section");
}

TEST(GenesisGovernance, TheTimelockBecomesTheAdminAndDelegationsAreActiveVotes) {
  const Genesis g = build_genesis(parse(governed));
  const State& s = g.state;
  ASSERT_TRUE(s.governance.enabled());
  EXPECT_EQ(s.account_names.at(s.governance.timelock), "0x000000000000000000000000000000000000f10c");
  EXPECT_EQ(s.roles.admin, s.governance.timelock);
  // The other roles keep their keys.
  EXPECT_EQ(s.account_names.at(s.roles.oracle), "0x2000000000000000000000000000000000000002");
  EXPECT_EQ(s.account_names.at(s.roles.pause_guardian), "0x3000000000000000000000000000000000000003");
  EXPECT_EQ(s.assets.at(s.governance.token).symbol, "FLUX");
  EXPECT_EQ(s.governance.params.quorum_votes, flux_units(5000));
  EXPECT_EQ(s.governance.timelock_delay, 7400U);
  const AccountId holder = *s.find_account("0x5000000000000000000000000000000000000005");
  EXPECT_EQ(s.governance.delegate_of(holder), holder);
  EXPECT_EQ(current_votes(s.governance, holder), flux_units(250'000));
  EXPECT_EQ(votes_at(s.governance, holder, 0), flux_units(250'000));
}

TEST(GenesisGovernance, TheOldAdminKeyCanNoLongerAct) {
  Genesis g = build_genesis(parse(governed));
  State& s = g.state;
  const AccountId old_admin = *s.find_account("0x1000000000000000000000000000000000000001");
  EXPECT_EQ(apply(s, 1, SetCloseFactor{old_admin, U256(400'000'000'000'000'000ULL)}).error, Error::unauthorized);
  // The timelock itself holds no key: nothing is accepted from it directly either.
  EXPECT_EQ(apply(s, 1, SetCloseFactor{s.governance.timelock, U256(400'000'000'000'000'000ULL)}).error,
            Error::unauthorized);
}

TEST(GenesisGovernance, WithoutTheSectionTheAdminKeepsItsKey) {
  const Genesis g = build_genesis(parse(minimal_toml));
  EXPECT_FALSE(g.state.governance.enabled());
  EXPECT_EQ(g.state.account_names.at(g.state.roles.admin), "0x1000000000000000000000000000000000000001");
}

TEST(GenesisGovernance, TheDevChainIsGovernedAndAliceAlonePassesThresholdAndQuorum) {
  const Genesis g = build_genesis(dev_genesis_config());
  const State& s = g.state;
  ASSERT_TRUE(s.governance.enabled());
  EXPECT_EQ(s.roles.admin, s.governance.timelock);
  EXPECT_EQ(s.governance.params.voting_period, 7'200U);
  EXPECT_EQ(s.governance.timelock_delay, 7'200U);
  EXPECT_EQ(s.governance.params.voting_delay, 1U);
  const AccountId alice = *s.find_account("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
  const U256 votes = votes_at(s.governance, alice, 0);
  EXPECT_EQ(votes, flux_units(500'000));
  EXPECT_GT(votes, s.governance.params.proposal_threshold);
  EXPECT_GE(votes, s.governance.params.quorum_votes);
  // The timelock holds the seed of a WETH listing (the README walkthrough).
  const AssetId weth = *s.asset_by_symbol("WETH");
  EXPECT_EQ(s.accounts[s.governance.timelock].wallet_balance(weth), flux_units(10));
}

}  // namespace
}  // namespace flux::genesis
