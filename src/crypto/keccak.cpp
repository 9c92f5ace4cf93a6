#include "crypto/keccak.hpp"

#include <cryptopp/keccak.h>

namespace flux::crypto {

struct Keccak256::Impl {
  CryptoPP::Keccak_256 h;
};

Keccak256::Keccak256() : impl_(std::make_unique<Impl>()) {}
Keccak256::~Keccak256() = default;

Keccak256& Keccak256::update(ByteView data) {
  impl_->h.Update(data.data(), data.size());
  return *this;
}

Hash32 Keccak256::finish() {
  Hash32 out;
  impl_->h.Final(out.data());  // Final also restarts the hash
  return out;
}

Hash32 keccak256(ByteView data) { return Keccak256().update(data).finish(); }

Hash32 keccak256(std::string_view text) {
  return keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace flux::crypto
