#include "engine/interest.hpp"

#include "engine/numbers/mantissa.hpp"

namespace flux {

void exchange_rate_limbs(const MarketConfig& config, const MarketBook& book, Limbs& out) {
  if (book.total_supply.is_zero()) {
    out = to_limbs(config.initial_exchange_rate);
    return;
  }
  Limbs backing = to_limbs(book.cash);
  add_to(backing, to_limbs(book.total_borrows));
  sub_into(backing, to_limbs(book.total_reserves), backing);
  mul_div_into(backing, limbs_of(1'000'000'000'000'000'000ULL), to_limbs(book.total_supply), out);
}

void borrow_balance_limbs(const MarketBook& book, const Position* position, Limbs& out) {
  if (position == nullptr || position->principal.is_zero()) {
    out = Limbs{};
    return;
  }
  mul_div_into(to_limbs(position->principal), to_limbs(book.borrow_index), to_limbs(position->interest_index), out);
}

U256 exchange_rate_stored(const MarketConfig& config, const MarketBook& book) {
  Limbs rate;
  exchange_rate_limbs(config, book, rate);
  return to_u256(rate);
}

U256 borrow_balance_stored(const MarketBook& book, const Position* position) {
  Limbs balance;
  borrow_balance_limbs(book, position, balance);
  return to_u256(balance);
}

namespace {

enum class AboveMax { fail, cap };

MarketBook accrue_book(const Market& market, std::uint64_t block, AboveMax above_max) {
  MarketBook book = market.book;
  if (block == book.accrual_block) return book;
  U256 rate = borrow_rate_per_block(market.config.rate_model, book.cash, book.total_borrows, book.total_reserves);
  if (rate > max_borrow_rate_per_block()) {
    require(above_max == AboveMax::cap, Error::rate_too_high);
    rate = max_borrow_rate_per_block();
  }
  const U256 block_delta = sub(U256(block), U256(book.accrual_block));
  const U256 simple_interest_factor = mul(rate, block_delta);
  const U256 interest = mul_scalar_truncate(simple_interest_factor, book.total_borrows);
  book.total_borrows = add(interest, book.total_borrows);
  book.total_reserves = mul_scalar_truncate_add(market.config.reserve_factor, interest, book.total_reserves);
  book.borrow_index = mul_scalar_truncate_add(simple_interest_factor, book.borrow_index, book.borrow_index);
  book.accrual_block = block;
  return book;
}

}  // namespace

MarketBook accrued(const Market& market, std::uint64_t block) { return accrue_book(market, block, AboveMax::fail); }

MarketBook accrued_at_most_max_rate(const Market& market, std::uint64_t block) {
  return accrue_book(market, block, AboveMax::cap);
}

}  // namespace flux
