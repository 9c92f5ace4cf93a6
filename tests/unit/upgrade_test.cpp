// Protocol rule upgrades (engine/upgrade.hpp): scheduling, the checks of
// schedule_upgrade, activation at exactly the scheduled block, and a build refusing
// a version it does not implement. Every request goes through `run`, which checks
// every invariant (rules_forward among them) and that a failed request changed
// nothing.
//
// The world is engine_fixture.hpp's, at block 100 with "@admin" as admin. The governed
// variant installs FLUX (issuer "treasury") with the timelock "timelock" as admin and
// the governor's defaults (governor.hpp): alice holds and self-delegates 150,000,000
// FLUX at block 100, above the 100,000,000 threshold and the 1,000,000 quorum. A
// proposal made at block 101 starts at 101 + 1 (voting delay) = 102, ends at
// 102 + 21,600 = 21,702, is queued at 21,703 with eta 21,703 + 7,200 = 28,903.
#include "engine/upgrade.hpp"
#include "engine/engine.hpp"
#include "engine/governor.hpp"
#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

namespace flux {
namespace {

using test::e18;
using test::frac;

constexpr std::uint64_t P = 101, START = 102, QUEUE = 21'703, ETA = 28'903;

struct Upgrades : test::World {
  // Applies at `block` as a build implementing rules up to `supported`; checks every
  // invariant, and that a failed request changed nothing.
  Outcome run(const Request& r, std::uint64_t block, std::uint32_t supported = rule_version_supported) {
    const State before = s;
    Outcome o = apply_with_rules(s, block, r, supported);
    for (const Violation& v : check_invariants(before, s, r, o))
      ADD_FAILURE() << request_name(r) << ": " << v.invariant << ": " << v.detail;
    if (!o.ok()) {
      EXPECT_TRUE(before == s) << request_name(r) << " failed with " << error_name(o.error) << " but changed the state";
      EXPECT_TRUE(o.events.empty());
    }
    return o;
  }
  Error error_of(const Request& r, std::uint64_t block) { return run(r, block).error; }
  void schedule(std::uint32_t version, std::uint64_t activation, std::uint64_t at = start) {
    const Outcome o = run(ScheduleUpgrade{admin, version, activation}, at);
    ASSERT_TRUE(o.ok()) << error_name(o.error);
  }
  std::optional<ScheduledUpgrade> scheduled() const { return s.scheduled_upgrade; }
};

struct Governed : Upgrades {
  AccountId treasury = 0, timelock = 0, locked = 0;
  Governed() {
    treasury = s.account_id("treasury");
    timelock = s.account_id("timelock");
    locked = s.account_id("locked");
    const AssetId flux = s.add_asset("FLUX", 18);
    s.assets[flux].issuer = treasury;
    s.roles.locked_supply_holder = locked;
    GovernanceSetup setup;
    setup.token = flux;
    setup.timelock = timelock;
    install_governance(s, setup);
    EXPECT_TRUE(run(IssueAsset{treasury, alice, flux, e18(150'000'000)}, start).ok());
    EXPECT_TRUE(run(Delegate{alice, alice}, start).ok());
  }
  // alice proposes at P, votes for at START + 1, queues at QUEUE; the proposal's id.
  std::uint64_t queued(std::vector<GovernanceAction> actions) {
    EXPECT_TRUE(run(Propose{alice, std::move(actions), "upgrade"}, P).ok());
    const std::uint64_t id = s.governance.proposals.size();
    EXPECT_TRUE(run(CastVote{alice, id, vote_for, ""}, START + 1).ok());
    EXPECT_TRUE(run(Queue{alice, id}, QUEUE).ok());
    return id;
  }
};

// Whether `o` reported a Kind (UpgradeScheduled or UpgradeCanceled) of this version and block.
template <class Kind>
bool has_event(const Outcome& o, std::uint32_t version, std::uint64_t activation_block) {
  for (const Event& e : o.events)
    if (const Kind* k = std::get_if<Kind>(&e); k && k->version == version && k->activation_block == activation_block)
      return true;
  return false;
}

TEST(Upgrade, NewStateRunsRuleVersionOneWithNothingScheduled) {
  Upgrades w;
  EXPECT_EQ(w.s.rule_version, 1u);
  EXPECT_FALSE(w.scheduled());
  EXPECT_EQ(effective_rule_version(w.s, 1'000'000), 1u);
  EXPECT_EQ(upgrade_blocking(w.s, 1'000'000), nullptr);
}

TEST(Upgrade, ScheduledThroughAnExecutedProposal) {
  Governed w;
  // The timelock is the admin: neither the former admin nor anyone else may send it.
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 2, ETA + 100}, P), Error::unauthorized);
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.alice, 2, ETA + 100}, P), Error::unauthorized);
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.timelock, 2, ETA + 100}, P), Error::unauthorized);  // keyless

  const std::uint64_t id = w.queued({ScheduleUpgrade{0, 2, ETA + 100}});
  EXPECT_FALSE(w.scheduled());  // queued is not executed
  const Outcome o = w.run(Execute{w.bob, id}, ETA);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  ASSERT_TRUE(w.scheduled());
  EXPECT_EQ(*w.scheduled(), (ScheduledUpgrade{2, ETA + 100}));
  EXPECT_TRUE(has_event<UpgradeScheduled>(o, 2, ETA + 100));
  EXPECT_EQ(std::get<UpgradeScheduled>(o.events.front()).scheduled_by, w.timelock);  // sent by the timelock
  EXPECT_EQ(w.s.rule_version, 1u);
}

