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
voting_period = 90000
timelock_delay = 90001

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
  EXPECT_EQ(c.governance->voting_period, 90'000U);  // seconds
  EXPECT_EQ(c.governance->timelock_delay, 90'001U);
  ASSERT_EQ(c.delegations.size(), 1U);
  EXPECT_EQ(c.delegations[0].delegatee, "0x5000000000000000000000000000000000000005");
}

TEST(GenesisGovernance, DefaultsAreFluxFinances) {
  const std::string text = with(governed,
                                "proposal_threshold = \"2000\"\nquorum = \"5000\"\nvoting_delay = 2\n"
                                "voting_period = 90000\ntimelock_delay = 90001\n",
                                "");
  const GenesisConfig c = parse(text);
  ASSERT_TRUE(c.governance);
  EXPECT_EQ(c.governance->proposal_threshold, flux_units(100'000'000));
  EXPECT_EQ(c.governance->quorum, flux_units(1'000'000));
  EXPECT_EQ(c.governance->voting_delay, 1U);             // seconds
  EXPECT_EQ(c.governance->voting_period, 3U * 86'400U);  // 3 days
  EXPECT_EQ(c.governance->timelock_delay, 86'400U);      // 1 day
}

TEST(GenesisGovernance, ValuesOutsideTheEnginesBoundsNameTheirPathAndLine) {
  const GenesisError low = parse_error(with(governed, "quorum = \"5000\"", "quorum = \"999\""), "governance.quorum",
                                       "outside the engine's bounds");
  EXPECT_EQ(low.where().line, line_of(governed, "quorum = "));
  parse_error(with(governed, "proposal_threshold = \"2000\"", "proposal_threshold = \"1000000001\""),
              "governance.proposal_threshold", "outside the engine's bounds");
  // Seconds: voting period 1 to 14 days, voting delay 1 s to 7 days, timelock delay 1 to
  // 30 days. The old block numbers (7,200 for a day) are refused, not read as 2 hours.
  parse_error(with(governed, "voting_period = 90000", "voting_period = 7200"), "governance.voting_period",
              "outside the allowed range [86400, 1209600]");
  parse_error(with(governed, "voting_delay = 2", "voting_delay = 0"), "governance.voting_delay",
              "outside the allowed range [1, 604800]");
  parse_error(with(governed, "timelock_delay = 90001", "timelock_delay = 7200"), "governance.timelock_delay",
              "outside the allowed range [86400, 2592000]");
  parse_error(with(governed, "timelock_delay = 90001", "timelock_delay = 2592001"), "governance.timelock_delay",
              "outside the allowed range [86400, 2592000]");
  parse_error(with(governed, "quorum = \"5000\"", "quorum = \"5000.5\"\nextra = 1"), "governance.extra", "unknown key");
}

TEST(GenesisGovernance, TheTokenMustBeAnUnusedEighteenDecimalAsset) {
  parse_error(with(governed, "token = \"FLUX\"", "token = \"NOPE\""), "governance.token", "unknown asset \"NOPE\"");
  parse_error(with(governed, "token = \"FLUX\"", "token = \"USDC\""), "governance.token", "18 decimals");
  parse_error(with(governed, "token = \"FLUX\"", "token = \"WETH\""), "governance.token",
              "cannot be a market's underlying");
  parse_error(
      with(governed, "[governance]\n", "[governance]\ntimelock = \"0x000000000000000000000000000000000000dead\"\n"),
      "governance.timelock", "locked supply holder");
}

TEST(GenesisGovernance, DelegationsNeedGovernance) {
  const std::string text = with(governed,
                                "[governance]\ntoken = \"FLUX\"\nproposal_threshold = \"2000\"\nquorum = \"5000\"\n"
                                "voting_delay = 2\nvoting_period = 90000\ntimelock_delay = 90001\n",
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
  EXPECT_EQ(s.governance.timelock_delay, 90'001U);  // seconds
  // The chain's block interval (the default 1000 ms) is the governance's: 1 s blocks.
  EXPECT_EQ(s.governance.block_interval_ms, 1'000U);
  EXPECT_EQ(s.governance.timelock_delay_blocks(), 90'001U);
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
  // A day each, in seconds; the dev chain's 1-second blocks make them 86,400 blocks.
  EXPECT_EQ(s.governance.params.voting_period, 86'400U);
  EXPECT_EQ(s.governance.timelock_delay, 86'400U);
  EXPECT_EQ(s.governance.params.voting_delay, 1U);
  EXPECT_EQ(s.governance.block_interval_ms, 1'000U);
  const AccountId alice = *s.find_account("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
  const U256 votes = votes_at(s.governance, alice, 0);
  EXPECT_EQ(votes, flux_units(500'000));
  EXPECT_GT(votes, s.governance.params.proposal_threshold);
  EXPECT_GE(votes, s.governance.params.quorum_votes);
  // The timelock holds the seed of a WETH listing (the README walkthrough).
  const AssetId weth = *s.asset_by_symbol("WETH");
  EXPECT_EQ(s.accounts[s.governance.timelock].wallet_balance(weth), flux_units(10));
}

// A proposal made at block `at` and carried through: its voting window and its eta, in
// blocks, from the engine itself (only requests and the proposal's recorded blocks, so
// the test reads the same before and after durations became seconds).
struct Timeline {
  std::uint64_t start = 0, end = 0, queued_at = 0, eta = 0;
};
Timeline run_one_proposal(State s, const std::string& proposer_name, std::uint64_t at) {
  const AccountId proposer = *s.find_account(proposer_name);
  Timeline t;
  const Outcome made = apply(s, at, Propose{proposer, {SetCloseFactor{0, U256(400'000'000'000'000'000ULL)}}, ""});
  EXPECT_TRUE(made.ok()) << error_name(made.error);
  const Proposal& p = *s.governance.find_proposal(1);
  t.start = p.start_block;
  t.end = p.end_block;
  EXPECT_TRUE(apply(s, t.start + 1, CastVote{proposer, 1, vote_for, ""}).ok());
  t.queued_at = t.end + 1;
  const Outcome queued = apply(s, t.queued_at, Queue{proposer, 1});
  EXPECT_TRUE(queued.ok()) << error_name(queued.error);
  t.eta = s.governance.find_proposal(1)->eta;
  return t;
}

TEST(GenesisGovernance, TheDevChainsOneDayTimelockIsADayOfItsOneSecondBlocks) {
  // The dev chain makes a block a second (block_interval_ms = 1000) and its timelock
  // delay and voting period are one day each: 86,400 s / 1 s = 86,400 blocks. Counted
  // as 12-second blocks (7,200), the "day" was two hours of the dev chain.
  const Genesis g = build_genesis(dev_genesis_config());
  const Timeline t = run_one_proposal(g.state, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", 1);  // alice
  EXPECT_EQ(t.start, 1U + 1U);  // voting delay 1 s = 1 block
  EXPECT_EQ(t.end - t.start, 86'400U);
  EXPECT_EQ(t.eta - t.queued_at, 86'400U);
}

TEST(GenesisGovernance, DurationsBecomeBlocksOfTheGenesisBlockInterval) {
  // The governed genesis's durations: voting delay 2 s, period 90,000 s, timelock 90,001 s,
  // ceil(seconds * 1000 / interval) blocks:
  //   1000 ms:  2, 90,000, 90,001
  //  12000 ms:  ceil(2/12) = 1, 90,000/12 = 7,500, ceil(90,001/12) = 7,501 (7,500 x 12 = 90,000)
  //   7000 ms:  ceil(2/7) = 1, ceil(90,000/7) = 12,858 (12,857 x 7 = 89,999), ceil(90,001/7) = 12,858
  struct Case {
    const char* interval;
    std::uint64_t delay, period, timelock;
  };
  for (const Case& c :
       {Case{"1000", 2, 90'000, 90'001}, Case{"12000", 1, 7'500, 7'501}, Case{"7000", 1, 12'858, 12'858}}) {
    SCOPED_TRACE(c.interval);
    const std::string text = "block_interval_ms = " + std::string(c.interval) + "\n" + governed;
    const Genesis g = build_genesis(parse(text));
    EXPECT_EQ(g.state.governance.block_interval_ms, std::stoull(c.interval));
    const Timeline t = run_one_proposal(g.state, "0x5000000000000000000000000000000000000005", 1);
    EXPECT_EQ(t.start, 1U + c.delay);
    EXPECT_EQ(t.end - t.start, c.period);
    EXPECT_EQ(t.eta - t.queued_at, c.timelock);
  }
}

}  // namespace
}  // namespace flux::genesis
