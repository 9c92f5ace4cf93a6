#include "engine/views.hpp"

#include "engine/failure.hpp"
#include "engine/interest.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/rate_model.hpp"
#include "engine/risk.hpp"

namespace flux {
namespace {

const U256& one() {
  static const U256 v{1'000'000'000'000'000'000ULL};
  return v;
}

// A view never fails the caller: a figure that cannot be computed reads as zero.
U256 or_zero(bool ok, const U256& value) { return ok ? value : U256(0); }

}  // namespace

MarketFigures market_figures(const Market& market) {
  MarketFigures f;
  const MarketBook& b = market.book;
  try {
    f.exchange_rate = exchange_rate_stored(market.config, b);
  } catch (const Failure&) {
    f.exchange_rate = 0;
  }
  f.utilization = utilization_rate(b.cash, b.total_borrows, b.total_reserves);
  f.borrow_rate_per_block = borrow_rate_per_block(market.config.rate_model, b.cash, b.total_borrows, b.total_reserves);
  f.supply_rate_per_block = supply_rate_per_block(market.config.rate_model, b.cash, b.total_borrows, b.total_reserves,
                                                  market.config.reserve_factor);
  U256 supplied;
  f.supplied = or_zero(checked_mul_div(b.total_supply, f.exchange_rate, one(), supplied), supplied);
  return f;
}

AccountFigures account_figures(const State& state, AccountId id) {
  AccountFigures f;
  const Account& account = state.accounts[id];
  const BookView view(state);
  // The market-by-market parts of the liquidity sum: for one entered market the risk
  // engine's own sum gives (collateral - borrow) of that market alone, as liquidity
  // or as shortfall; the borrow part is price * borrow / 1e18 (risk.hpp).
  struct Part {
    MarketId market;
    U256 collateral, borrow;
  };
  std::vector<Part> parts;
  try {
    const Liquidity total = account_liquidity(view, id, account.entered_markets);
    f.liquidity = total.liquidity;
    f.shortfall = total.shortfall;
    for (MarketId m = 0; m < state.markets.size(); ++m) {
      if (!account.has_entered(m)) continue;
      const Liquidity alone = account_liquidity(view, id, std::uint64_t{1} << m);
      Part p{m, 0, 0};
      const U256 borrowed = borrow_balance_stored(state.markets[m].book, account.position(m));
      p.borrow = mul(effective_price(state.markets[m].config), borrowed) / one();
      p.collateral = alone.shortfall.is_zero() ? add(alone.liquidity, p.borrow) : sub(p.borrow, alone.shortfall);
      f.collateral_value = add(f.collateral_value, p.collateral);
      f.borrow_value = add(f.borrow_value, p.borrow);
      parts.push_back(p);
    }
  } catch (const Failure& failure) {
    f.error = failure.error;
    parts.clear();
  }

  for (MarketId m = 0; m < state.markets.size(); ++m) {
    const Position* position = account.position(m);
    if ((position == nullptr || position->empty()) && !account.has_entered(m)) continue;
    const Market& market = state.markets[m];
    PositionFigures p;
    p.market = m;
    p.entered = account.has_entered(m);
    p.tokens = position ? position->tokens : U256(0);
    try {
      p.supplied = mul(p.tokens, exchange_rate_stored(market.config, market.book)) / one();
      p.borrowed = borrow_balance_stored(market.book, position);
    } catch (const Failure&) {
    }
    // Liquidity moves with this market's price p as L(p') = L + (c - b) * (p'/p - 1),
    // c and b its collateral and borrow parts at p: it reaches zero at
    // p' = p * (c - b - L) / (c - b), which exists when c > b and L < c - b.
    for (const Part& part : parts) {
      if (part.market != m || f.error != Error::ok || !f.shortfall.is_zero()) continue;
      if (part.collateral <= part.borrow) continue;
      const U256 net = part.collateral - part.borrow;
      if (f.liquidity >= net) continue;
      U256 price;
      if (checked_mul_div(effective_price(market.config), net - f.liquidity, net, price)) p.liquidation_price = price;
    }
    f.positions.push_back(p);
  }
  return f;
}

RewardsFigures account_rewards(const State& state, AccountId account) {
  RewardsFigures f;
  if (!state.governance.enabled() || account >= state.accounts.size()) return f;
  f.accrued = state.rewards.accrued(account);
  try {
    // The claim's own arithmetic, planned and never written.
    RewardsPlan plan(state, state.block);
    const Account& a = state.accounts[account];
    for (std::size_t i = 0; i < state.markets.size(); ++i) {
      const auto m = static_cast<MarketId>(i);
      const MarketBook& book = state.markets[m].book;
      const Position* p = a.position(m);
      plan.borrow_side(m, book, account, borrow_balance_stored(book, p));
      plan.supply_side(m, book, {{account, p ? p->tokens : U256(0)}});
    }
    f.claimable = plan.accrued(account);
  } catch (const Failure& failure) {
    f.error = failure.error;
  }
  return f;
}

}  // namespace flux
