// The risk engine's account liquidity (Compound's Comptroller
// getHypotheticalAccountLiquidity), over the markets an account has entered.
#pragma once

#include "engine/state.hpp"

#include <array>

namespace flux {

// The books an operation sees: the accrued copies of the (at most two) markets it
// accrued, the stored books of every other market.
class BookView {
 public:
  explicit BookView(const State& state) : state_(state) {}
  BookView& with(MarketId market, const MarketBook& book) {
    overrides_[count_++] = {market, &book};
    return *this;
  }
  const MarketBook& book(MarketId market) const {
    for (std::size_t i = 0; i < count_; ++i)
      if (overrides_[i].first == market) return *overrides_[i].second;
    return state_.markets[market].book;
  }
  const State& state() const { return state_; }

 private:
  const State& state_;
  std::array<std::pair<MarketId, const MarketBook*>, 2> overrides_{};
  std::size_t count_ = 0;
};

struct Liquidity {
  U256 liquidity;  // USD * 1e18 of borrowing power left
  U256 shortfall;  // USD * 1e18 by which borrows exceed collateral
};

// An action whose effect on liquidity is asked before it is taken.
struct HypotheticalAction {
  MarketId market = 0;
  U256 redeem_tokens;
  U256 borrow_amount;
};

// The price the risk engine uses: min(oracle price, cap), cap 0 meaning none.
const U256& effective_price(const MarketConfig& config);

// For every market set in `entered_markets`:
//   tokensToDenom  = (collateralFactor * exchangeRate / 1e18) * price / 1e18
//   sumCollateral += tokensToDenom * tokens / 1e18
//   sumBorrow     += price * borrowBalance / 1e18
//   and for the action's market: sumBorrow += tokensToDenom * redeemTokens / 1e18
//                                 sumBorrow += price * borrowAmount / 1e18
// Fails with price_error if any entered market has no price, math_error on overflow.
Liquidity account_liquidity(const BookView& view, AccountId account, std::uint64_t entered_markets,
                            const HypotheticalAction* action = nullptr);

}  // namespace flux
