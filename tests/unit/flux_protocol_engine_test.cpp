// Flux Protocol inside the one engine: a deployment runs one protocol's operations
// and refuses the other's; its state (pool terms, settings, per-account records, the
// clock) is journaled, hashed and kept in the state root like the rest; a failed
// operation changes nothing.
#include "engine/change_checks.hpp"
#include "engine/engine.hpp"
#include "engine/invariants.hpp"
#include "engine/journal.hpp"
#include "engine/state_hash.hpp"
#include "engine/state_root.hpp"
#include "scenario/protocol_trace.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace flux {
namespace {

std::string vectors(const std::string& name) { return std::string(FLUX_PROTOCOL_VECTORS) + "/" + name; }

// The state after the main trace (tests/flux-protocol/vectors/protocol-main.json).
State after_main_trace() {
  std::ifstream in(vectors("protocol-main.json"));
  const scenario::TraceResult r = scenario::replay_protocol_trace(in);
  EXPECT_TRUE(r.passed());
  return r.final_state;
}

TEST(FluxProtocolEngine, EachDeploymentRefusesTheOtherProtocolsOperations) {
  State fp = after_main_trace();
  const AccountId alice = *fp.find_account("alice");
  const AccountId bob = *fp.find_account("bob");
  const State before = fp;
  // Compound's own: liquidation with a close factor, membership by request.
  EXPECT_EQ(apply(fp, fp.block, fp.time, Liquidate{alice, bob, 0, 1, 1}).error, Error::wrong_protocol);
  EXPECT_EQ(apply(fp, fp.block, fp.time, EnterMarkets{alice, {0}}).error, Error::wrong_protocol);
  EXPECT_EQ(apply(fp, fp.block, fp.time, SetCollateralFactor{*fp.find_account("admin"), 0, 1}).error,
            Error::wrong_protocol);
  EXPECT_TRUE(fp == before);

  State compound;
  compound.blocks_per_year = U256(2'102'400);
  const AccountId a = compound.account_id("a");
  const AccountId b = compound.account_id("b");
  EXPECT_EQ(apply(compound, 1, LiquidatePosition{a, b}).error, Error::wrong_protocol);
  EXPECT_EQ(apply(compound, 1, MarginCall{a, b}).error, Error::wrong_protocol);
  EXPECT_EQ(apply(compound, 1, AccrueAll{a}).error, Error::wrong_protocol);
}

TEST(FluxProtocolEngine, TimeOnlyMovesForward) {
  State s = after_main_trace();
  const AccountId carol = *s.find_account("carol");
  EXPECT_EQ(apply(s, s.block, s.time - 1, AccrueAll{carol}).error, Error::block_in_past);
  const std::uint64_t later = s.time + 3600;
  ASSERT_TRUE(apply(s, s.block + 1, later, AccrueAll{carol}).ok());
  EXPECT_EQ(s.time, later);
  for (const Market& m : s.markets) EXPECT_EQ(m.book.accrual_block, later);  // every pool accrued to the new time
}

TEST(FluxProtocolEngine, AFailedOperationChangesNothingNotEvenItsAccrual) {
  State s = after_main_trace();
  const AccountId carol = *s.find_account("carol");
  const AccountId alice = *s.find_account("alice");
  const State before = s;
  const StateHash hash = state_hash(s);
  // An hour later: the liquidation would accrue every market of alice's first, then
  // finds her healthy.
  const Outcome o = apply(s, s.block + 1, s.time + 3600, LiquidatePosition{carol, alice});
  EXPECT_EQ(o.error, Error::insufficient_shortfall);
  EXPECT_TRUE(o.events.empty());
  EXPECT_TRUE(s == before);
  EXPECT_EQ(state_hash(s), hash);
}

TEST(FluxProtocolEngine, TheRootKeptFromChangeSetsEqualsTheRootRebuilt) {
  // Every successful request of the random trace (liquidations, margin calls, credit
  // lines, allowances, switches) updates a kept root from its change set alone, and
  // keeps the laws of change_checks.hpp (a node refuses a transaction breaking one).
  MerkleMap kept;
  bool started = false;
  std::size_t checked = 0;
  std::ifstream in(vectors("random-1.json"));
  const scenario::TraceResult r = scenario::replay_protocol_trace(in, [&](const Outcome& outcome, const State& state) {
    // The laws a node checks on every transaction hold for each of them too, and
    // every invariant of a state alone (what `fluxd verify` checks after each block).
    ASSERT_EQ(check_changes(state, outcome.changes), std::nullopt) << "after request " << checked;
    for (const Violation& v : check_invariants(state, state, Accrue{0, 0}, Outcome{}))
      ADD_FAILURE() << "after request " << checked << ": " << v.invariant << ": " << v.detail;
    if (!started) {
      // The first request's changes are applied below; the state before it is the
      // deployment, which a rebuild from the state after it covers as well.
      put_state(kept, state);
      started = true;
      return;
    }
    for (const Change& c : outcome.changes) put_entry(kept, state, c.key);
    ++checked;
    ASSERT_EQ(kept.root(), state_root(state)) << "after request " << checked;
  });
  EXPECT_TRUE(r.passed());
  EXPECT_GT(checked, 300U);
}

TEST(FluxProtocolEngine, TheStateHashCoversFluxProtocolsParts) {
  const State s = after_main_trace();
  const StateHash h = state_hash(s);
  State changed = s;
  changed.protocol_settings.liquidation_disabled = true;
  EXPECT_NE(state_hash(changed), h);
  changed = s;
  changed.markets[0].pool.escalator.history[0].count += 1;
  EXPECT_NE(state_hash(changed), h);
  EXPECT_NE(state_root(changed), state_root(s));
  changed = s;
  changed.protocol_accounts[*s.find_account("bob")].credit_borrower = true;
  EXPECT_NE(state_hash(changed), h);
  EXPECT_NE(state_root(changed), state_root(s));
  changed = s;
  changed.time += 1;
  EXPECT_NE(state_hash(changed), h);
  EXPECT_NE(state_root(changed), state_root(s));
}

}  // namespace
}  // namespace flux
