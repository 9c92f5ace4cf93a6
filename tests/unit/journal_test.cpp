// The journal (engine/journal.hpp): a request's change set names every entry it
// changed with its value before, a failed request changes nothing, rollback puts
// every entry back, and a check failing after a write is a bug, not a failed request.
#include "engine_fixture.hpp"

#include "engine/change_checks.hpp"
#include "engine/journal.hpp"
#include "engine/operations/context.hpp"
#include "scenario/replay.hpp"
#include "scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <stdexcept>

namespace flux::test {
namespace {

std::string describe(const EntryKey& key) {
  return std::string(entry_kind_name(key.kind)) + "/" + std::to_string(key.id);
}

// What a step's change set must be, compared with the states before and after it:
// every entry whose value differs is named, each once, and its recorded value before
// is the one the state had. Returns how many entries differed.
std::size_t expect_change_set_exact(const State& before, const State& after, const ChangeSet& changes,
                                    const std::string& where) {
  std::set<EntryKey> named;
  for (const Change& c : changes) {
    EXPECT_TRUE(named.insert(c.key).second) << where << ": " << describe(c.key) << " named twice";
    EXPECT_TRUE(c.before == read_entry(before, c.key)) << where << ": the value before of " << describe(c.key);
  }
  std::set<EntryKey> keys;
  for (const EntryKey& k : all_entries(before)) keys.insert(k);
  for (const EntryKey& k : all_entries(after)) keys.insert(k);
  std::size_t differing = 0;
  for (const EntryKey& k : keys) {
    if (read_entry(before, k) == read_entry(after, k)) continue;
    ++differing;
    EXPECT_TRUE(named.count(k)) << where << ": " << describe(k) << " changed but is not in the change set";
  }
  return differing;
}

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {FLUX_OWN_SCENARIOS, FLUX_CONFORMANCE_VECTORS})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(JournalChangeSet, NamesEveryEntryEachScenarioStepChanged) {
  const auto files = scenario_files();
  // tests/scenarios has 34 files (6 of them in access/), tests/conformance 12.
  ASSERT_EQ(files.size(), 46U);
  std::size_t steps_ok = 0, steps_failed = 0, entries_changed = 0;
  for (const auto& file : files) {
    const scenario::Scenario sc = scenario::load(file.string());
    std::optional<State> before;
    scenario::ReplayOptions options;
    options.after_step = [&](const scenario::Step& step, const Outcome& outcome, const State& after) {
      const std::string where = file.filename().string() + " step " + std::to_string(step.index) + " " + step.op;
      if (before && step.request) {
        if (outcome.ok()) {
          ++steps_ok;
          entries_changed += expect_change_set_exact(*before, after, outcome.changes, where);
          // The node's per-transaction laws hold on every step (no false alarms).
          EXPECT_EQ(check_changes(after, outcome.changes), std::nullopt) << where;
        } else {
          ++steps_failed;
          EXPECT_TRUE(outcome.changes.empty()) << where;
          EXPECT_TRUE(*before == after) << where << ": a failed request changed the state";
        }
      }
      before = after;
    };
    const scenario::ReplayResult result = scenario::replay(sc, options);
    EXPECT_TRUE(result.passed()) << file;
  }
  // Enough of both kinds for the check to mean something.
  EXPECT_GT(steps_ok, 500U);
  EXPECT_GT(steps_failed, 100U);
  EXPECT_GT(entries_changed, steps_ok);
}

TEST(JournalChangeSet, AMintNamesTheMarketTheMinterAndTheBlock) {
  Scene w;
  const MarketBook book_before = w.s.markets[w.f_usd].book;
  const Account minter_before = w.s.accounts[w.alice];
  const Outcome o = apply(w.s, World::start + 1, Mint{w.alice, w.f_usd, e18(100)});
  ASSERT_TRUE(o.ok()) << error_name(o.error);
  std::set<EntryKey> keys;
  for (const Change& c : o.changes) keys.insert(c.key);
  const std::set<EntryKey> expected{{EntryKind::block, 0}, {EntryKind::market, w.f_usd}, {EntryKind::account, w.alice}};
  EXPECT_EQ(keys, expected);
  for (const Change& c : o.changes) {
    if (c.key.kind == EntryKind::market) {
      EXPECT_EQ(std::get<Market>(c.before).book, book_before);
    } else if (c.key.kind == EntryKind::account) {
      EXPECT_EQ(std::get<Account>(c.before), minter_before);
    } else {
      EXPECT_EQ(std::get<std::uint64_t>(c.before), World::start);
    }
  }
}

TEST(JournalRollback, PutsBackWrittenAppendedAndCreatedEntries) {
  World w;
  const State original = w.s;
  std::vector<Event> events;
  Journal journal;
  Context ctx(w.s, World::start + 1, events, journal);
  ctx.write_account(w.alice).sanctioned = true;
  ctx.write_account(w.alice).entered_markets = 7;  // twice: recorded once
  ctx.write_book(w.f_eth).cash = e18(1);
  MarketConfig config = w.s.markets[w.f_usd].config;
  config.symbol = "fNEW";
  ctx.append_market(config);
  ctx.write_risk().close_factor = 0;
  ctx.write_roles().oracle = w.bob;
  ctx.write_reward_account(w.bob).accrued = 5;  // created
  ctx.write_block(World::start + 1);
  EXPECT_EQ(journal.changes().size(), 7U);  // alice, fETH, fNEW, risk, roles, bob's rewards, block
  EXPECT_EQ(journal.writes(), 8U);
  EXPECT_FALSE(w.s == original);
  journal.rollback(w.s);
  EXPECT_TRUE(w.s == original);
  EXPECT_EQ(w.s.markets.size(), original.markets.size());
  EXPECT_FALSE(w.s.rewards.accounts.contains(w.bob));
  EXPECT_TRUE(journal.changes().empty());
}

TEST(PhaseRule, AFailureAfterAWriteIsABugNotAFailedRequest) {
  World w;
  std::vector<Event> events;
  Journal journal;
  Context ctx(w.s, World::start + 1, events, journal);
  // Failing before any write is an ordinary failed request.
  EXPECT_THROW(run_in_phases(ctx, "test", [] { fail(Error::paused); }), Failure);
  // Failing after one is the alarm.
  try {
    run_in_phases(ctx, "mint", [&ctx, &w] {
      ctx.write_account(w.alice).sanctioned = true;
      fail(Error::insufficient_balance);
    });
    ADD_FAILURE() << "no alarm";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("mint failed with insufficient_balance after it had written"),
              std::string::npos)
        << e.what();
  }
  // An execute's action failure passes through (the execute undoes it as a whole).
  EXPECT_THROW(run_in_phases(ctx, "execute",
                             [&ctx, &w] {
                               ctx.write_account(w.bob).sanctioned = true;
                               ActionFailed f;
                               f.error = Error::action_failed;
                               throw f;
                             }),
               ActionFailed);
}

TEST(JournalRollback, AFailedRequestReportsNoChangesAndLeavesTheStateAsItWas) {
  World w;
  const State original = w.s;
  const Outcome o = apply(w.s, World::start + 1, Borrow{w.alice, w.f_usd, e18(1)});  // alice has no collateral
  EXPECT_FALSE(o.ok());
  EXPECT_TRUE(o.changes.empty());
  EXPECT_TRUE(w.s == original);
}

}  // namespace
}  // namespace flux::test
