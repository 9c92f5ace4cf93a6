// A 256-bit value as four plain 64-bit limbs, least significant first: the engine's
// fast arithmetic path.
//
// U256 (Boost) stores a limb count next to its limbs and copies through memcpy, which
// on the hot paths (account liquidity, accrual) costs more than the arithmetic
// itself. Code there converts to Limbs once, computes, and converts back. Every
// function here is checked exactly like its U256 counterpart in uint256.hpp, and the
// property tests prove the two equal.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <array>
#include <cstdint>

namespace flux {

struct Limbs {
  std::array<std::uint64_t, 4> w{};
  bool operator==(const Limbs&) const = default;
};

inline Limbs to_limbs(const U256& v) {
  Limbs r;
  const auto& b = v.backend();
  for (unsigned i = 0; i < b.size(); ++i) r.w[i] = b.limbs()[i];
  return r;
}

inline Limbs limbs_of(std::uint64_t v) {
  Limbs r;
  r.w[0] = v;
  return r;
}

U256 to_u256(const Limbs& v);
void store(const Limbs& v, U256& out);

inline bool is_zero(const Limbs& v) { return (v.w[0] | v.w[1] | v.w[2] | v.w[3]) == 0; }

// -1, 0 or 1 as a <, ==, > b.
inline int compare(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; --i) {
    const auto k = static_cast<std::size_t>(i);
    if (a.w[k] != b.w[k]) return a.w[k] < b.w[k] ? -1 : 1;
  }
  return 0;
}

// Each returns false on overflow, underflow or division by zero. `out` may alias an
// input.
[[nodiscard]] inline bool checked_add(const Limbs& a, const Limbs& b, Limbs& out) {
  unsigned long long carry = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    unsigned long long limb = 0;
    const unsigned long long c1 = __builtin_uaddll_overflow(a.w[i], b.w[i], &limb);
    const unsigned long long c2 = __builtin_uaddll_overflow(limb, carry, &limb);
    out.w[i] = limb;
    carry = c1 | c2;
  }
  return carry == 0;  // a carry out of the top limb: the sum needs 257 bits
}
[[nodiscard]] inline bool checked_sub(const Limbs& a, const Limbs& b, Limbs& out) {
  unsigned long long borrow = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    unsigned long long limb = 0;
    const unsigned long long b1 = __builtin_usubll_overflow(a.w[i], b.w[i], &limb);
    const unsigned long long b2 = __builtin_usubll_overflow(limb, borrow, &limb);
    out.w[i] = limb;
    borrow = b1 | b2;
  }
  return borrow == 0;
}
// floor(a * b / d), the product a * b having to fit in 256 bits. Inline below: the
// common case (a and b together at most four limbs, d one limb) never leaves
// registers; anything else goes through Boost (checked_mul_div_slow).
[[nodiscard]] inline bool checked_mul_div(const Limbs& a, const Limbs& b, const Limbs& d, Limbs& out);
[[nodiscard]] bool checked_mul_div_slow(const Limbs& a, const Limbs& b, const Limbs& d, Limbs& out);

