// Inside the engine an operation stops at its first failing check by throwing a
// Failure, much as a Solidity contract reverts. Operations compute on copies and
// write to the state only after their last check (context.hpp's phase rule), and
// Engine::apply undoes what a request wrote from its journal (journal.hpp), so a
// Failure never leaves anything behind. apply catches it: no Failure crosses the
// engine boundary.
#pragma once

#include "engine/error.hpp"
#include "engine/numbers/limbs.hpp"
#include "engine/numbers/uint256.hpp"

namespace flux {

struct Failure {
  Error error;
};

// An execute whose proposal's action number `index` failed with `action_error`
// (error is action_failed). Engine::apply reports both in the Outcome.
struct ActionFailed : Failure {
  std::uint32_t index = 0;
  Error action_error = Error::ok;
};

[[noreturn]] inline void fail(Error e) { throw Failure{e}; }

inline void require(bool condition, Error e) {
  if (!condition) fail(e);
}

// Checked arithmetic that fails the operation with math_error, as Solidity 0.8's
// checked arithmetic reverts. Every division truncates toward zero.
inline U256 add(const U256& a, const U256& b) {
  U256 r;
  require(checked_add(a, b, r), Error::math_error);
  return r;
}
inline U256 sub(const U256& a, const U256& b) {
  U256 r;
  require(checked_sub(a, b, r), Error::math_error);
  return r;
}
inline U256 mul(const U256& a, const U256& b) {
  U256 r;
  require(checked_mul(a, b, r), Error::math_error);
  return r;
}
inline U256 div(const U256& a, const U256& b) {
  U256 r;
  require(checked_div(a, b, r), Error::math_error);
  return r;
}
// floor(a * b / d); the product must fit in 256 bits.
inline U256 mul_div(const U256& a, const U256& b, const U256& d) {
  U256 r;
  require(checked_mul_div(a, b, d, r), Error::math_error);
  return r;
}

// Block numbers (u64): a sum past 2^64 - 1 fails with math_error.
inline std::uint64_t add_blocks(std::uint64_t a, std::uint64_t b) {
  require(a <= ~std::uint64_t{0} - b, Error::math_error);
  return a + b;
}

// The same on Limbs, for the hot paths. Results go to an out-parameter (which may
// alias an input) rather than a return value, so no freshly written Limbs is copied.
inline void add_to(Limbs& sum, const Limbs& term) { require(checked_add(sum, term, sum), Error::math_error); }
inline void sub_into(const Limbs& a, const Limbs& b, Limbs& out) { require(checked_sub(a, b, out), Error::math_error); }
inline void mul_div_into(const Limbs& a, const Limbs& b, const Limbs& d, Limbs& out) {
  require(checked_mul_div(a, b, d, out), Error::math_error);
}

}  // namespace flux
