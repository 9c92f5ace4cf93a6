#include "engine/state_hash.hpp"

#include "engine/state_encoding.hpp"

#include <cryptopp/keccak.h>

#include <algorithm>
#include <numeric>

namespace flux {
namespace {

using namespace encoding;

// Governance durations were blocks of 12 seconds before they were seconds: a state that
// counts 12-second blocks and whose durations are whole blocks is exactly what such a
// state was, and hashes as it did (so a node's stored chain keeps its state hashes).
bool governance_counts_in_reference_blocks(const Governance& g) {
  constexpr std::uint64_t block_seconds = reference_block_interval_ms / 1'000;
  return g.block_interval_ms == reference_block_interval_ms && g.params.voting_delay % block_seconds == 0 &&
         g.params.voting_period % block_seconds == 0 && g.timelock_delay % block_seconds == 0;
}

// Written only when governance is installed, after the markets and before the
// accounts, behind a u64 of all ones: where the accounts begin, a u64 is a name's
// length, which is never 2^64 - 1, so a state with governance and one without never
// encode alike, and states without governance hash as they did before it existed.
// A governance counting other than whole 12-second blocks is behind 2^64 - 2 instead,
// with its durations in seconds and the block interval, so the two forms never
// encode alike either.
void encode_governance(Encoder& e, const State& state, const NameOf& name_of, const std::vector<AccountId>& by_name) {
  const Governance& g = state.governance;
  const bool reference_blocks = governance_counts_in_reference_blocks(g);
  e.u64(reference_blocks ? ~std::uint64_t{0} : ~std::uint64_t{1});
  e.u64(g.token);
  e.str(name_of(g.timelock));
  e.u256(g.params.proposal_threshold);
  if (reference_blocks) {
    e.u64(g.voting_delay_blocks());
    e.u64(g.voting_period_blocks());
    e.u256(g.params.quorum_votes);
    e.u64(g.timelock_delay_blocks());
  } else {
    e.u64(g.params.voting_delay);
    e.u64(g.params.voting_period);
    e.u256(g.params.quorum_votes);
    e.u64(g.timelock_delay);
    e.u64(g.block_interval_ms);
  }
  // Voters in name order, each with its delegate and checkpoints.
  std::size_t voters = 0;
  for (AccountId id : by_name)
    if (auto it = g.voters.find(id); it != g.voters.end() && !it->second.empty()) ++voters;
  e.u64(voters);
  for (AccountId id : by_name) {
    const auto it = g.voters.find(id);
    if (it == g.voters.end() || it->second.empty()) continue;
    e.str(name_of(id));
    encode_voter(e, it->second, name_of);
  }
  // Proposals in id order; receipts in voter name order.
  e.u64(g.proposals.size());
  for (const Proposal& p : g.proposals) encode_proposal(e, p, name_of);
  // Each proposer's latest proposal, in proposer name order.
  e.u64(g.latest_proposal.size());
  for (AccountId id : by_name)
    if (const auto it = g.latest_proposal.find(id); it != g.latest_proposal.end()) {
      e.str(name_of(id));
      e.u64(it->second);
    }
}

// Liquidity mining, written only when there is any (rewards.hpp), after governance
// and behind a u64 of 2^64 - 2 (never a name's length either), so a state whose
// rewards never started hashes as before they existed: the reserve's counters,
// markets in id order with speeds, indices and blocks, then accounts in name order
// with their accrued rewards and per-market indices.
void encode_rewards(Encoder& e, const Rewards& r, const NameOf& name_of, const std::vector<AccountId>& by_name) {
  e.u64(~std::uint64_t{0} - 1);
  e.u256(r.pool.funded);
  e.u256(r.pool.allocated);
  e.u256(r.pool.distributed);
  e.u256(r.pool.paid);
  e.u64(r.markets.size());
  for (const auto& [m, mr] : r.markets) {
    e.u64(m);
    encode_market_rewards(e, mr);
  }
  e.u64(r.accounts.size());
  for (AccountId id : by_name) {
    const auto it = r.accounts.find(id);
    if (it == r.accounts.end()) continue;
    e.str(name_of(id));
    encode_account_rewards(e, it->second);
  }
}

// Written only when the state has upgraded or has an upgrade scheduled, after the
// accounts, behind a u64 of all ones (where an account would begin, a u64 is a name's
// length, never 2^64 - 1): states that never upgraded hash as they did before rule
// versions existed, so the block headers of existing chains stay valid.
void encode_rule_version(Encoder& e, const State& state) {
  if (state.rule_version == rule_version_initial && !state.scheduled_upgrade) return;
  e.u64(~std::uint64_t{0});
  e.u64(state.rule_version);
  e.flag(state.scheduled_upgrade.has_value());
  if (state.scheduled_upgrade) {
    e.u64(state.scheduled_upgrade->version);
    e.u64(state.scheduled_upgrade->activation_block);
  }
}

// Written only for the reference's parameter rules (parameter_rules.hpp), which the
// node never runs, behind a u64 of 2^64 - 2 (never a name's length), so every node's
// state hashes as before.
void encode_parameter_rules(Encoder& e, const State& state) {
  if (state.parameter_rules == ParameterRules::flux) return;
  e.u64(~std::uint64_t{0} - 1);
  e.u64(static_cast<std::uint8_t>(state.parameter_rules));
}

// Flux Protocol's part, behind a u64 of 2^64 - 3 (never a name's length); nothing
// for a Compound state, whose hash stays as it was.
void encode_protocol(Encoder& e, const State& state, const NameOf& name_of, const std::vector<AccountId>& by_name) {
  if (state.protocol == Protocol::compound) return;
  e.u64(~std::uint64_t{0} - 2);
  e.u64(static_cast<std::uint8_t>(state.protocol));
  e.u64(state.time);
  encode_protocol_settings(e, state.protocol_settings, name_of);
  for (AccountId id : by_name) {
    const auto it = state.protocol_accounts.find(id);
    if (it == state.protocol_accounts.end() || it->second.empty()) continue;
    e.str(state.account_names[id]);
    encode_protocol_account(e, it->second, name_of);
  }
}

}  // namespace

StateHash state_hash(const State& state) {
  Encoder e;
  e.str("flux-state-v1");
  e.u256(state.blocks_per_year);
  e.u64(state.block);
  e.u256(state.risk.close_factor);
  e.u256(state.risk.liquidation_incentive);
  e.flag(state.risk.transfer_paused);
  e.flag(state.risk.seize_paused);
  // Accounts appear by name (ids depend on creation order); an unset one as "".
  const NameOf name_of = names_of(state);
  encode_roles(e, state.roles, name_of);
  e.u64(state.assets.size());
  for (const Asset& a : state.assets) encode_asset(e, a, name_of);
  e.u64(state.markets.size());
  for (const Market& m : state.markets) encode_market(e, m);

  std::vector<AccountId> order(state.accounts.size());
  std::iota(order.begin(), order.end(), AccountId{0});
  std::sort(order.begin(), order.end(),
            [&](AccountId a, AccountId b) { return state.account_names[a] < state.account_names[b]; });
  if (state.governance.enabled()) encode_governance(e, state, name_of, order);
  if (!state.rewards.empty()) encode_rewards(e, state.rewards, name_of, order);
  for (AccountId id : order) {
    const Account& a = state.accounts[id];
    if (a.holds_nothing()) continue;
    e.str(state.account_names[id]);
    encode_account(e, a);
  }
  encode_rule_version(e, state);
  encode_parameter_rules(e, state);
  encode_protocol(e, state, name_of, order);

  StateHash hash{};
  CryptoPP::Keccak_256 keccak;
  keccak.Update(e.bytes().data(), e.bytes().size());
  keccak.Final(hash.data());
  return hash;
}

std::string to_hex(const StateHash& hash) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (std::uint8_t b : hash) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

}  // namespace flux
