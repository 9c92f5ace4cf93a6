// Blocks and receipts as JSON: what the RPC returns, and (as CBOR, the same structure
// in binary) what storage keeps. One shape for both, so a stored block reads back
// into exactly what was produced.
#pragma once

#include "node/chain.hpp"
#include "node/event_json.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace flux::node {

nlohmann::json header_json(const BlockHeader& header);
// `tx`, when given, is the receipt's transaction: it names the setting of a
// parameter_changed event ("parameter": "collateral_factor").
nlohmann::json receipt_json(const Receipt& receipt, const State& state, const Transaction* tx = nullptr);
// The header with its hash, the transactions (wire form) and the receipts. Of
// `state` these read only names: assets, markets and account_names (the node builds
// a block's JSON outside its lock from a copy of just those; keep it so).
nlohmann::json block_json(const Block& block, const State& state);

// Storage form (CBOR) and back. Event details are kept for readers; replay needs
// only what decode_block restores: header, transactions and each receipt's error.
std::string encode_block(const Block& block, const State& state);
std::optional<Block> decode_block(const std::string& bytes, std::string& error);
// The same, with each receipt's events too (event_json.hpp's EventReader, with the
// names of `names`: a state at least as recent as the one the block was encoded with).
std::optional<Block> decode_block(const std::string& bytes, const State& names, std::string& error);

}  // namespace flux::node
