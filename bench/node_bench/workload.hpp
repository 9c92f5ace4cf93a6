// The benchmark's workload: funded accounts with known keys, the genesis that funds
// them, and every transaction, signed and batched before anything is timed.
#pragma once

#include "bench/node_bench/options.hpp"
#include "crypto/address.hpp"
#include "crypto/secp256k1.hpp"
#include "node/transaction.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace flux::bench {

// Account i's key is keccak256("flux-bench-" + i); the admin's keccak256("flux-bench-admin").
struct Accounts {
  std::vector<crypto::PrivateKey> keys;
  std::vector<crypto::Address20> addresses;
  crypto::Address20 admin;
};

Accounts make_accounts(std::size_t n, std::size_t threads);

// An admin holding every role, USDC and DAI markets (stablecoin template), and
// 1,000,000 of each asset for every account.
std::string genesis_toml(const Accounts& a, std::uint64_t interval_ms, std::uint32_t rule_version);

// The whole load, pre-signed: client c sends its accounts (i % clients == c) round by
// round (nonce 0 of each, then nonce 1, ...) in batches; each batch is one HTTP body.
struct Batch {
  std::string body;                // a JSON-RPC batch of flux_sendTransaction
  std::vector<std::uint32_t> txs;  // global transaction indices, in order
};

struct Load {
  std::vector<std::vector<Batch>> batches;  // [client][k]
  std::vector<crypto::Hash32> hashes;       // [tx]
  std::vector<node::Transaction> samples;   // the first few, for the signature benchmark
  std::size_t total = 0;
  std::size_t type_counts[4] = {0, 0, 0, 0};  // TransferAsset, Mint, RedeemUnderlying, Transfer
};

Load make_load(const Accounts& a, const Options& o);

}  // namespace flux::bench
