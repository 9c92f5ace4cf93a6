// The seeded whole-node simulator (src/fuzz/simulator.hpp): a short fixed set of
// seeds must run clean, a seed must repeat exactly, and a violation injected behind
// the engine's back must be caught and reported with its seed and step.
#include "engine/operation_registry.hpp"
#include "fuzz/simulator.hpp"
#include "node/transaction.hpp"

#include <gtest/gtest.h>

#include <set>

namespace flux::fuzz {
namespace {

constexpr std::uint64_t kOps = 2'000;

FuzzReport run(std::uint64_t seed, std::uint64_t ops, std::optional<std::uint64_t> inject = std::nullopt) {
  FuzzOptions options;
  options.seed = seed;
  options.ops = ops;
  options.inject_violation_at_block = inject;
  return run_fuzz(options);
}

// Five seeds of 2,000 operations: no violation, and between them the run did what
// it is for — every transaction type drawn, the governance lifecycle and
// liquidations carried out, blocks committed and replayed, and every kind of fault
// injected and survived.
TEST(Fuzz, FixedSeedsRunClean) {
  FuzzReport sum;
  std::set<std::string> drawn, succeeded;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const FuzzReport r = run(seed, kOps);
    ASSERT_FALSE(r.failure) << failure_text(r);
    EXPECT_EQ(r.ops_run, kOps);
    EXPECT_EQ(r.replayed_blocks, r.head) << "the replay from genesis covers every committed block (genesis is 0)";
    EXPECT_EQ(r.final_state_hash.size(), 66u);
    std::printf("%s\n", summary_line(r).c_str());
    sum.blocks += r.blocks;
    sum.restarts += r.restarts;
    sum.crashes += r.crashes;
    sum.torn_writes += r.torn_writes;
    sum.failed_writes += r.failed_writes;
    sum.lost_blocks += r.lost_blocks;
    sum.executed_ok += r.executed_ok;
    sum.admitted += r.admitted;
    for (const auto& [type, n] : r.by_type) drawn.insert(type);
    for (const auto& [type, n] : r.succeeded_by_type) succeeded.insert(type);
    for (const auto& [kind, n] : r.rejected) sum.rejected[kind] += n;
  }
  // Every type of the fuzzed chain's protocol (Compound's) is drawn; Flux Protocol's
  // own could only be refused there.
  for (const node::TransactionType& t : node::transaction_types()) {
    if (runs_under(*descriptor_by_transaction(t.name), Protocol::compound)) {
      EXPECT_TRUE(drawn.count(t.name)) << t.name;
    }
  }
  for (const char* type :
       {"Mint", "Redeem", "Borrow", "Repay", "Liquidate", "Propose", "CastVote", "Queue", "Execute", "SetPrice",
        "GrantKyc", "Delegate", "FundRewards", "ClaimRewards", "ClaimRewardsFor", "TransferAsset"})
    EXPECT_TRUE(succeeded.count(type)) << type << " never succeeded in the fixed seeds";
  for (const char* kind : {"malformed", "bad_signature", "wrong_signer", "nonce_used", "nonce_skipped", "unauthorized"})
    EXPECT_GT(sum.rejected[kind], 0u) << kind;
  EXPECT_GT(sum.restarts, 0u);
  EXPECT_GT(sum.crashes, 0u);
  EXPECT_GT(sum.torn_writes, 0u);
  EXPECT_GT(sum.failed_writes, 0u);
  EXPECT_GT(sum.lost_blocks, 0u) << "a torn or failed commit should have lost its block at least once";
  EXPECT_GT(sum.executed_ok, 1'000u);
}

// Same seed, same run: the same counters and the same final state hash; another
// seed ends elsewhere.
TEST(Fuzz, SameSeedSameRun) {
  const FuzzReport a = run(11, 1'500);
  const FuzzReport b = run(11, 1'500);
  const FuzzReport c = run(12, 1'500);
  ASSERT_FALSE(a.failure) << failure_text(a);
  ASSERT_FALSE(b.failure) << failure_text(b);
  ASSERT_FALSE(c.failure) << failure_text(c);
  EXPECT_EQ(a.final_state_hash, b.final_state_hash);
  EXPECT_EQ(a.head, b.head);
  EXPECT_EQ(a.transactions, b.transactions);
  EXPECT_EQ(a.admitted, b.admitted);
  EXPECT_EQ(a.rejected, b.rejected);
  EXPECT_EQ(a.failed, b.failed);
  EXPECT_EQ(a.crashes, b.crashes);
  EXPECT_EQ(a.lost_blocks, b.lost_blocks);
  EXPECT_NE(a.final_state_hash, c.final_state_hash);
}

// Market 0's total supply raised by one right after the first block numbered 40 or
// more: supply_matches_balances must fire at that very block, the run must stop at
// that step, and the report must name the seed and the step and the command that
// repeats it; and it does repeat, at the same operation.
TEST(Fuzz, InjectedViolationIsReportedWithSeedAndStep) {
  const FuzzReport r = run(3, kOps, 40);
  ASSERT_TRUE(r.failure) << "the injected violation went unnoticed";
  EXPECT_GE(r.failure->block, 40u);
  EXPECT_LT(r.failure->op, kOps);
  EXPECT_NE(r.failure->what.find("supply_matches_balances"), std::string::npos) << r.failure->what;
  EXPECT_NE(r.failure->what.find("block " + std::to_string(r.failure->block)), std::string::npos) << r.failure->what;
  const std::string text = failure_text(r);
  EXPECT_NE(
      text.find("seed 3 at op " + std::to_string(r.failure->op) + " (block " + std::to_string(r.failure->block) + ")"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("flux fuzz --seed 3 --ops 2000"), std::string::npos) << text;
  EXPECT_EQ(r.violations(), 1u);

  const FuzzReport again = run(3, kOps, 40);
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.failure->op, r.failure->op);
  EXPECT_EQ(again.failure->block, r.failure->block);

  // Without the injection the same seed runs clean: the failure is the injection's.
  const FuzzReport clean = run(3, r.failure->op + 1);
  EXPECT_FALSE(clean.failure) << failure_text(clean);
}

}  // namespace
}  // namespace flux::fuzz
