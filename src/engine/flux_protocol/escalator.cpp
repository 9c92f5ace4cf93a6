#include "engine/flux_protocol/escalator.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"

namespace flux::flux_protocol {
namespace {

const U256& safe_line() {  // 95%
  static const U256 v = U256(95) * U256(10'000'000'000'000'000ULL);
  return v;
}
const U256& growth_base() {  // x1.5
  static const U256 v = U256(15) * U256(100'000'000'000'000'000ULL);
  return v;
}
const U256& growth_limit() {  // x2217: 1.5^19 rounded up
  static const U256 v = U256(2'217) * mantissa_one();
  return v;
}
const U256& first_update_borrows() {  // 10,000e18 raw units, whatever the decimals
  static const U256 v = U256(10'000) * mantissa_one();
  return v;
}

bool averaged_safe_line(const EscalatorSlot& s) {
  return !s.count.is_zero() && s.sum_utilization / s.count >= safe_line();
}

// The growth of a slot that follows `previous`: x1.5 more if it averaged at least 95%
// (from x1 if it never had a growth), capped; else x1.
U256 growth_after(const EscalatorSlot& previous) {
  if (!averaged_safe_line(previous)) return mantissa_one();
  U256 g = mul_div(previous.growth, growth_base(), mantissa_one());
  if (g > growth_limit()) g = growth_limit();
  return g.is_zero() ? growth_base() : g;
}

std::size_t ring_before(std::size_t index) { return index == 0 ? escalator_slots - 1 : index - 1; }

}  // namespace

std::uint64_t Escalator::slot_at(std::uint64_t now) const {
  // The contract subtracts unchecked; a chain's time never runs back past the start.
  return now >= start_time ? (now - start_time) / escalator_slot_seconds : 0;
}

U256 escalator_growth(const Escalator& e, std::uint64_t now, EscalatorRule rule) {
  const std::uint64_t slot = e.slot_at(now);
  if (rule == EscalatorRule::by_time && e.start_time != 0 && slot != e.last_slot) {
    // Not updated in this slot yet: what its first update will set.
    if (slot != e.last_slot + 1) return mantissa_one();
    return growth_after(e.history[Escalator::ring_index(e.last_slot)]);
  }
  const U256& g = e.history[Escalator::ring_index(slot)].growth;
  return g.is_zero() ? mantissa_one() : g;
}

void escalator_update(Escalator& e, std::uint64_t now, const U256& utilization, const U256& borrows,
                      EscalatorRule rule) {
  Escalator next = e;  // written back only once nothing can fail
  if (next.start_time == 0) {
    next.start_time = now;
    if (utilization >= safe_line() && borrows > first_update_borrows()) next.history[0].growth = growth_base();
  }
  const std::uint64_t slot = next.slot_at(now);
  const std::size_t index = Escalator::ring_index(slot);
  // The reference compares ring indices: a gap of a multiple of 20 slots is "the same
  // slot". By time, only the same slot is.
  const bool same =
      rule == EscalatorRule::by_time ? slot == next.last_slot : index == Escalator::ring_index(next.last_slot);
  EscalatorSlot& current = next.history[index];
  if (same) {
    current.count += 1;                      // unchecked in the contract: wraps, as here
    current.sum_utilization += utilization;  // likewise
    if (current.growth.is_zero()) current.growth = mantissa_one();
  } else {
    const EscalatorSlot& previous = next.history[ring_before(index)];
    // By time, the slot before is only the previous one if the last update was in it.
    const bool previous_is_last = rule == EscalatorRule::reference || next.last_slot + 1 == slot;
    const U256 growth = previous_is_last ? growth_after(previous) : mantissa_one();
    next.last_slot = slot;
    current = EscalatorSlot{1, utilization, growth};
  }
  e = next;
}

}  // namespace flux::flux_protocol
