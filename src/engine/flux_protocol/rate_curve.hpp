// Flux Protocol's interest rate curve (01 Finance's InterestRateModel): rates per
// second, an exponential in utilization, the annual rate capped at 100% before the
// pool's escalator multiplies it (escalator.hpp). docs/flux-protocol.md gives the
// formulas; every step truncates as the contract does, and every checked step of the
// contract fails here with math_error where it reverts.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <array>
#include <cstdint>

namespace flux::flux_protocol {

inline constexpr std::uint64_t seconds_per_year = 31'536'000;  // 365 days: the contract's year

// borrows / (cash + borrows - reserves) as a 1e18 mantissa; 0 without borrows (checked
// before the subtraction) or when the denominator is 0. Above 1e18 when reserves
// exceed cash. math_error when cash + borrows < reserves.
U256 utilization(const U256& cash, const U256& borrows, const U256& reserves);

// e^(20x/10000) * 1e18 for x in [0, 10000], from four ten-entry tables of decimal
// digits multiplied in the contract's order (units, tens, hundreds, thousands), with
// 0, 9999 and 10000 as constants. The tables' entries are the contract's own integers
// (they were made from floats, so they are close to, not exactly, the true values).
// math_error for x > 10000, where the contract reads past its table.
U256 exp20(std::uint64_t x);

// The annual borrow rate before the escalator, capped at 1e18 (100%):
// exp20(u / 1e14) / 487603210 + u / 5 + 0.5% - 2050847859, evaluated left to right.
U256 annual_borrow_rate(const U256& utilization);

// The per-second borrow rate at utilization `u` with the pool's escalator multiplier
// `growth` (1e18: x1): the capped annual rate times growth, over the year's seconds.
U256 borrow_rate_per_second_at(const U256& u, const U256& growth);

// The same from the pool's balances.
U256 borrow_rate_per_second(const U256& cash, const U256& borrows, const U256& reserves, const U256& growth);

// The per-second supply rate: the borrow rate less the reserve factor, times
// utilization, capped at 1e18.
U256 supply_rate_per_second(const U256& cash, const U256& borrows, const U256& reserves, const U256& reserve_factor,
                            const U256& growth);

}  // namespace flux::flux_protocol
