// Flux Protocol's rate escalator: each pool multiplies its (capped) annual borrow rate
// by a growth factor that is x1.5 more for every 15-hour slot that follows one whose
// average utilization was at least 95%, up to x2217, and falls back to x1 after a
// slot below 95%. The pool keeps the last 20 slots: per slot the number of updates,
// the sum of their utilizations and the slot's growth.
//
// Two rules (docs/flux-protocol.md):
//   - reference: 01 Finance's contract exactly. It looks slots up by their index in
//     the 20-slot ring, not by time, so after a gap the "previous" slot may be one
//     from up to 300 hours before, whose growth is compounded again; a gap of exactly
//     20 slots lands on the last slot's index and is merged into it; and a read
//     between updates may return a growth written 20 slots before.
//   - by_time (Flux's fix): a slot's predecessor is the slot 15 hours before it. A
//     gap of a whole empty slot or more starts again from x1, and a read returns the
//     growth the next update would use.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <array>
#include <cstdint>

namespace flux::flux_protocol {

enum class EscalatorRule : std::uint8_t { reference, by_time };

inline constexpr std::uint64_t escalator_slot_seconds = 54'000;  // 15 hours
inline constexpr std::size_t escalator_slots = 20;

struct EscalatorSlot {
  U256 count;            // updates in the slot
  U256 sum_utilization;  // their utilizations (1e18 mantissas), summed
  U256 growth;           // the slot's multiplier, a 1e18 mantissa; 0: never written (x1)
  bool operator==(const EscalatorSlot&) const = default;
};

struct Escalator {
  std::uint64_t start_time = 0;  // the first update's time; 0: never updated
  std::uint64_t last_slot = 0;   // the slot of the last update, counted from start_time
  std::array<EscalatorSlot, escalator_slots> history{};
  bool operator==(const Escalator&) const = default;

  // The slot `now` falls in, counted from start_time, and its index in the ring.
  std::uint64_t slot_at(std::uint64_t now) const;
  static std::size_t ring_index(std::uint64_t slot) { return static_cast<std::size_t>(slot % escalator_slots); }
};

// The multiplier a pool's rate carries at `now` (1e18: x1), without updating.
U256 escalator_growth(const Escalator& e, std::uint64_t now, EscalatorRule rule);

// Records one update at `now` with the pool's utilization (rate_curve.hpp), as every
// accrual does before it reads the rate. The first update starts the clock; it starts
// at x1.5 when the pool is already at 95% or more with borrows above 10,000e18 raw
// units. Fails with math_error where the contract reverts (the growth's product);
// `e` is then unchanged.
void escalator_update(Escalator& e, std::uint64_t now, const U256& utilization, const U256& borrows,
                      EscalatorRule rule);

}  // namespace flux::flux_protocol
