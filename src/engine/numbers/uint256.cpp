#include "engine/numbers/uint256.hpp"

#include "engine/numbers/limbs.hpp"

#include <algorithm>
#include <array>

namespace flux {
namespace {

using U512 = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    512, 512, boost::multiprecision::unsigned_magnitude, boost::multiprecision::unchecked, void>>;
using u64 = std::uint64_t;
using u128 = unsigned __int128;

static_assert(sizeof(boost::multiprecision::limb_type) == 8, "the fast path assumes 64-bit limbs");

}  // namespace

U256 to_u256(const Limbs& v) {
  U256 out;
  store(v, out);
  return out;
}

void store(const Limbs& v, U256& out) {
  const unsigned count = limbs_detail::significant_limbs(v);
  auto& backend = out.backend();
  backend.resize(count, count);
  for (unsigned i = 0; i < count; ++i) backend.limbs()[i] = v.w[i];
}

bool checked_mul_div_slow(const Limbs& a, const Limbs& b, const Limbs& d, Limbs& out) {
  U256 r;
  if (!checked_mul_div_reference(to_u256(a), to_u256(b), to_u256(d), r)) return false;
  out = to_limbs(r);
  return true;
}

U256 pow10(unsigned n) {
  U256 p = 1;
  for (unsigned i = 0; i < n; ++i) p *= 10U;
  return p;
}

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
  Limbs r;
  if (!checked_add(to_limbs(a), to_limbs(b), r)) return false;
  store(r, out);
  return true;
}

bool checked_sub(const U256& a, const U256& b, U256& out) {
  Limbs r;
  if (!checked_sub(to_limbs(a), to_limbs(b), r)) return false;
  store(r, out);
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
  Limbs r;
  if (!checked_mul_div(to_limbs(a), to_limbs(b), to_limbs(d), r)) return false;
  store(r, out);
  return true;
}

}  // namespace flux
