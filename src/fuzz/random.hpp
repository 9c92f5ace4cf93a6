// The simulator's only source of randomness: a seeded 64-bit Mersenne Twister with
// its integer distributions written out here, because std::uniform_int_distribution
// is implementation-defined (libstdc++ and libc++ draw different numbers from the
// same engine). Same seed, same numbers, on every standard library.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace flux::fuzz {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t next() { return engine_(); }

  // Uniform in [0, n); 0 when n is 0. Rejection sampling: the draws below
  // 2^64 mod n are thrown away, so every residue is equally likely.
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    std::uint64_t x = engine_();
    while (x < threshold) x = engine_();
    return x % n;
  }

  // Uniform in [lo, hi]; requires lo <= hi.
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
    return hi - lo == UINT64_MAX ? engine_() : lo + below(hi - lo + 1);
  }

  // True with probability per_mille / 1000.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(items.size()))];
  }

 private:
  std::mt19937_64 engine_;  // its output sequence is fixed by the standard
};

}  // namespace flux::fuzz