TEST(Upgrade, AFailingProposalLeavesNoSchedule) {
  Governed w;
  // The second action fails (fUSD's cash cannot pay 1,000,000 of reserves: a failure
  // only the execution can find, so the proposal is admitted): all or none.
  const std::uint64_t id =
      w.queued({ScheduleUpgrade{0, 2, ETA + 100}, ReduceReservesTo{0, w.f_usd, e18(1'000'000), w.alice}});
  const Outcome o = w.run(Execute{w.bob, id}, ETA);
  EXPECT_EQ(o.error, Error::action_failed);
  EXPECT_EQ(o.failed_action, 1u);
  EXPECT_FALSE(w.scheduled());
}

TEST(Upgrade, OnlyTheAdminMaySchedule) {
  Upgrades w;
  for (AccountId who : {w.alice, w.guardian, w.oracle, w.compliance})
    EXPECT_EQ(w.error_of(ScheduleUpgrade{who, 2, 200}, test::World::start), Error::unauthorized);
  EXPECT_FALSE(w.scheduled());
  const Outcome o = w.run(ScheduleUpgrade{w.admin, 2, 200}, test::World::start);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_TRUE(has_event<UpgradeScheduled>(o, 2, 200));
  EXPECT_EQ(*w.scheduled(), (ScheduledUpgrade{2, 200}));
}

TEST(Upgrade, ScheduleChecksReplacementAndCancel) {
  Upgrades w;
  const std::uint64_t b = test::World::start;
  // Not after the current block: the block that schedules never runs under it.
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 2, b}, b), Error::invalid_parameter);
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 2, 0}, b), Error::invalid_parameter);
  // Nothing to cancel yet; rules never go back.
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 1, 0}, b), Error::invalid_parameter);
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 0, b + 5}, b), Error::invalid_parameter);

  const StateHash before = state_hash(w.s);
  w.schedule(2, b + 1);  // the next block is enough notice
  EXPECT_NE(state_hash(w.s), before);
  w.schedule(3, b + 50);  // replaces
  EXPECT_EQ(*w.scheduled(), (ScheduledUpgrade{3, b + 50}));
  // Cancel: the current version, activation block 0.
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 1, b + 50}, b), Error::invalid_parameter);
  const Outcome o = w.run(ScheduleUpgrade{w.admin, 1, 0}, b);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  EXPECT_TRUE(has_event<UpgradeCanceled>(o, 3, b + 50));
  EXPECT_FALSE(w.scheduled());
  EXPECT_EQ(state_hash(w.s), before);  // same block, nothing scheduled: as before
}

TEST(Upgrade, UnknownVersionRefusesEveryRequestFromExactlyItsBlock) {
  Upgrades w;
  w.schedule(3, 200);  // this build implements up to version 2
  const Request accrue = Accrue{w.alice, w.f_usd};
  EXPECT_EQ(upgrade_blocking(w.s, 199), nullptr);
  EXPECT_TRUE(w.run(accrue, 199).ok());  // the last block of version 1
  const ScheduledUpgrade* blocking = upgrade_blocking(w.s, 200);
  ASSERT_NE(blocking, nullptr);
  EXPECT_EQ(unsupported_upgrade_message(*blocking),
            "protocol rule version 3 activates at block 200; this build implements up to version 2");
  EXPECT_EQ(w.error_of(accrue, 200), Error::rule_version_unsupported);
  EXPECT_EQ(w.error_of(accrue, 5'000), Error::rule_version_unsupported);
  // Even the admin cannot cancel it now: the block runs rules this build does not know.
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 1, 0}, 200), Error::rule_version_unsupported);
  EXPECT_EQ(w.s.rule_version, 1u);
  EXPECT_EQ(effective_rule_version(w.s, 200), 3u);
}

