// Unsigned 256-bit integers, the width of every amount, rate and mantissa on chain.
//
// Storage and the general arithmetic come from Boost.Multiprecision's fixed-width
// cpp_int (unchecked: it would wrap, so every operation the engine uses goes through
// the checked helpers below, which report overflow, underflow and division by zero
// instead). The one hot operation, multiply-then-divide, has a fast path for the
// common case (both factors below 2^128, divisor below 2^64) that is exact in every
// case and is proven equal to the Boost path by the property tests.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flux {

using U256 = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    256, 256, boost::multiprecision::unsigned_magnitude, boost::multiprecision::unchecked, void>>;

// 2^256 - 1: "max" in a repay or liquidate request.
const U256& u256_max();

// Parses a decimal string of digits only (no sign, no spaces, no leading '+').
// Returns nothing if the text is empty, not decimal, or does not fit in 256 bits.
std::optional<U256> parse_u256(std::string_view text);
std::string to_string(const U256& value);

// 10^n (n <= 77: the largest power of ten below 2^256).
U256 pow10(unsigned n);

// Checked arithmetic. Each returns false (and leaves `out` unspecified) on overflow,
// underflow or division by zero; nothing ever wraps.
[[nodiscard]] bool checked_add(const U256& a, const U256& b, U256& out);
[[nodiscard]] bool checked_sub(const U256& a, const U256& b, U256& out);
[[nodiscard]] bool checked_mul(const U256& a, const U256& b, U256& out);
[[nodiscard]] bool checked_div(const U256& a, const U256& b, U256& out);

// floor(a * b / d), where the product a * b itself must fit in 256 bits (as in the
// Solidity contracts, whose intermediate product overflows even when the quotient
// would fit). Returns false on that overflow or when d == 0.
[[nodiscard]] bool checked_mul_div(const U256& a, const U256& b, const U256& d, U256& out);

// The same computation without the fast path, for the property tests.
[[nodiscard]] bool checked_mul_div_reference(const U256& a, const U256& b, const U256& d, U256& out);

inline bool fits_u64(const U256& v) { return v.backend().size() == 1; }
inline std::uint64_t low_u64(const U256& v) { return v.backend().limbs()[0]; }

}  // namespace flux
