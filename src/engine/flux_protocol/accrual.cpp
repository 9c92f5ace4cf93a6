#include "engine/flux_protocol/accrual.hpp"

#include "engine/failure.hpp"
#include "engine/flux_protocol/rate_curve.hpp"
#include "engine/numbers/mantissa.hpp"

namespace flux::flux_protocol {

U256 accrual_utilization(const U256& cash, const U256& borrows, const U256& reserves, const AccrualRules& rules) {
  if (!rules.accrue_beyond_reserves) return utilization(cash, borrows, reserves);
  // Reserves beyond cash: every unit the pool holds is owed to the protocol, so the
  // lenders' side is fully used. Counted as 100% (the curve's top) instead of failing.
  U256 available;
  if (!checked_sub(add(cash, borrows), reserves, available)) return borrows.is_zero() ? U256(0) : mantissa_one();
  const U256 u = utilization(cash, borrows, reserves);
  return u < mantissa_one() ? u : mantissa_one();
}

void accrue(PoolBook& book, const U256& cash, std::uint64_t now, const U256& reserve_factor,
            const AccrualRules& rules) {
  require(now >= book.last_accrual, Error::math_error);  // the contract's checked subtraction
  const std::uint64_t elapsed = now - book.last_accrual;
  if (elapsed == 0) return;  // once per timestamp
  PoolBook next = book;      // written back only once nothing can fail
  const U256 u = accrual_utilization(cash, next.total_borrows, next.reserves, rules);
  escalator_update(next.escalator, now, u, next.total_borrows, rules.escalator);
  const U256 growth = escalator_growth(next.escalator, now, rules.escalator);
  const U256 rate = mul(borrow_rate_per_second_at(u, growth), U256(elapsed));
  const U256 interest = mul_div(rate, next.total_borrows, mantissa_one());
  next.reserves = add(next.reserves, mul_div(interest, reserve_factor, mantissa_one()));
  next.total_borrows = add(next.total_borrows, interest);
  next.interest_index = add(next.interest_index, mul_div(rate, next.interest_index, mantissa_one()));
  next.last_accrual = now;
  book = next;
}

U256 borrow_balance(const U256& checkpoint_borrows, const U256& checkpoint_index, const U256& interest_index) {
  if (checkpoint_borrows.is_zero()) return 0;
  if (checkpoint_index.is_zero()) return checkpoint_borrows;
  return mul_div(div_exp(interest_index, checkpoint_index), checkpoint_borrows, mantissa_one());
}

U256 exchange_rate(const PoolBook& book, const U256& cash, const U256& just_paid) {
  if (book.total_supply.is_zero()) return mantissa_one();
  const U256 underlying = sub(add(sub(cash, just_paid), book.total_borrows), book.reserves);
  const U256 rate = div_exp(underlying, book.total_supply);
  return rate.is_zero() ? mantissa_one() : rate;
}

}  // namespace flux::flux_protocol
