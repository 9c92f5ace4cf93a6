// The canonical byte encoding both state hash forms are built from (state_hash.hpp,
// the flat hash of rule version 1; state_root.hpp, the root of rule version 2):
// fixed-width big-endian integers (u64: 8 bytes, U256: 32 bytes), strings as a u64
// length then bytes, flags as one byte. Consensus encoding: a change here changes every
// state hash (tests/node/golden_state_hash_test.cpp pins them).
#pragma once

#include "engine/state.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace flux::encoding {

class Encoder {
 public:
  void u64(std::uint64_t v);
  void u256(const U256& v);
  void str(const std::string& s);
  void flag(bool b) { bytes_.push_back(b ? 1 : 0); }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// An account's name by id ("" for an unset one): states encode accounts by name, since
// ids depend on the order accounts were created in.
using NameOf = std::function<std::string(AccountId)>;
NameOf names_of(const State& state);

// The role holders by name (admin, pause guardian, oracle, compliance, sanctions
// admin, locked supply holder), then the KYC group admins.
void encode_roles(Encoder& e, const Roles& roles, const NameOf& name_of);
// An asset: symbol, decimals, issued, issuer by name, permissioned, KYC group.
void encode_asset(Encoder& e, const Asset& a, const NameOf& name_of);
void encode_rate_model_params(Encoder& e, const RateModelParams& p);
void encode_config(Encoder& e, const MarketConfig& c);
// A market: configuration, book, then (Flux Protocol only: Compound's terms are all
// defaults) its pool terms and escalator.
void encode_market(Encoder& e, const Market& m);
// Flux Protocol's settings (team and Guard by name) and one account's record there.
void encode_protocol_settings(Encoder& e, const flux_protocol::Settings& s, const NameOf& name_of);
void encode_protocol_account(Encoder& e, const flux_protocol::ProtocolAccount& a, const NameOf& name_of);
// A governance action: its type's index in GovernanceAction, the sender by name, then
// its fields in declaration order.
void encode_action(Encoder& e, const GovernanceAction& action, const NameOf& name_of);
// An account's holdings (not its name): non-zero wallet entries, non-empty positions,
// entered markets, KYC groups, sanctioned.
void encode_account(Encoder& e, const Account& a);
// A voter's delegate (by name) and checkpoints.
void encode_voter(Encoder& e, const Voter& v, const NameOf& name_of);
// A proposal: id, proposer, actions, description, schedule, quorum, tallies, flags,
// receipts in voter name order.
void encode_proposal(Encoder& e, const Proposal& p, const NameOf& name_of);
// A market's reward speeds, indices and blocks.
void encode_market_rewards(Encoder& e, const MarketRewards& mr);
// An account's accrued rewards and per-market indices.
void encode_account_rewards(Encoder& e, const AccountRewards& ar);

}  // namespace flux::encoding
