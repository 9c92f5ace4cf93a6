// The Gov world shared by the governance tests (governance_test.cpp and
// governance_checks_test.cpp); what it holds and its usual timeline:
//
// The Gov world (engine_fixture.hpp's World, plus):
//   FLUX (18 decimals, issuer "treasury"); the timelock "timelock" is the admin; the
//   locked supply holder is "locked". Before the hand-over the old admin paid 10 USD
//   into the timelock's wallet and 5 USD of reserves into fUSD (cash 5, reserves 5).
//   Governor: Flux Finance's defaults — threshold 100,000,000 FLUX, quorum 1,000,000,
//   voting delay 1 block, voting period 21,600 blocks, timelock delay 7,200 blocks
//   (1 day at 12-second blocks), grace 100,800 blocks (14 days).
//   At block 100 the treasury issues alice 150,000,000 FLUX, bob 2,000,000 and dave
//   500,000, and each delegates to itself: their votes are their balances.
//
// The usual timeline: a proposal made at block 101 (P) starts at 101 + 1 = 102 (START)
// and ends at 102 + 21,600 = 21,702 (END); it can be queued from 21,703 (QUEUE), which
// gives eta = 21,703 + 7,200 = 28,903 (ETA); it executes at blocks 28,903 to
// 28,903 + 100,800 - 1 = 129,702 and is expired from 129,703 (STALE).
#pragma once

#include "engine/engine.hpp"
#include "engine/governor.hpp"
#include "engine/invariants.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace flux::test_governance {

using test::e18;
using test::frac;
using test::World;

constexpr std::uint64_t P = 101;
constexpr std::uint64_t START = 102;
constexpr std::uint64_t END = 21'702;
constexpr std::uint64_t QUEUE = 21'703;
constexpr std::uint64_t ETA = 28'903;
constexpr std::uint64_t STALE = 129'703;

inline U256 flux_units(std::uint64_t whole) { return e18(whole); }

struct Gov : World {
  AccountId treasury = 0, timelock = 0, locked = 0, eve = 0;
  AssetId flux = 0;

  explicit Gov(bool timelock_is_admin = true) {
    treasury = s.account_id("treasury");
    timelock = s.account_id("timelock");
    locked = s.account_id("locked");
    eve = s.account_id("eve");
    flux = s.add_asset("FLUX", 18);
    s.assets[flux].issuer = treasury;
    s.roles.locked_supply_holder = locked;
    prices_and_compliance();
    must(Faucet{admin, timelock, usd, e18(10)});
    must(AddReserves{admin, f_usd, e18(5)});
    GovernanceSetup setup;
    setup.token = flux;
    setup.timelock = timelock;
    setup.timelock_is_admin = timelock_is_admin;
    install_governance(s, setup);
    const std::pair<AccountId, std::uint64_t> holders[] = {{alice, 150'000'000}, {bob, 2'000'000}, {dave, 500'000}};
    for (const auto& holder : holders) {
      expect_ok(run(IssueAsset{treasury, holder.first, flux, flux_units(holder.second)}, 100));
      expect_ok(run(Delegate{holder.first, holder.first}, 100));
    }
  }

  // Applies at `block` and checks every invariant; a failed request must change nothing.
  Outcome run(const Request& r, std::uint64_t block) {
    const State before = s;
    Outcome o = apply(s, block, r);
    for (const Violation& v : check_invariants(before, s, r, o))
      ADD_FAILURE() << request_name(r) << ": " << v.invariant << ": " << v.detail;
    if (!o.ok()) {
      EXPECT_TRUE(before == s) << request_name(r) << " failed with " << error_name(o.error) << " but changed the state";
      EXPECT_EQ(state_hash(before), state_hash(s));
      EXPECT_TRUE(o.events.empty());
    }
    return o;
  }
  static void expect_ok(const Outcome& o) { EXPECT_TRUE(o.ok()) << error_name(o.error); }
  Error error_of(const Request& r, std::uint64_t block) { return run(r, block).error; }

  U256 votes(AccountId a) const { return current_votes(s.governance, a); }
  U256 votes_at_block(AccountId a, std::uint64_t block) const { return votes_at(s.governance, a, block); }
  const Proposal& proposal(std::uint64_t id) const { return *s.governance.find_proposal(id); }
  ProposalState state_of(std::uint64_t id, std::uint64_t block) const {
    return proposal_state(proposal(id), block, s.governance.grace_period_blocks());
  }

  // alice proposes at P; bob (2,000,000 for) votes at START + 1; queued at QUEUE.
  std::uint64_t queued(std::vector<GovernanceAction> actions) {
    expect_ok(run(Propose{alice, std::move(actions), "test"}, P));
    const std::uint64_t id = s.governance.proposals.size();
    expect_ok(run(CastVote{bob, id, vote_for, ""}, START + 1));
    expect_ok(run(Queue{dave, id}, QUEUE));
    return id;
  }
  GovernanceAction collateral_factor(MarketId m, const U256& value) const { return SetCollateralFactor{0, m, value}; }
};

}  // namespace flux::test_governance
