// The engine's state as storage records, so that a restart loads the state instead
// of replaying every block (replaying re-verifies every signature: far too slow for a
// node with millions of transactions; `fluxd verify` does it on purpose).
//
// Keys (ASCII tag, then the id):
//   "meta"                 blocks per year, block, risk settings, roles
//   "asset/"  + u16 BE     one asset, by id
//   "market/" + u16 BE     one market, by id (configuration and book)
//   "account/" + name      one account (wallet, positions, entered markets, KYC, sanctions)
//   "nonce/" + 20 bytes    the next nonce of an address (written by the chain's owner)
//   "rules"                the protocol rule version and the scheduled upgrade
//                          (engine/upgrade.hpp): u32 version, u8 scheduled (0/1),
//                          then if 1: u32 version, u64 activation block. Storage
//                          schema 2 on (fluxd/storage_schema.hpp): always present.
// Values are a version byte (1) followed by fields in a fixed order: integers
// u8/u16/u32/u64 big-endian; a U256 as one length byte (0..32) and that many
// big-endian bytes with no leading zero; a string as a u32 length and its bytes;
// lists as a u32 count and their items. Accounts are referred to by name, never by id
// (ids are an in-memory detail that depends on creation order).
#pragma once

#include "engine/state.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace flux::node {

// A malformed record: which key, and what is wrong with it.
struct CodecError {
  std::string key;
  std::string detail;
};

std::string meta_key();
std::string asset_key(AssetId id);
std::string market_key(MarketId id);
std::string account_key(const std::string& name);
std::string rules_key();

std::string encode_meta(const State& state);
std::string encode_asset(const State& state, AssetId id);
std::string encode_market(const Market& market);
std::string encode_account(const State& state, AccountId id);
std::string encode_rules(const State& state);

// Every record of the state (accounts holding nothing are left out).
std::vector<std::pair<std::string, std::string>> encode_state(const State& state);

// The records that a block touching these accounts and markets changed: meta, every
// asset (few, and their `issued` moves with faucets and reserves), the rules record
// (a few bytes), the markets and the accounts given.
std::vector<std::pair<std::string, std::string>> encode_changes(const State& state, const std::set<AccountId>& accounts,
                                                               const std::set<MarketId>& markets);

// Rebuilds a State from its records (keyed as above; "nonce/" records are ignored).
// Fails, naming the record, on anything malformed or inconsistent.
std::optional<State> decode_state(const std::map<std::string, std::string>& records, CodecError& error);

}  // namespace flux::node
