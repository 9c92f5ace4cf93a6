// The keys the simulator signs with: the dev chain's accounts (config/dev.toml: the
// role holders, the FLUX holders, the fund's issuer) and a few fresh ones the genesis
// never heard of (their first transaction creates them).
#pragma once

#include "crypto/secp256k1.hpp"

#include <string>
#include <vector>

namespace flux::fuzz {

struct FuzzAccount {
  std::string name;  // "alice", "fresh1", ...
  crypto::PrivateKey key;
  crypto::Address20 address;
  std::string engine_name;  // the engine's account name: lowercase hex (node::account_name)
};

// The dev accounts in config/dev.toml's order, then `fresh` accounts whose keys are
// fixed (keccak256 of "flux fuzz account <i>"), so every run signs alike.
std::vector<FuzzAccount> fuzz_accounts(unsigned fresh = 3);

}  // namespace flux::fuzz
