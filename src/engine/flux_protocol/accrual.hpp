// Flux Protocol's interest accrual (docs/flux-protocol.md, "Accrual"): per second, at
// most once per timestamp, at the rate the pool has after its escalator update, and
// the borrow balance and exchange rate that read it.
#pragma once

#include "engine/flux_protocol/escalator.hpp"
#include "engine/numbers/uint256.hpp"

#include <cstdint>

namespace flux::flux_protocol {

// What accrual reads and writes of one pool. Cash is not here: it is what the pool
// holds of its underlying, kept by the caller.
struct PoolBook {
  U256 total_borrows;
  U256 interest_index;             // 1e18 at listing; grows with every accrual
  U256 reserves;                   // the protocol's share of interest ("tax")
  U256 total_supply;               // fTokens
  std::uint64_t last_accrual = 0;  // a timestamp, seconds
  Escalator escalator;
  bool operator==(const PoolBook&) const = default;
};

// The rules accrual follows (both named in docs/flux-protocol.md).
struct AccrualRules {
  EscalatorRule escalator = EscalatorRule::by_time;
  // reference: a pool whose reserves exceed its cash plus borrows cannot compute its
  // utilization, so it cannot accrue and every operation on it fails (a pool bricked
  // by one borrow that dips into reserves). Flux: such a pool counts as fully used
  // (utilization 100%) and accrues.
  bool accrue_beyond_reserves = true;
};

// Brings `book` to `now`: nothing if it accrued at this timestamp already; else the
// escalator's update, then rate = borrow rate per second x seconds elapsed (one rate,
// taken at the end, for the whole interval), interest = rate x borrows, its
// `reserve_factor` share to reserves, the rest stays with the lenders through the
// borrows; the index grows by rate x index. Fails with math_error where the contract
// reverts (time running back, a checked product overflowing); `book` is then
// unchanged.
void accrue(PoolBook& book, const U256& cash, std::uint64_t now, const U256& reserve_factor, const AccrualRules& rules);

// The pool's utilization as accrual sees it under `rules` (rate_curve.hpp's, or 100%
// where the reference cannot compute it and the rules say to accrue anyway).
U256 accrual_utilization(const U256& cash, const U256& borrows, const U256& reserves, const AccrualRules& rules);

// A borrower's debt: its checkpoint's borrows x index / its checkpoint's index, as two
// truncated steps (index / checkpoint index first, as a mantissa). 0 without borrows;
// the borrows themselves when the checkpoint has no index.
U256 borrow_balance(const U256& checkpoint_borrows, const U256& checkpoint_index, const U256& interest_index);

// Underlying per fToken as a 1e18 mantissa: (cash - just_paid + borrows - reserves) /
// supply, or 1e18 when there is no supply or that comes out as 0.
U256 exchange_rate(const PoolBook& book, const U256& cash, const U256& just_paid);

}  // namespace flux::flux_protocol
