#include "engine/risk.hpp"

#include "engine/interest.hpp"
#include "engine/numbers/mantissa.hpp"

#include <bit>

namespace flux {

U256 effective_price(const MarketConfig& config) {
  if (!config.price_cap.is_zero() && config.price_cap < config.price) return config.price_cap;
  return config.price;
}

Liquidity account_liquidity(const BookView& view, AccountId account_id, std::uint64_t entered_markets,
                            const HypotheticalAction* action) {
  const State& state = view.state();
  const Account& account = state.accounts[account_id];
  U256 sum_collateral = 0;
  U256 sum_borrow = 0;
  for (std::uint64_t mask = entered_markets; mask != 0; mask &= mask - 1) {
    const auto id = static_cast<MarketId>(std::countr_zero(mask));
    const MarketConfig& config = state.markets[id].config;
    const MarketBook& book = view.book(id);
    const Position* position = account.position(id);

    const U256 price = effective_price(config);
    require(!price.is_zero(), Error::price_error);
    const U256 exchange_rate = exchange_rate_stored(config, book);
    const U256 tokens_to_denom = mul_exp(mul_exp(config.collateral_factor, exchange_rate), price);
    if (position != nullptr && !position->tokens.is_zero())
      sum_collateral = mul_scalar_truncate_add(tokens_to_denom, position->tokens, sum_collateral);
    const U256 borrow_balance = borrow_balance_stored(book, position);
    if (!borrow_balance.is_zero()) sum_borrow = mul_scalar_truncate_add(price, borrow_balance, sum_borrow);

    if (action != nullptr && action->market == id) {
      sum_borrow = mul_scalar_truncate_add(tokens_to_denom, action->redeem_tokens, sum_borrow);
      sum_borrow = mul_scalar_truncate_add(price, action->borrow_amount, sum_borrow);
    }
  }
  if (sum_collateral > sum_borrow) return {sum_collateral - sum_borrow, U256(0)};
  return {U256(0), sum_borrow - sum_collateral};
}

}  // namespace flux
