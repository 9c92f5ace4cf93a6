#include "engine/flux_protocol/views.hpp"

#include "engine/flux_protocol/rate_curve.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/flux_protocol/pool.hpp"

namespace flux::flux_protocol {
namespace {

const Market& market_at(const State& state, MarketId id) { return StateReader(state).market(id); }

const U256& redeem_line() {  // 115%
  static const U256 v = U256(115) * U256(10'000'000'000'000'000ULL);
  return v;
}

}  // namespace

U256 pool_growth(const State& state, MarketId id, std::uint64_t time) {
  return escalator_growth(market_at(state, id).pool.escalator, time, accrual_rules(state).escalator);
}

U256 pool_utilization(const State& state, MarketId id) {
  const MarketBook& b = market_at(state, id).book;
  return accrual_utilization(b.cash, b.total_borrows, b.total_reserves, accrual_rules(state));
}

U256 pool_borrow_rate_per_second(const State& state, MarketId id, std::uint64_t time) {
  return borrow_rate_per_second_at(pool_utilization(state, id), pool_growth(state, id, time));
}

U256 pool_supply_rate_per_second(const State& state, MarketId id, std::uint64_t time) {
  const U256 u = pool_utilization(state, id);
  const U256 borrow = borrow_rate_per_second_at(u, pool_growth(state, id, time));
  const U256 rate = mul_scalar_truncate(mul_scalar_truncate(borrow, mantissa_one() - pool_tax_rate(state, id)), u);
  return rate < mantissa_one() ? rate : mantissa_one();
}

U256 pool_exchange_rate(const State& state, MarketId id) { return exchange_rate_of(market_at(state, id)); }

U256 pool_tax_rate(const State& state, MarketId id) { return tax_rate(state, market_at(state, id)); }

AccountValues account_snapshot(const State& state, AccountId account) {
  return account_values(StateReader(state), account);
}

bool liquidatable(const State& state, AccountId account) { return liquidation_allowed(StateReader(state), account); }

U256 borrow_headroom(const State& state, AccountId account, MarketId id) {
  const StateReader reader(state);
  const Market& market = reader.market(id);
  const AccountValues v = account_values(reader, account);
  const U256 credit = state.protocol_account(account).credit_limit(id);
  const U256 limit = credit.is_zero() ? v.borrow_limit : credit;
  if (limit <= v.borrow_value) return 0;
  const unsigned decimals = state.assets.at(market.config.asset).decimals;
  return div(mul(pow10(decimals), limit - v.borrow_value), whole_token_price(state, market));
}

U256 withdraw_headroom(const State& state, AccountId account, MarketId id) {
  const StateReader reader(state);
  const Market& market = reader.market(id);
  const Account& a = reader.account(account);
  const AccountValues v = account_values(reader, account);
  const U256 withdrawable = mul_scalar_truncate(exchange_rate_of(market), ftokens_of(a, id));
  if (v.supply_value.is_zero()) return 0;
  if (v.borrow_value.is_zero()) return withdrawable;
  if (v.borrow_limit <= v.borrow_value) return 0;
  if (div_exp(v.supply_value, v.borrow_value) <= redeem_line()) return 0;
  const unsigned decimals = state.assets.at(market.config.asset).decimals;
  const U256 price = whole_token_price(state, market);
  const MarketHolding own{.ftokens = ftokens_of(a, id),
                          .debt = debt_of(a, id, market),
                          .exchange_rate = exchange_rate_of(market),
                          .price = price,
                          .decimals = decimals,
                          .collateral_ratio = market.pool.collateral_ratio};
  const U256 other = v.borrow_limit - market_values(own, 0, 0).borrow_limit;
  if (other >= v.borrow_value) return withdrawable;
  const U256 kept =
      div(mul(mul(pow10(decimals), v.borrow_value - other), market.pool.collateral_ratio), price) / mantissa_one();
  return kept > withdrawable ? U256(0) : withdrawable - kept;
}

}  // namespace flux::flux_protocol
