#include "storage/checksum.hpp"

#include <cryptopp/crc.h>

namespace flux::storage {

std::uint32_t crc32c(std::initializer_list<std::string_view> pieces) {
  CryptoPP::CRC32C crc;
  for (std::string_view piece : pieces) {
    crc.Update(reinterpret_cast<const CryptoPP::byte*>(piece.data()), piece.size());
  }
  // Crypto++ emits the final register least significant byte first.
  CryptoPP::byte digest[CryptoPP::CRC32C::DIGESTSIZE];
  crc.Final(digest);
  return static_cast<std::uint32_t>(digest[0]) | (static_cast<std::uint32_t>(digest[1]) << 8) |
         (static_cast<std::uint32_t>(digest[2]) << 16) | (static_cast<std::uint32_t>(digest[3]) << 24);
}

}  // namespace flux::storage
