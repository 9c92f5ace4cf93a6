#include "engine/flux_protocol/rate_curve.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"

#include <string_view>

namespace flux::flux_protocol {
namespace {

// The contract's digit tables: entry k of each is e^(20 k 10^p / 10000) * 1e18 as the
// contract stores it (p = 0 units, 1 tens, 2 hundreds, 3 thousands).
using Table = std::array<U256, 10>;

Table table(const std::array<std::string_view, 10>& digits) {
  Table t;
  for (std::size_t i = 0; i < digits.size(); ++i) t[i] = *parse_u256(digits[i]);
  return t;
}

// By digit position: units, tens, hundreds, thousands.
const std::array<Table, 4>& digit_tables() {
  static const std::array<Table, 4> t = {
      table({"1000000000000000000", "1002002001334000256", "1004008010677341952", "1006018036054064896",
             "1008032085504273536", "1010050167084167936", "1012072288866077824", "1014098458938492288",
             "1016128685406094848", "1018162976389793664"}),
      table({"1000000000000000000", "1020201340026755840", "1040810774192388224", "1061836546545359616",
             "1083287067674958592", "1105170918075647744", "1127496851579375744", "1150273798857227392",
             "1173510870991810304", "1197217363121810176"}),
      table({"1000000000000000000", "1221402758160169728", "1491824697641270272", "1822118800390508800",
             "2225540928492467968", "2718281828459044864", "3320116922736547328", "4055199966844675584",
             "4953032424395114496", "6049647464412944384"}),
      table({"1000000000000000000", "7389056098930650112", "54598150033144233984", "403428793492735131648",
             "2980957987041728528384", "22026465794806717087744", "162754791419003904458752",
             "1202604284164776833056768", "8886110520507871730335744", "65659969137330511715237888"}),
  };
  return t;
}

const U256& exp20_9999() {
  static const U256 v = *parse_u256("484195834702798399456935936");
  return v;
}
const U256& exp20_10000() {
  static const U256 v = *parse_u256("485165195409790307194109952");
  return v;
}

// (e^20 - 1) / 0.995, and 1e18 divided by it rounded up: the curve's scale and the
// offset that makes it 0 at exp20 = 1e18 (both the contract's integers).
constexpr std::uint64_t exp_scale = 487'603'210;
constexpr std::uint64_t exp_offset = 2'050'847'859;

const U256& half_percent() {
  static const U256 v = U256(5) * U256(1'000'000'000'000'000ULL);  // 5e15
  return v;
}
const U256& utilization_step() {
  static const U256 v = U256(100'000'000'000'000ULL);  // 1e14: one step of the table index
  return v;
}

}  // namespace

U256 utilization(const U256& cash, const U256& borrows, const U256& reserves) {
  if (borrows.is_zero()) return 0;
  const U256 denominator = sub(add(cash, borrows), reserves);
  if (denominator.is_zero()) return 0;
  return div(mul(borrows, mantissa_one()), denominator);
}

U256 exp20(std::uint64_t x) {
  if (x == 0) return mantissa_one();
  if (x == 9'999) return exp20_9999();
  if (x == 10'000) return exp20_10000();
  require(x < 10'000, Error::math_error);  // the contract reads past its table (an INVALID opcode)
  // Units times tens, times hundreds, times thousands: the contract's order, each
  // product truncated.
  const auto& t = digit_tables();
  U256 v = t[0][x % 10];
  v = mul_div(v, t[1][(x / 10) % 10], mantissa_one());
  v = mul_div(v, t[2][(x / 100) % 10], mantissa_one());
  return mul_div(v, t[3][x / 1'000], mantissa_one());
}

U256 annual_borrow_rate(const U256& u) {
  const U256 index = u / utilization_step();
  require(index <= 10'000, Error::math_error);
  U256 v = div(exp20(static_cast<std::uint64_t>(index)), U256(exp_scale));
  v = add(v, div(mul(u, 2), 10));
  v = add(v, half_percent());
  v = sub(v, U256(exp_offset));
  return v < mantissa_one() ? v : mantissa_one();
}

U256 borrow_rate_per_second_at(const U256& u, const U256& growth) {
  return mul_div(annual_borrow_rate(u), growth, mantissa_one()) / seconds_per_year;
}

U256 borrow_rate_per_second(const U256& cash, const U256& borrows, const U256& reserves, const U256& growth) {
  return borrow_rate_per_second_at(utilization(cash, borrows, reserves), growth);
}

U256 supply_rate_per_second(const U256& cash, const U256& borrows, const U256& reserves, const U256& reserve_factor,
                            const U256& growth) {
  const U256 u = utilization(cash, borrows, reserves);
  const U256 borrow = borrow_rate_per_second_at(u, growth);
  const U256 after_reserves = mul_div(borrow, sub(mantissa_one(), reserve_factor), mantissa_one());
  const U256 rate = mul_div(after_reserves, u, mantissa_one());
  return rate < mantissa_one() ? rate : mantissa_one();
}

}  // namespace flux::flux_protocol