TEST(Upgrade, KnownVersionActivatesWithTheFirstSuccessfulRequestAtItsBlock) {
  Upgrades w;
  w.schedule(2, 200);
  const Request accrue = Accrue{w.alice, w.f_usd};
  // A build implementing version 2 runs block 199 under version 1.
  Outcome o = w.run(accrue, 199, 2);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(w.s.rule_version, 1u);
  EXPECT_EQ(effective_rule_version(w.s, 199), 1u);
  // A failed request at 200 activates nothing (it changes nothing at all).
  EXPECT_FALSE(w.run(Borrow{w.carol, w.f_usd, e18(1)}, 200, 2).ok());  // carol has no collateral
  EXPECT_EQ(w.s.rule_version, 1u);
  EXPECT_EQ(effective_rule_version(w.s, 200), 2u);
  // The first success at 200 writes version 2 before its own events.
  o = w.run(accrue, 200, 2);
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  ASSERT_FALSE(o.events.empty());
  EXPECT_EQ(kind_of(o.events.front()), EventKind::rule_version_activated);
  EXPECT_EQ(std::get<RuleVersionActivated>(o.events.front()).version, 2u);
  EXPECT_EQ(std::get<RuleVersionActivated>(o.events.front()).activation_block, 200u);
  EXPECT_EQ(w.s.rule_version, 2u);
  EXPECT_FALSE(w.scheduled());
  // Now version 1 is in the past: scheduling it is going back.
  EXPECT_EQ(w.error_of(ScheduleUpgrade{w.admin, 1, 300}, 201), Error::invalid_parameter);
}

TEST(Upgrade, StatesDifferingOnlyInRulesDifferInEqualityAndHash) {
  Upgrades a, b;
  EXPECT_TRUE(a.s == b.s);
  b.s.rule_version = 2;
  EXPECT_FALSE(a.s == b.s);
  EXPECT_NE(state_hash(a.s), state_hash(b.s));
  b.s.rule_version = 1;
  b.s.scheduled_upgrade = ScheduledUpgrade{2, 500};
  EXPECT_FALSE(a.s == b.s);
  EXPECT_NE(state_hash(a.s), state_hash(b.s));
  State c = b.s;
  c.scheduled_upgrade->activation_block = 501;
  EXPECT_NE(state_hash(c), state_hash(b.s));
}

TEST(Upgrade, NewTypesAreAppendedNeverRenumbering) {
  const Request r = ScheduleUpgrade{};
  // After the rewards' types, before the price source's, claim_rewards_for and Flux
  // Protocol's 21 (appended later, in that order).
  constexpr std::size_t flux_protocol_types = 21;
  const std::size_t end = std::variant_size_v<Request> - flux_protocol_types;
  EXPECT_EQ(r.index(), end - 3);
  EXPECT_EQ(Request{ClaimRewards{}}.index(), end - 4);
  EXPECT_EQ(Request{SetOracle{}}.index(), end - 2);
  EXPECT_EQ(Request{ClaimRewardsFor{}}.index(), end - 1);
  EXPECT_EQ(Request{SupplyFor{}}.index(), end);
  EXPECT_EQ(Request{SetCreditLimit{}}.index(), std::variant_size_v<Request> - 1);
  const GovernanceAction a = ScheduleUpgrade{};
  EXPECT_EQ(a.index(), std::variant_size_v<GovernanceAction> - 2);
  EXPECT_STREQ(request_name(r), "schedule_upgrade");
  EXPECT_TRUE(is_admin_request(r));
  EXPECT_EQ(static_cast<int>(Error::rule_version_unsupported), static_cast<int>(Error::rewards_disabled) + 1);
  EXPECT_EQ(error_from_name("rule_version_unsupported"), Error::rule_version_unsupported);
  EXPECT_EQ(static_cast<int>(EventKind::upgrade_scheduled),
            static_cast<int>(EventKind::borrower_rewards_distributed) + 1);
  EXPECT_STREQ(event_name(EventKind::rule_version_activated), "rule_version_activated");
}

}  // namespace
}  // namespace flux
