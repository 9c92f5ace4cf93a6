#include "engine/risk.hpp"

#include "engine/interest.hpp"
#include "engine/numbers/mantissa.hpp"

#include <bit>

namespace flux {

const U256& effective_price(const MarketConfig& config) {
  if (!config.price_cap.is_zero() && config.price_cap < config.price) return config.price_cap;
  return config.price;
}

const U256& max_collateral_factor_times_incentive() {
  static const U256 max{990'000'000'000'000'000ULL};
  return max;
}

bool leaves_liquidation_margin(const U256& collateral_factor, const U256& incentive) {
  if (collateral_factor.is_zero()) return true;
  // factor * incentive <= max * 1e18  <=>  incentive <= floor(max * 1e18 / factor), in integers.
  return incentive <= div_exp(max_collateral_factor_times_incentive(), collateral_factor);
}

namespace {

// The market's exchange rate and tokensToDenom for `book` (the stored book, or an
// operation's accrued copy), from the memo when every input is unchanged.
const ValuationMemo& valuation(const Market& market, const MarketBook& book, const U256& price) {
  ValuationMemo& memo = market.valuation;
  const MarketConfig& config = market.config;
  if (memo.filled && memo.price == price && memo.cash == book.cash && memo.total_borrows == book.total_borrows &&
      memo.total_reserves == book.total_reserves && memo.total_supply == book.total_supply &&
      memo.collateral_factor == config.collateral_factor && memo.initial_exchange_rate == config.initial_exchange_rate)
    return memo;
  memo.filled = true;
  memo.cash = book.cash;
  memo.total_borrows = book.total_borrows;
  memo.total_reserves = book.total_reserves;
  memo.total_supply = book.total_supply;
  memo.initial_exchange_rate = config.initial_exchange_rate;
  memo.collateral_factor = config.collateral_factor;
  memo.price = price;
  memo.exchange_rate_error = Error::ok;
  memo.tokens_to_denom_error = Error::ok;
  try {
    exchange_rate_limbs(config, book, memo.exchange_rate);
  } catch (const Failure& f) {
    memo.exchange_rate_error = f.error;
    return memo;
  }
  if (price.is_zero()) return memo;
  try {
    const Limbs one = limbs_of(1'000'000'000'000'000'000ULL);
    mul_div_into(to_limbs(config.collateral_factor), memo.exchange_rate, one, memo.tokens_to_denom);
    mul_div_into(memo.tokens_to_denom, to_limbs(price), one, memo.tokens_to_denom);
  } catch (const Failure& f) {
    memo.tokens_to_denom_error = f.error;
  }
  return memo;
}

}  // namespace

// Computed on Limbs: this loop runs for every entered market of every borrow, redeem,
// transfer and liquidation, and is the engine's hottest path.
Liquidity account_liquidity(const BookView& view, AccountId account_id, std::uint64_t entered_markets,
                            const HypotheticalAction* action) {
  const State& state = view.state();
  const Account& account = state.accounts[account_id];
  const Limbs one = limbs_of(1'000'000'000'000'000'000ULL);
  Limbs sum_collateral;
  Limbs sum_borrow;
  Limbs borrow_balance, term;
  for (std::uint64_t mask = entered_markets; mask != 0; mask &= mask - 1) {
    const auto id = static_cast<MarketId>(std::countr_zero(mask));
    const MarketConfig& config = state.markets[id].config;
    const MarketBook& book = view.book(id);
    const Position* position = account.position(id);

    // The reference's order: the account snapshot (borrow balance, then exchange
    // rate, either of which can overflow), then the price, then tokensToDenom.
    borrow_balance_limbs(book, position, borrow_balance);
    const U256& oracle_price = effective_price(config);
    const ValuationMemo& value = valuation(state.markets[id], book, oracle_price);
    require(value.exchange_rate_error == Error::ok, value.exchange_rate_error);
    require(!oracle_price.is_zero(), Error::price_error);
    require(value.tokens_to_denom_error == Error::ok, value.tokens_to_denom_error);
    const Limbs& tokens_to_denom = value.tokens_to_denom;
    const Limbs price = to_limbs(oracle_price);
    if (position != nullptr && !position->tokens.is_zero()) {
      mul_div_into(tokens_to_denom, to_limbs(position->tokens), one, term);
      add_to(sum_collateral, term);
    }
    if (!is_zero(borrow_balance)) {
      mul_div_into(price, borrow_balance, one, term);
      add_to(sum_borrow, term);
    }
    if (action != nullptr && action->market == id) {
      mul_div_into(tokens_to_denom, to_limbs(action->redeem_tokens), one, term);
      add_to(sum_borrow, term);
      mul_div_into(price, to_limbs(action->borrow_amount), one, term);
      add_to(sum_borrow, term);
    }
  }
  Liquidity result;
  if (compare(sum_collateral, sum_borrow) > 0) {
    sub_into(sum_collateral, sum_borrow, term);
    store(term, result.liquidity);
  } else {
    sub_into(sum_borrow, sum_collateral, term);
    store(term, result.shortfall);
  }
  return result;
}

}  // namespace flux
