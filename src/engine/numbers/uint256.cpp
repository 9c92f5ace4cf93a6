#include "engine/numbers/uint256.hpp"

#include <array>

namespace flux {
namespace {

using U512 = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    512, 512, boost::multiprecision::unsigned_magnitude, boost::multiprecision::unchecked, void>>;
using u64 = std::uint64_t;
using u128 = unsigned __int128;

static_assert(sizeof(boost::multiprecision::limb_type) == 8, "the fast path assumes 64-bit limbs");

// (hi:lo) / d for hi < d: one hardware division, quotient fits in 64 bits.
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

// floor(a * b / d) when a and b together have at most four 64-bit limbs (so the
// product fits in 256 bits) and 0 < d < 2^64: schoolbook multiplication into four
// limbs, then long division from the top limb down, one hardware division per limb.
U256 mul_div_small(const U256& a, const U256& b, u64 d) {
  const auto& ab = a.backend();
  const auto& bb = b.backend();
  const unsigned na = ab.size(), nb = bb.size();
  std::array<u64, 5> n{};
  for (unsigned i = 0; i < na; ++i) {
    u64 carry = 0;
    const u64 ai = ab.limbs()[i];
    for (unsigned j = 0; j < nb; ++j) {
      const u128 t = static_cast<u128>(ai) * bb.limbs()[j] + n[i + j] + carry;
      n[i + j] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
    n[i + nb] = carry;
  }
  std::array<u64, 4> q{};
  u64 rem = n[3] % d;
  q[3] = n[3] / d;
  for (int i = 2; i >= 0; --i) {
    const auto k = static_cast<std::size_t>(i);
    q[k] = div_128_by_64(rem, n[k], d, rem);
  }

  U256 out;
  auto& backend = out.backend();
  unsigned used = 4;
  while (used > 1 && q[used - 1] == 0) --used;
  backend.resize(used, used);
  for (unsigned i = 0; i < used; ++i) backend.limbs()[i] = q[i];
  backend.normalize();
  return out;
}

}  // namespace

const U256& u256_max() {
  static const U256 max = ~U256(0);
  return max;
}

std::optional<U256> parse_u256(std::string_view text) {
  if (text.empty() || text.size() > 78) return std::nullopt;  // 2^256 has 78 digits
  U512 value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > U512(u256_max())) return std::nullopt;
  return U256(value);
}

std::string to_string(const U256& value) { return value.str(); }

bool checked_add(const U256& a, const U256& b, U256& out) {
  out = a + b;
  return out >= a;  // wrapped iff the sum is smaller than an addend
}

bool checked_sub(const U256& a, const U256& b, U256& out) {
  if (a < b) return false;
  out = a - b;
  return true;
}

bool checked_mul(const U256& a, const U256& b, U256& out) {
  if (a.is_zero() || b.is_zero()) {
    out = 0;
    return true;
  }
  // Bit lengths add up to at most 256: the product cannot overflow.
  if (boost::multiprecision::msb(a) + boost::multiprecision::msb(b) + 2 <= 256) {
    out = a * b;
    return true;
  }
  const U512 wide = U512(a) * U512(b);
  if (wide > U512(u256_max())) return false;
  out = U256(wide);
  return true;
}

bool checked_div(const U256& a, const U256& b, U256& out) {
  if (b.is_zero()) return false;
  out = a / b;
  return true;
}

bool checked_mul_div_reference(const U256& a, const U256& b, const U256& d, U256& out) {
  U256 product;
  if (!checked_mul(a, b, product)) return false;
  return checked_div(product, d, out);
}

bool checked_mul_div(const U256& a, const U256& b, const U256& d, U256& out) {
  if (d.is_zero()) return false;
  if (a.backend().size() + b.backend().size() <= 4 && fits_u64(d)) {
    out = mul_div_small(a, b, low_u64(d));
    return true;
  }
  return checked_mul_div_reference(a, b, d, out);
}

}  // namespace flux
