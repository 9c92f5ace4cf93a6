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
//   "governance"           only with governance: token (asset id), timelock (name),
//                          proposal threshold, voting delay, voting period, quorum,
//                          timelock delay, block interval (ms), proposal count, latest
//                          proposal per proposer (name -> id, in name order). Version
//                          byte 2: the durations are seconds. Version 1 (older nodes)
//                          has no block interval and its durations are 12-second
//                          blocks; it is read as seconds = 12 x blocks at 12,000 ms.
//   "voter/" + name        an account's delegate (name, "" for none) and its vote
//                          checkpoints (from_block, votes); an empty value is no record
//   "proposal/" + u64 BE   one proposal, by id: proposer, actions, description, start
//                          and end block, quorum, eta, for/against/abstain votes,
//                          canceled, executed, vote receipts (voter name, support, votes)
// A proposal's actions are a tag byte (1 ListMarket .. 17 SetGovernanceParameter,
// 18 SetRewardSpeeds, 19 FundRewards, 20 ScheduleUpgrade, 21 SetOracle: each
// action's descriptor holds its tag, engine/descriptors/; never renumbered) and the
// action's fields in a fixed order (node/action_codec.cpp); its sender is not stored
// (always the timelock), markets by id, accounts by name. A ListMarket action's config.rate_model is not stored: the
// node keeps its rate model in the action's raw parameters and leaves the config's empty.
//   "rewards"              liquidity mining (engine/rewards.hpp), once it exists: the
//                          reserve's counters funded, allocated, distributed, paid (U256
//                          each), then a u32 count of markets with rewards, each: u16
//                          market id, supply speed, borrow speed, supply index, borrow
//                          index (U256), supply block, borrow block (u64)
//   "reward/" + name       one account's rewards: accrued (U256), then a u32 count of
//                          markets, each: u16 market id, supplier index, borrower index
//                          (U256; 0 = the initial index)
// Rewards records are written only once rewards exist, and never need deleting: the
// counters only grow, a market's entry is never removed, and an account's entry, once
// it holds an index beyond the initial one, keeps it (indices never go back).
//   "rules"                the protocol rule version and the scheduled upgrade
//                          (engine/upgrade.hpp): u32 version, u8 scheduled (0/1),
//                          then if 1: u32 version, u64 activation block. Storage
//                          schema 2 on (fluxd/storage_schema.hpp): always present.
// Flux Protocol deployments only (a Compound state has none of these records):
//   "protocol"             u8 protocol (1), u64 time (seconds), the four switches
//                          (supply, borrow, liquidation disabled, all locked: u8
//                          each), tax rate, liquidation fee (U256), team and Guard
//                          (names, "" for none), the fixes in force (u8 of bits in
//                          flux_protocol::Fixes' order)
//   "pool/" + u16 BE       a market's pool terms: collateral ratio, tax rate (U256),
//                          status (u8), escalator start time and last slot (u64) and
//                          its 20 slots (count, utilization sum, growth: U256 each)
//   "protocol_account/" + name   joined markets in order (u32 count, u16 each),
//                          allowances (u32 count; u16 market, spender name, U256),
//                          credit borrower (u8), credit limits (u32 count; u16 market,
//                          U256), in market order; an empty value is no record
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
std::string governance_key();
std::string voter_key(const std::string& name);
std::string proposal_key(std::uint64_t id);

// What of governance changed: the governance record, voters, proposals by id.
struct GovernanceChanges {
  bool record = false;
  std::set<AccountId> voters;
  std::set<std::uint64_t> proposals;
};
std::string rewards_key();
std::string reward_account_key(const std::string& name);
std::string rules_key();

std::string encode_meta(const State& state);
std::string encode_asset(const State& state, AssetId id);
std::string encode_market(const Market& market);
std::string encode_account(const State& state, AccountId id);
std::string encode_governance(const State& state);
std::string encode_voter(const State& state, AccountId id);  // the account must be a voter
std::string encode_proposal(const State& state, const Proposal& proposal);
std::string encode_rewards(const Rewards& rewards);
std::string encode_reward_account(const AccountRewards& rewards);
std::string encode_rules(const State& state);

// Flux Protocol's records (protocol_codec.cpp).
std::string protocol_key();
std::string pool_key(MarketId id);
std::string protocol_account_key(const std::string& name);
std::string encode_protocol(const State& state);
std::string encode_pool(const flux_protocol::PoolTerms& pool);
std::string encode_protocol_account(const State& state, const flux_protocol::ProtocolAccount& account);
// Under Flux Protocol: the protocol record, the pools of `markets` and the records of
// `accounts` (an empty value for one with nothing: its record is deleted). Nothing
// for a Compound state.
void encode_protocol_changes(const State& state, const std::set<AccountId>& accounts, const std::set<MarketId>& markets,
                             std::vector<std::pair<std::string, std::string>>& out);
// Reads them into a state whose markets and accounts are decoded; no "protocol" record
// leaves a Compound state. Throws records::Malformed, with `current` the record read.
void decode_protocol(const std::map<std::string, std::string>& records, State& state, std::string& current);

// Every record of the state (accounts holding nothing are left out).
std::vector<std::pair<std::string, std::string>> encode_state(const State& state);

// The records that a block touching these accounts and markets changed: meta, every
// asset (few, and their `issued` moves with faucets and reserves), the markets and
// the accounts given, the governance records named (a voter that is no longer one is
// written with an empty value: its record is deleted), and with rewards the rewards
// record and the given accounts' reward records (an operation changes the rewards only
// of the accounts it names), and the rules record (a few bytes).
std::vector<std::pair<std::string, std::string>> encode_changes(const State& state, const std::set<AccountId>& accounts,
                                                                const std::set<MarketId>& markets,
                                                                const GovernanceChanges& governance = {});

// Rebuilds a State from its records (keyed as above; "nonce/" records are ignored).
// Fails, naming the record, on anything malformed or inconsistent.
std::optional<State> decode_state(const std::map<std::string, std::string>& records, CodecError& error);

}  // namespace flux::node
