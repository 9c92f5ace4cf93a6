// CRC32C (Castagnoli), the checksum of the value frame (layout.hpp).
//
// Computed by Crypto++ (already a dependency of the project), which uses the SSE4.2
// crc32 instruction when the CPU has it: the restart path checks every state record,
// so the checksum must cost little next to reading the record.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace flux::storage {

// The CRC32C of the concatenation of `pieces`, without concatenating them.
std::uint32_t crc32c(std::initializer_list<std::string_view> pieces);
inline std::uint32_t crc32c(std::string_view bytes) { return crc32c({bytes}); }

// LevelDB's mask: a CRC stored inside data that is itself checksummed is masked so
// that the CRC of the outer data does not degenerate.
inline constexpr std::uint32_t kCrcMaskDelta = 0xa282ead8u;
inline constexpr std::uint32_t mask_crc(std::uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kCrcMaskDelta; }
inline constexpr std::uint32_t unmask_crc(std::uint32_t masked) {
  const std::uint32_t rot = masked - kCrcMaskDelta;
  return (rot >> 17) | (rot << 15);
}

}  // namespace flux::storage
