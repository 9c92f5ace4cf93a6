#include "engine/flux_protocol/valuation.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"

namespace flux::flux_protocol {
namespace {

const U256& borrow_line() {  // 110%
  static const U256 v = U256(11) * U256(100'000'000'000'000'000ULL);
  return v;
}
const U256& redeem_line() {  // 115%
  static const U256 v = U256(115) * U256(10'000'000'000'000'000ULL);
  return v;
}

U256 ratio(const AccountValues& v) { return div_exp(v.supply_value, v.borrow_value); }

}  // namespace

AccountValues market_values(const MarketHolding& h, const U256& add_debt, const U256& remove_ftokens) {
  require(h.ftokens >= remove_ftokens, Error::insufficient_balance);
  const U256 ftokens = h.ftokens - remove_ftokens;
  const U256 debt = add(h.debt, add_debt);
  AccountValues v;
  if (ftokens.is_zero() && debt.is_zero()) return v;
  require(!h.price.is_zero(), Error::price_error);
  if (!ftokens.is_zero()) {
    v.supply_value = div(mul(mul(h.exchange_rate, ftokens), h.price), pow10(18 + h.decimals));
    v.borrow_limit = div_exp(v.supply_value, h.collateral_ratio);
  }
  if (!debt.is_zero()) v.borrow_value = div(mul(h.price, debt), pow10(h.decimals));
  return v;
}

AccountValues operator+(const AccountValues& a, const AccountValues& b) {
  return {add(a.supply_value, b.supply_value), add(a.borrow_limit, b.borrow_limit),
          add(a.borrow_value, b.borrow_value)};
}

bool may_borrow(const AccountValues& v) { return v.borrow_value <= v.borrow_limit && ratio(v) >= borrow_line(); }

bool may_redeem(const AccountValues& v) {
  return v.borrow_value.is_zero() || (v.borrow_limit >= v.borrow_value && ratio(v) >= redeem_line());
}

bool below_liquidation_line(const AccountValues& v) { return !v.borrow_value.is_zero() && ratio(v) < borrow_line(); }

}  // namespace flux::flux_protocol
