// Flux Protocol's rate curve and escalator (engine/flux_protocol/) against the vectors
// recorded on 01 Finance's contracts (tests/flux-protocol/README.md): every entry of
// rate-model.json, every row of rate-model-sweep.json, the exponential table of
// exp-table.json and every step of rate-escalator.json, each compared field by
// field. The escalator's fixed rule (by_time) is checked by hand-computed cases.
#include "engine/error.hpp"
#include "engine/failure.hpp"
#include "engine/flux_protocol/escalator.hpp"
#include "engine/flux_protocol/rate_curve.hpp"

#include "error_of.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>

namespace flux::flux_protocol {
namespace {

using nlohmann::json;

json vector_file(const std::string& name) {
  std::ifstream in(std::string(FLUX_PROTOCOL_VECTORS) + "/" + name);
  EXPECT_TRUE(in) << "cannot read " << name;
  return json::parse(in);
}

U256 u(const json& v) { return *parse_u256(v.get<std::string>()); }
U256 e18(std::uint64_t n) { return U256(n) * U256(1'000'000'000'000'000'000ULL); }
U256 e16(std::uint64_t n) { return U256(n) * U256(10'000'000'000'000'000ULL); }

using test::error_of;

TEST(FluxProtocolRates, ExpTableAndItsSpecialValues) {
  const json d = vector_file("exp-table.json");
  const char* positions[] = {"units_d", "tens_c", "hundreds_b", "thousands_a"};
  std::uint64_t scale = 1;
  for (const char* p : positions) {
    const json& digits = d.at("digits").at(p);
    ASSERT_EQ(digits.size(), 10u);
    // A single digit: exp20 returns the table's entry itself.
    for (std::uint64_t k = 0; k < 10; ++k) EXPECT_EQ(exp20(k * scale), u(digits[k])) << p << " " << k;
    scale *= 10;
  }
  int checked = 0;
  for (const auto& [x, value] : d.at("special").items()) {
    const std::uint64_t at = std::stoull(x);
    if (value.get<std::string>().rfind("REVERT", 0) == 0) {
      EXPECT_EQ(error_of([at] { exp20(at); }), Error::math_error) << x;
    } else {
      EXPECT_EQ(exp20(at), u(value)) << x;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(FluxProtocolRates, EveryRateModelEntry) {
  const json d = vector_file("rate-model.json");
  const U256 reserve_factor = e16(10);
  std::size_t entries = 0, reverts = 0;
  for (const json& e : d.at("entries")) {
    SCOPED_TRACE(e.at("tag").get<std::string>());
    const U256 cash = u(e.at("cash")), borrows = u(e.at("borrows")), reserves = u(e.at("reserves"));
    const U256 growth = u(e.at("growth"));
    ++entries;
    if (e.contains("error")) {
      ++reverts;
      EXPECT_EQ(error_of([&] { borrow_rate_per_second(cash, borrows, reserves, growth); }), Error::math_error);
      EXPECT_EQ(error_of([&] { supply_rate_per_second(cash, borrows, reserves, reserve_factor, growth); }),
                Error::math_error);
      continue;
    }
    const U256 utilization_now = utilization(cash, borrows, reserves);
    EXPECT_EQ(utilization_now, u(e.at("utilization")));
    EXPECT_EQ(utilization_now / U256(100'000'000'000'000ULL), u(e.at("expIndex")));
    EXPECT_EQ(exp20(static_cast<std::uint64_t>(u(e.at("expIndex")))), u(e.at("exp20")));
    EXPECT_EQ(borrow_rate_per_second(cash, borrows, reserves, growth), u(e.at("borrowRatePerSecond")));
    EXPECT_EQ(supply_rate_per_second(cash, borrows, reserves, reserve_factor, growth),
              u(e.at("supplyRatePerSecond_rf10pct")));
  }
  EXPECT_EQ(entries, 1'419u);
  EXPECT_EQ(reverts, 5u);  // four past the table (utilization >= 1.0001), one reserves > cash + borrows
}

TEST(FluxProtocolRates, TheSweepOfEveryTableIndex) {
  const json d = vector_file("rate-model-sweep.json");
  const U256 growth = u(d.at("growth"));
  std::size_t rows = 0;
  for (const json& r : d.at("rows")) {
    // k, cash, borrows, reserves, utilization, exp20(k), borrowRatePerSecond
    const std::uint64_t k = std::stoull(r[0].get<std::string>());
    EXPECT_EQ(utilization(u(r[1]), u(r[2]), u(r[3])), u(r[4])) << k;
    EXPECT_EQ(exp20(k), u(r[5])) << k;
    EXPECT_EQ(borrow_rate_per_second(u(r[1]), u(r[2]), u(r[3]), growth), u(r[6])) << k;
    ++rows;
  }
  EXPECT_EQ(rows, 10'001u);
}

TEST(FluxProtocolRates, TheCurveByHand) {
  // u = 0: exp20(0) / 487603210 = floor(1e18 / 487603210) = 2050847860 (487603210 *
  // 2050847860 = 999999999757630600 <= 1e18 < that + 487603210), + 0 + 5e15 -
  // 2050847859 = 5e15 + 1; per second floor((5e15 + 1) / 31536000) = 158548959
  // (0.5% a year).
  EXPECT_EQ(annual_borrow_rate(0), U256(5'000'000'000'000'000ULL) + 1);
  EXPECT_EQ(borrow_rate_per_second(e18(1), 0, 0, e18(1)), U256(158'548'959));
  // The cap: 1e18 a year, floor(1e18 / 31536000) = 31709791983 a second; x3 growth
  // multiplies the capped rate: floor(3e18 / 31536000) = 95129375951.
  EXPECT_EQ(borrow_rate_per_second(0, e18(1), 0, e18(1)), U256(31'709'791'983ULL));
  EXPECT_EQ(borrow_rate_per_second(0, e18(1), 0, e18(3)), U256(95'129'375'951ULL));
  // cash + borrows < reserves: the contract's checked subtraction reverts.
  EXPECT_EQ(error_of([] { utilization(1, 1, 3); }), Error::math_error);
  // Without borrows, 0 before the subtraction is reached.
  EXPECT_EQ(utilization(1, 0, 3), U256(0));
}

// --- The escalator ----------------------------------------------------------------------

std::uint64_t t_of(const json& step) { return std::stoull(step.at("t").get<std::string>()); }

void expect_state(const Escalator& e, const json& state) {
  EXPECT_EQ(e.start_time, std::stoull(state.at("startTimestamp").get<std::string>()));
  EXPECT_EQ(Escalator::ring_index(e.last_slot), std::stoull(state.at("lastSlot").get<std::string>()));
  const json& history = state.at("history");
  ASSERT_EQ(history.size(), escalator_slots);
  for (std::size_t i = 0; i < escalator_slots; ++i) {
    EXPECT_EQ(e.history[i].count, u(history[i][0])) << "slot " << i;
    EXPECT_EQ(e.history[i].sum_utilization, u(history[i][1])) << "slot " << i;
    EXPECT_EQ(e.history[i].growth, u(history[i][2])) << "slot " << i;
  }
}

TEST(FluxProtocolEscalator, EveryStepOfTheReferenceRule) {
  const json d = vector_file("rate-escalator.json");
  std::map<std::string, Escalator> pools;
  std::size_t updates = 0, probes = 0;
  for (const json& step : d.at("steps")) {
    SCOPED_TRACE("step " + std::to_string(step.at("i").get<int>()) + " pool " + step.at("pool").get<std::string>());
    Escalator& e = pools[step.at("pool").get<std::string>()];
    const std::uint64_t now = t_of(step);
    const U256 cash = u(step.at("cash")), borrows = u(step.at("borrows")), reserves = u(step.at("reserves"));
    if (step.at("kind") == "update") {
      // What an accrual does: the update, then the rate with the slot's growth.
      const U256 utilization_now = utilization(cash, borrows, reserves);
      EXPECT_EQ(utilization_now, u(step.at("utilization")));
      escalator_update(e, now, utilization_now, borrows, EscalatorRule::reference);
      ++updates;
    } else {
      ++probes;
    }
    EXPECT_EQ(e.slot_at(now), std::stoull(step.at("absSlot").get<std::string>()));
    const U256 growth = escalator_growth(e, now, EscalatorRule::reference);
    EXPECT_EQ(growth, u(step.at("growth")));
    EXPECT_EQ(borrow_rate_per_second(cash, borrows, reserves, growth), u(step.at("borrowRatePerSecond")));
    expect_state(e, step.at("state"));
  }
  EXPECT_EQ(updates, 100u);
  EXPECT_EQ(probes, 3u);
  EXPECT_EQ(pools.size(), 6u);
}

// A pool at 99% from t = 1000, one update a slot: x1, x1.5, x2.25, ... (each
// floor(previous * 1.5)); the 20th qualifying slot reaches the cap.
constexpr std::uint64_t start = 1'000;
constexpr std::uint64_t slot_length = escalator_slot_seconds;

TEST(FluxProtocolEscalator, GrowthCompoundsPerQualifyingSlotUpToTheCap) {
  for (const EscalatorRule rule : {EscalatorRule::reference, EscalatorRule::by_time}) {
    Escalator e;
    U256 expected = e18(1);
    for (std::uint64_t slot = 0; slot <= 21; ++slot) {
      escalator_update(e, start + slot * slot_length, e16(99), e18(1), rule);
      EXPECT_EQ(escalator_growth(e, start + slot * slot_length, rule), expected) << "slot " << slot;
      expected = expected * 3 / 2;
      if (expected > e18(2'217)) expected = e18(2'217);
    }
    // 1.5^19 as the floors give it, then the cap.
    EXPECT_EQ(e.history[19].growth, *parse_u256("2216837820053100585937"));
    EXPECT_EQ(e.history[Escalator::ring_index(21)].growth, e18(2'217));
  }
}

TEST(FluxProtocolEscalator, ByTimeAGapStartsAgainFromOne) {
  // Slots 0-4 at 99% (x1, x1.5, x2.25, x3.375, x5.0625), then nothing until slot 25,
  // whose ring index is 5: its predecessor index 4 still holds slot 4 (x5.0625 at 99%),
  // so the reference compounds that stale slot to floor(5.0625 * 1.5) = x7.59375 at 50%
  // utilization. By time the previous 15 hours had no update: x1.
  Escalator reference, by_time;
  for (std::uint64_t slot = 0; slot <= 4; ++slot) {
    escalator_update(reference, start + slot * slot_length, e16(99), e18(1), EscalatorRule::reference);
    escalator_update(by_time, start + slot * slot_length, e16(99), e18(1), EscalatorRule::by_time);
  }
  EXPECT_EQ(reference.history[4].growth, U256(5'062'500'000'000'000'000ULL));
  const std::uint64_t later = start + 25 * slot_length;
  escalator_update(reference, later, e16(50), e18(1), EscalatorRule::reference);
  escalator_update(by_time, later, e16(50), e18(1), EscalatorRule::by_time);
  EXPECT_EQ(escalator_growth(reference, later, EscalatorRule::reference), U256(7'593'750'000'000'000'000ULL));
  EXPECT_EQ(escalator_growth(by_time, later, EscalatorRule::by_time), e18(1));
}

TEST(FluxProtocolEscalator, ByTimeAGapOfTwentySlotsIsNotTheSameSlot) {
  // An update in slot 3 at 99% (x2.25 after slots 0-2 at 99%), then one exactly 20
  // slots later at 10%. The reference sees ring index 3 again: the same slot, whose
  // count and sum grow (2 updates, 1.09 summed) and whose growth stays x3.375. By time
  // it is slot 23, after 19 empty slots: a new slot at x1 with one update.
  Escalator reference, by_time;
  for (std::uint64_t slot = 0; slot <= 3; ++slot) {
    escalator_update(reference, start + slot * slot_length, e16(99), e18(1), EscalatorRule::reference);
    escalator_update(by_time, start + slot * slot_length, e16(99), e18(1), EscalatorRule::by_time);
  }
  const std::uint64_t later = start + 23 * slot_length;
  escalator_update(reference, later, e16(10), e18(1), EscalatorRule::reference);
  escalator_update(by_time, later, e16(10), e18(1), EscalatorRule::by_time);
  EXPECT_EQ(reference.history[3].count, U256(2));
  EXPECT_EQ(reference.history[3].sum_utilization, e16(109));
  EXPECT_EQ(reference.history[3].growth, U256(3'375'000'000'000'000'000ULL));
  EXPECT_EQ(by_time.history[3].count, U256(1));
  EXPECT_EQ(by_time.history[3].sum_utilization, e16(10));
  EXPECT_EQ(by_time.history[3].growth, e18(1));
  EXPECT_EQ(by_time.last_slot, 23u);
}

TEST(FluxProtocolEscalator, ByTimeAReadBetweenUpdatesIsWhatTheNextUpdateUses) {
  // Slots 0-1 at 99% (slot 1: x1.5). A read in slot 2 before any update there: the
  // reference returns ring index 2's stored growth (never written: x1); by time, the
  // growth slot 2's first update will set, floor(1.5 * 1.5) = x2.25. A read in slot 3
  // (slot 2 had no update): x1.
  Escalator e;
  escalator_update(e, start, e16(99), e18(1), EscalatorRule::by_time);
  escalator_update(e, start + slot_length, e16(99), e18(1), EscalatorRule::by_time);
  EXPECT_EQ(escalator_growth(e, start + 2 * slot_length, EscalatorRule::reference), e18(1));
  EXPECT_EQ(escalator_growth(e, start + 2 * slot_length, EscalatorRule::by_time), U256(2'250'000'000'000'000'000ULL));
  EXPECT_EQ(escalator_growth(e, start + 3 * slot_length, EscalatorRule::by_time), e18(1));
  escalator_update(e, start + 2 * slot_length + 7, e16(20), e18(1), EscalatorRule::by_time);
  EXPECT_EQ(escalator_growth(e, start + 2 * slot_length + 8, EscalatorRule::by_time),
            U256(2'250'000'000'000'000'000ULL));
}

TEST(FluxProtocolEscalator, AFirstUpdateAtNinetyFivePercentWithLargeBorrowsStartsAtOneAndAHalf) {
  // Borrows must be strictly above 10,000e18 raw units and utilization at least 95%.
  Escalator big, exact, low;
  escalator_update(big, start, e16(95), e18(10'000) + 1, EscalatorRule::reference);
  escalator_update(exact, start, e16(95), e18(10'000), EscalatorRule::reference);
  escalator_update(low, start, e16(95) - 1, e18(20'000), EscalatorRule::reference);
  EXPECT_EQ(escalator_growth(big, start, EscalatorRule::reference), U256(1'500'000'000'000'000'000ULL));
  EXPECT_EQ(escalator_growth(exact, start, EscalatorRule::reference), e18(1));
  EXPECT_EQ(escalator_growth(low, start, EscalatorRule::reference), e18(1));
  EXPECT_EQ(big.history[0].count, U256(1));
  EXPECT_EQ(big.start_time, start);
}

}  // namespace
}  // namespace flux::flux_protocol
