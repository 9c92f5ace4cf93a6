// Interest accrual and the values derived from a market's book: exchange rate and
// borrow balances. Formulas and their rounding are CToken's (docs/protocol.md#interest-accrual).
#pragma once

#include "engine/numbers/limbs.hpp"
#include "engine/state.hpp"

namespace flux {

// totalSupply == 0 ? initialExchangeRate : (cash + totalBorrows - totalReserves) * 1e18 / totalSupply
U256 exchange_rate_stored(const MarketConfig& config, const MarketBook& book);

// principal == 0 ? 0 : principal * borrowIndex / interestIndex (truncated)
U256 borrow_balance_stored(const MarketBook& book, const Position* position);

// The same two values as Limbs, for the hot paths (account liquidity).
void exchange_rate_limbs(const MarketConfig& config, const MarketBook& book, Limbs& out);
void borrow_balance_limbs(const MarketBook& book, const Position* position, Limbs& out);

// The market's book accrued to `block`, as CToken.accrueInterest computes it:
//   rate = model rate (must be <= max_borrow_rate_per_block, else rate_too_high)
//   sif = rate * (block - accrualBlock)
//   interest = sif * totalBorrows / 1e18
//   totalBorrows += interest
//   totalReserves += reserveFactor * interest / 1e18
//   borrowIndex += sif * borrowIndex / 1e18
// Unchanged if already accrued at this block. Does not write anything: the caller
// keeps the result only if its whole operation succeeds.
MarketBook accrued(const Market& market, std::uint64_t block);

// As accrued(), except that a model rate above max_borrow_rate_per_block accrues at
// that maximum instead of failing. Only set_rate_model uses it, to unfreeze a market
// whose model had passed the maximum (operations/governance.cpp explains the rule).
MarketBook accrued_at_most_max_rate(const Market& market, std::uint64_t block);

}  // namespace flux
