// Interest rate models: Compound's WhitePaperInterestRateModel ("linear") and
// JumpRateModelV2 ("jump"). Parameters are given per year and converted to per block
// exactly as the contracts' constructors do; rates are then per-block mantissas.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <cstdint>

namespace flux {

enum class RateModelKind : std::uint8_t { linear, jump };

struct RateModelParams {
  RateModelKind kind = RateModelKind::linear;
  U256 base_per_year;
  U256 multiplier_per_year;
  U256 jump_multiplier_per_year;  // jump only
  U256 kink;                      // jump only, mantissa of utilization
  bool operator==(const RateModelParams&) const = default;
};

struct RateModel {
  RateModelParams params;  // as given, kept for display and the state hash
  U256 base_per_block;
  U256 multiplier_per_block;
  U256 jump_multiplier_per_block;
  U256 kink;
  bool operator==(const RateModel&) const = default;
};

// The largest borrow rate accrual accepts: 0.0005e16 per block (CToken's
// borrowRateMaxMantissa). Above it accrual fails with rate_too_high.
const U256& max_borrow_rate_per_block();

// Converts per-year parameters. Fails with invalid_parameter when blocks_per_year is 0
// or a jump model's kink is 0 (the contract's constructor would divide by zero).
RateModel make_rate_model(const RateModelParams& params, const U256& blocks_per_year);

// borrows * 1e18 / (cash + borrows - reserves), or 0 without borrows.
U256 utilization_rate(const U256& cash, const U256& borrows, const U256& reserves);
U256 borrow_rate_per_block(const RateModel& model, const U256& cash, const U256& borrows, const U256& reserves);
// utilization * (borrowRate * (1e18 - reserveFactor) / 1e18) / 1e18
// The model's borrow rate at 100% utilization, with the engine's own arithmetic
// (borrow_rate_per_block with borrows 1, cash 0, reserves 0: utilization exactly
// 1e18); for a jump model with kink below 1e18, base + kink * multiplier / 1e18 +
// (1e18 - kink) * jump / 1e18, each product truncated. A model is refused when this
// exceeds max_borrow_rate_per_block (rate_too_high), the same test accrual applies:
// the rate only grows with utilization, so an accepted model never fails accrual up
// to 100%. Utilization can pass 100% only when reserves exceed cash (borrowers took
// out cash the reserves stood for): set_rate_model then also checks the new model at
// the market's current utilization, and accepts a new model on a market already
// frozen (operations/governance.cpp).
U256 borrow_rate_at_full_utilization(const RateModel& model);
U256 supply_rate_per_block(const RateModel& model, const U256& cash, const U256& borrows, const U256& reserves,
                           const U256& reserve_factor);

}  // namespace flux
