// The fixed scene of the golden-encoding tests (golden_*_test.cpp), and the helpers
// they write expected bytes with.
//
// The golden tests pin every consensus-relevant encoding: the state records the node
// stores (state_codec), a proposal's action tags, the transaction types and their
// EIP-712 signing hashes, the engine's state hash and the node's state hash. Their
// expected values are written by hand from the formats (state_codec.hpp,
// state_hash.hpp, eip712.hpp), field by field, never copied from the program's output:
// a change to any of those encodings fails them, and must then be a deliberate,
// versioned change of the format.
//
// The scene is built field by field (no operation runs), with small values that are
// all different from one another, so that two fields swapping places changes the bytes.
#pragma once

#include "crypto/bytes.hpp"
#include "engine/state.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace flux::node::golden {

// Accounts of the scene, by name (the codec and the hashes name accounts, never ids):
//   "tl"     the timelock, the admin
//   "admin"  the pause guardian; the issuer of USD
//   "al"     the oracle; holds USD, FLUX, fUSD; votes; proposed proposal 1; earns FLUX
//   "bo"     compliance and group 7's KYC admin; sanctioned; delegates to al
//   "lk"     the locked supply holder
// Assets: 0 USD (6 decimals, permissioned, group 7), 1 FLUX (the governance token).
// Market 0: fUSD. Governance counts 1-second blocks; proposal 1 (executed) sets the
// close factor; rewards run in fUSD; rule version 2 is scheduled at block 100.
State scene();

// Raw bytes from hex fragments ("01", "0000 03e8", ...): spaces inside a fragment are
// ignored, so a field can be written as its length and its value. Throws on bad hex.
std::string bytes(std::initializer_list<std::string_view> hex_fragments);
// The same, one fragment.
std::string bytes(std::string_view hex);
// Lowercase hex of raw bytes, without 0x: what a failing test prints.
std::string hex(std::string_view raw);

}  // namespace flux::node::golden
