// Compound's fixed-point arithmetic: an `Exp` is an integer mantissa scaled by 1e18.
// Each helper names the reference function it reproduces and its rounding. All
// truncate toward zero; the order of operations inside each is the reference's, which
// is what makes results match to the unit.
#pragma once

#include "engine/failure.hpp"

namespace flux {

// 1e18, the scale of every mantissa.
inline const U256& mantissa_one() {
  static const U256 one{1000000000000000000ULL};
  return one;
}

// mul_(Exp a, Exp b) = a * b / 1e18, truncated.
inline U256 mul_exp(const U256& a, const U256& b) { return mul_div(a, b, mantissa_one()); }

// mul_ScalarTruncate(Exp a, uint s) = a * s / 1e18, truncated. Same arithmetic as
// mul_exp; the separate name keeps the reference's meaning visible at each call.
inline U256 mul_scalar_truncate(const U256& exp, const U256& scalar) { return mul_div(exp, scalar, mantissa_one()); }

// mul_ScalarTruncateAddUInt(Exp a, uint s, uint addend) = a * s / 1e18 + addend.
inline U256 mul_scalar_truncate_add(const U256& exp, const U256& scalar, const U256& addend) {
  return add(mul_scalar_truncate(exp, scalar), addend);
}

// div_(uint a, Exp b) = a * 1e18 / b, truncated; also div_(Exp a, Exp b).
inline U256 div_exp(const U256& a, const U256& b) { return mul_div(a, mantissa_one(), b); }

// ceil(a * 1e18 / b): Flux fix 4 (redeem_underlying burns fTokens rounded up).
inline U256 div_exp_ceil(const U256& a, const U256& b) {
  const U256 numerator = mul(a, mantissa_one());
  const U256 quotient = div(numerator, b);
  return quotient * b == numerator ? quotient : add(quotient, U256(1));
}

}  // namespace flux