namespace limbs_detail {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

inline unsigned significant_limbs(const Limbs& v) {
  unsigned n = 4;
  while (n > 1 && v.w[n - 1] == 0) --n;
  return n;
}

// (hi:lo) / d for hi < d: one hardware division, the quotient fits in 64 bits.
inline u64 div_128_by_64(u64 hi, u64 lo, u64 d, u64& rem) {
#if defined(__x86_64__)
  u64 q;
  __asm__("divq %4" : "=a"(q), "=d"(rem) : "a"(lo), "d"(hi), "rm"(d));
  return q;
#else
  const u128 n = (static_cast<u128>(hi) << 64) | lo;
  rem = static_cast<u64>(n % d);
  return static_cast<u64>(n / d);
#endif
}

// Division by 1e18, by far the most common divisor, uses a precomputed reciprocal
// instead of the hardware instruction (Moller and Granlund, "Improved division by
// invariant integers", 2011, algorithm 4): two multiplications and two corrections.
// 1e18 shifted left until its top bit is set, and floor((2^128 - 1) / that) - 2^64.
inline constexpr unsigned kOneShift = 4;
inline constexpr u64 kOneNormalized = 1'000'000'000'000'000'000ULL << kOneShift;
inline constexpr u64 kOneInverse =
    static_cast<u64>(((static_cast<u128>(~kOneNormalized) << 64) | ~u64{0}) / kOneNormalized);
static_assert((kOneNormalized >> 63) == 1 && ((kOneNormalized >> kOneShift) == 1'000'000'000'000'000'000ULL));

// (hi:lo) / kOneNormalized for hi < kOneNormalized.
inline u64 div_2by1_by_one(u64 hi, u64 lo, u64& rem) {
  u128 q = static_cast<u128>(kOneInverse) * hi;
  q += (static_cast<u128>(hi) << 64) | lo;
  u64 q1 = static_cast<u64>(q >> 64) + 1;
  const u64 q0 = static_cast<u64>(q);
  u64 rest = lo - q1 * kOneNormalized;
  if (rest > q0) {
    --q1;
    rest += kOneNormalized;
  }
  if (rest >= kOneNormalized) {
    ++q1;
    rest -= kOneNormalized;
  }
  rem = rest;
  return q1;
}

}  // namespace limbs_detail

inline bool checked_mul_div(const Limbs& a, const Limbs& b, const Limbs& d, Limbs& out) {
  using namespace limbs_detail;
  const unsigned na = significant_limbs(a), nb = significant_limbs(b);
  if (na + nb > 4 || (d.w[1] | d.w[2] | d.w[3]) != 0) return checked_mul_div_slow(a, b, d, out);
  const u64 divisor = d.w[0];
  if (divisor == 0) return false;

  u64 n[4] = {0, 0, 0, 0};  // the product
  if (na <= 2 && nb <= 2) {
    const u128 p00 = static_cast<u128>(a.w[0]) * b.w[0], p01 = static_cast<u128>(a.w[0]) * b.w[1];
    const u128 p10 = static_cast<u128>(a.w[1]) * b.w[0], p11 = static_cast<u128>(a.w[1]) * b.w[1];
    const u128 mid = (p00 >> 64) + static_cast<u64>(p01) + static_cast<u64>(p10);
    const u128 high = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + p11;
    n[0] = static_cast<u64>(p00);
    n[1] = static_cast<u64>(mid);
    n[2] = static_cast<u64>(high);
    n[3] = static_cast<u64>(high >> 64);
  } else {  // three limbs by one
    const Limbs& wide = na > nb ? a : b;
    const u64 narrow = na > nb ? b.w[0] : a.w[0];
    u64 carry = 0;
    for (unsigned i = 0; i < 3; ++i) {
      const u128 t = static_cast<u128>(wide.w[i]) * narrow + carry;
      n[i] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
    n[3] = carry;
  }
  unsigned top = 4;
  while (top > 1 && n[top - 1] == 0) --top;
  for (unsigned i = top; i < 4; ++i) out.w[i] = 0;

  if (divisor == 1'000'000'000'000'000'000ULL) {
    // The dividend shifted by as much as the divisor (the quotient is unchanged), one
    // limb at a time as the division reaches it: rewriting the array first invites
    // the compiler to vectorise the shift, and reading back limbs just stored one by
    // one as vectors stalls store forwarding.
    u64 rem = n[top - 1] >> (64 - kOneShift);
    for (unsigned i = top; i > 0; --i) {
      const u64 low = (n[i - 1] << kOneShift) | (i >= 2 ? n[i - 2] >> (64 - kOneShift) : 0);
      out.w[i - 1] = div_2by1_by_one(rem, low, rem);
    }
    return true;
  }
  u64 rem = 0;
  unsigned i = top;
  if (n[i - 1] < divisor) {  // the top quotient limb is 0: skip one hardware division
    rem = n[i - 1];
    out.w[i - 1] = 0;
    --i;
  }
  for (; i > 0; --i) out.w[i - 1] = div_128_by_64(rem, n[i - 1], divisor, rem);
  return true;
}

}  // namespace flux
