// The voting window `flux gov show` and `flux gov list` print (cli/voting_window.hpp)
// is the one the engine applies: a vote in the printed first block is accepted, one in
// the block before it is refused with voting_closed, and likewise at the last block.
// (The CLI used to print the start block itself as the first, "blocks 14 to 7214", and
// a vote landing in block 14 failed.)
#include "cli/voting_window.hpp"

#include "engine/engine.hpp"
#include "node/genesis/dev_config.hpp"
#include "node/genesis/genesis.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace flux::cli {
namespace {

struct DevProposal {
  State state;
  AccountId alice = no_account, bob = no_account;
  nlohmann::json json;  // the proposal as the RPC gives it: start_block, end_block, block
};

// The dev chain (1 s blocks, voting delay 1 s, voting period a day) with alice's
// proposal 1 made in block `at`, read at block `at`.
DevProposal dev_proposal(std::uint64_t at) {
  DevProposal d{genesis::build_genesis(genesis::dev_genesis_config()).state, no_account, no_account, {}};
  d.alice = *d.state.find_account("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
  d.bob = *d.state.find_account("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
  const Outcome made = apply(d.state, at, Propose{d.alice, {SetCloseFactor{0, U256(400'000'000'000'000'000ULL)}}, ""});
  EXPECT_TRUE(made.ok()) << error_name(made.error);
  const Proposal& p = *d.state.governance.find_proposal(1);
  d.json = {{"start_block", p.start_block}, {"end_block", p.end_block}, {"block", at}};
  return d;
}

Error vote_in(State state, AccountId voter, std::uint64_t block) {
  return apply(state, block, CastVote{voter, 1, vote_for, ""}).error;
}

TEST(VotingWindow, ThePrintedFirstAndLastBlocksAreTheOnesTheEngineAcceptsVotesIn) {
  const DevProposal d = dev_proposal(10);
  // Made in block 10: start = 10 + 1 (voting delay 1 s = 1 block of 1 s), end = start +
  // 86,400 (a day of 1 s blocks) = 86,411; votes are accepted in blocks 12 to 86,411.
  const std::string text = voting_window_text(d.json, 1'000);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("^blocks ([0-9]+) to ([0-9]+),"))) << text;
  const std::uint64_t first = std::stoull(m[1].str());
  const std::uint64_t last = std::stoull(m[2].str());
  EXPECT_EQ(first, 12U);
  EXPECT_EQ(last, 86'411U);
  EXPECT_EQ(vote_in(d.state, d.alice, first - 1), Error::voting_closed);  // the start block: still pending
  EXPECT_EQ(vote_in(d.state, d.alice, first), Error::ok);
  EXPECT_EQ(vote_in(d.state, d.bob, last), Error::ok);
  EXPECT_EQ(vote_in(d.state, d.bob, last + 1), Error::voting_closed);
  // gov list's VOTE FROM / VOTE TO columns.
  EXPECT_EQ(voting_window(d.json).first_block, first);
  EXPECT_EQ(voting_window(d.json).last_block, last);
}

TEST(VotingWindow, SaysWhenItOpensAndClosesAtTheBlockInterval) {
  const DevProposal d = dev_proposal(10);
  // From block 10 at 1 s blocks: block 12 is 2 blocks = 2 s away; block 86,411 is 86,401
  // blocks = 86,401 s, under two days so in hours: 24.0 h.
  EXPECT_EQ(voting_window_text(d.json, 1'000),
            "blocks 12 to 86411, both included (opens in ~2 s, closes in ~24.0 h; the latest block is 10)");
  // The same blocks at 12 s: 24 s, and 86,401 x 12 s = 12.0 days.
  EXPECT_EQ(voting_window_text(d.json, 12'000),
            "blocks 12 to 86411, both included (opens in ~24 s, closes in ~12.0 d; the latest block is 10)");
}

TEST(VotingWindow, ApproximateTimes) {
  // blocks x interval: 90 x 1 s = 90 s (under 120 s: seconds); 300 x 1 s = 5 min and
  // 5,400 x 1 s = 90 min (under 7,200 s: minutes); 7,200 x 12 s = 86,400 s (under two
  // days: hours) = 24.0 h; 14,400 x 12 s = 172,800 s = 2.0 d.
  EXPECT_EQ(approx_time(90, 1'000), "~90 s");
  EXPECT_EQ(approx_time(300, 1'000), "~5 min");
  EXPECT_EQ(approx_time(5'400, 1'000), "~90 min");
  EXPECT_EQ(approx_time(7'200, 12'000), "~24.0 h");
  EXPECT_EQ(approx_time(14'400, 12'000), "~2.0 d");
  EXPECT_EQ(when(5, 5, 1'000), "now");
  EXPECT_EQ(when(3, 5, 1'000), "~2 s ago");
}

}  // namespace
}  // namespace flux::cli
