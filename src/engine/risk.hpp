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

// The liquidation margin (issue 9). Liquidating r of debt takes r * incentive of
// collateral, so an account's shortfall (borrows - collateral factor * collateral)
// changes by -r * (1 - collateralFactor * incentive): a liquidation cures a shortfall
// only while collateralFactor * incentive < 1 (REFERENCE.md §1). At 1 or above, each
// liquidation leaves the shortfall as large or larger, the collateral runs out before
// the debt, and the rest is bad debt: a borrower who liquidates himself from a second
// account keeps borrowed - collateral / incentive (at 0.98 and 1.05: 980,000 borrowed
// against 1,000,000 gives 980,000 - 952,380.95 = +27,619.05). The engine asks for a
// margin of 1%, collateralFactor * incentive <= 0.99, not just < 1: from the block
// an account reaches shortfall (debt = factor * collateral), its collateral still
// covers debt * incentive until the debt has grown by 1/0.99 - 1 = 1.01% more
// (interest, or the collateral's price falling as much); at the engine's largest
// rate (max_borrow_rate_per_block, 5e-6 a block) that takes over 2,000 blocks (6.7
// hours of 12-second blocks) for liquidators to act, where a margin of one unit
// would give none. Flux Finance's settings (0.92 x 1.05 = 0.966) are well inside.
const U256& max_collateral_factor_times_incentive();  // 0.99e18
// collateralFactor * incentive <= 0.99e18 * 1e18, exactly (no truncation). A zero
// collateral factor never counts as collateral, so it always passes.
bool leaves_liquidation_margin(const U256& collateral_factor, const U256& incentive);

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
