#include "engine/interest.hpp"

#include "engine/numbers/mantissa.hpp"

namespace flux {

U256 exchange_rate_stored(const MarketConfig& config, const MarketBook& book) {
  if (book.total_supply.is_zero()) return config.initial_exchange_rate;
  const U256 cash_plus_borrows_minus_reserves = sub(add(book.cash, book.total_borrows), book.total_reserves);
  return mul_div(cash_plus_borrows_minus_reserves, mantissa_one(), book.total_supply);
}

U256 borrow_balance_stored(const MarketBook& book, const Position* position) {
  if (position == nullptr || position->principal.is_zero()) return 0;
  return mul_div(position->principal, book.borrow_index, position->interest_index);
}

MarketBook accrued(const Market& market, std::uint64_t block) {
  MarketBook book = market.book;
  if (block == book.accrual_block) return book;
  const U256 rate =
      borrow_rate_per_block(market.config.rate_model, book.cash, book.total_borrows, book.total_reserves);
  require(rate <= max_borrow_rate_per_block(), Error::rate_too_high);
  const U256 block_delta = sub(U256(block), U256(book.accrual_block));
  const U256 simple_interest_factor = mul(rate, block_delta);
  const U256 interest = mul_scalar_truncate(simple_interest_factor, book.total_borrows);
  book.total_borrows = add(interest, book.total_borrows);
  book.total_reserves = mul_scalar_truncate_add(market.config.reserve_factor, interest, book.total_reserves);
  book.borrow_index = mul_scalar_truncate_add(simple_interest_factor, book.borrow_index, book.borrow_index);
  book.accrual_block = block;
  return book;
}

}  // namespace flux
