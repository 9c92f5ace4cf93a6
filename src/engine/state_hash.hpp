// A deterministic digest of all state, so two replicas or two replays can be compared
// by one value: Keccak-256 over a canonical encoding.
//
// Encoding: fixed-width big-endian integers (u64: 8 bytes, U256: 32 bytes), strings
// as a u64 length then bytes, in this order: a version tag, blocks per year, block,
// risk settings, the names of the role holders, assets in id order, markets in id
// order (configuration then book), governance if installed (behind a u64 of all ones:
// token, timelock, parameters, voters by name with their delegate and checkpoints,
// proposals by id with their actions, tallies and receipts, each proposer's latest
// proposal), liquidity mining if it ever started (behind a u64 of 2^64 - 2: the
// reserve's counters, markets' speeds and indices, accounts' accrued rewards and
// indices), then accounts in name order. Zero wallet entries, empty positions and
// accounts holding nothing are left out, so how an account came to hold nothing does
// not change the hash; a state without governance hashes as before governance existed.
#pragma once

#include "engine/state.hpp"

#include <array>
#include <string>

namespace flux {

using StateHash = std::array<std::uint8_t, 32>;

StateHash state_hash(const State& state);
std::string to_hex(const StateHash& hash);

}  // namespace flux
