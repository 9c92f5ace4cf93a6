// Keccak-256, Ethereum's hash.
//
// Ethereum fixed its hash before NIST changed Keccak's padding for SHA-3, so
// Ethereum's "sha3"/keccak256 is NOT SHA3-256: the two differ on every input
// (keccak256("") = c5d246..., sha3_256("") = a7ffc6...). Crypto++'s Keccak_256 is the
// original padding, the one addresses, EIP-712 and keystore MACs use.
#pragma once

#include "crypto/bytes.hpp"

#include <memory>
#include <string_view>

namespace flux::crypto {

Hash32 keccak256(ByteView data);
Hash32 keccak256(std::string_view text);  // the UTF-8 bytes of `text`, as ethers' id()

// Incremental form, to hash a concatenation without building it in memory.
class Keccak256 {
 public:
  Keccak256();
  ~Keccak256();
  Keccak256(const Keccak256&) = delete;
  Keccak256& operator=(const Keccak256&) = delete;

  Keccak256& update(ByteView data);
  Hash32 finish();  // the hash of everything given; the hasher restarts empty

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;  // keeps Crypto++ out of this header
};

}  // namespace flux::crypto
