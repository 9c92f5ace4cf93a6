// Where secret randomness comes from.
//
// Functions that need randomness (keystore salt and IV) take a RandomSource, so
// tests can pass a fixed one and get byte-exact, reproducible output; production
// code passes system_random.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

namespace flux::crypto {

// Fills the whole span with random bytes, or throws.
using RandomSource = std::function<void(std::span<std::uint8_t>)>;

// The kernel's CSPRNG (getrandom(2): the /dev/urandom pool, but without a file
// descriptor that could be exhausted, and blocking only until the pool is first
// seeded at boot). Throws std::system_error if the kernel refuses.
void system_random(std::span<std::uint8_t> out);

}  // namespace flux::crypto
