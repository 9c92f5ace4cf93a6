#include "engine/state_root.hpp"

#include "engine/state_encoding.hpp"

#include <cryptopp/keccak.h>

#include <algorithm>

namespace flux {
namespace {

using namespace encoding;

constexpr std::size_t group_count = 256;
constexpr std::uint8_t setup_kind_byte = 0xFE;

StateHash keccak(const std::uint8_t* data, std::size_t size) {
  StateHash out{};
  CryptoPP::Keccak_256 k;
  k.Update(data, size);
  k.Final(out.data());
  return out;
}
StateHash keccak(const std::string& bytes) {
  return keccak(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

bool is_zero(const StateHash& h) {
  return std::all_of(h.begin(), h.end(), [](std::uint8_t b) { return b == 0; });
}

// Keccak-256 of `hashes` laid end to end, or zero if every one is zero (nothing below).
StateHash hash_children(const StateHash* hashes, std::size_t count) {
  if (std::all_of(hashes, hashes + count, is_zero)) return StateHash{};
  return keccak(hashes->data(), count * sizeof(StateHash));
}

std::string bytes_of(const Encoder& e) { return std::string(e.bytes().begin(), e.bytes().end()); }

}  // namespace

MerkleMap::MerkleMap()
    : buckets_(bucket_count),
      bucket_hashes_(bucket_count),
      group_hashes_(group_count),
      bucket_dirty_(bucket_count, false) {}

void MerkleMap::put(const std::string& key, const std::optional<std::string>& value) {
  const StateHash key_hash = keccak(key);
  const std::size_t index = std::size_t{key_hash[0]} * 256 + key_hash[1];
  std::vector<Leaf>& bucket = buckets_[index];
  const auto at = std::lower_bound(bucket.begin(), bucket.end(), key_hash,
                                   [](const Leaf& leaf, const StateHash& h) { return leaf.key_hash < h; });
  const bool present = at != bucket.end() && at->key_hash == key_hash;
  if (value) {
    const StateHash value_hash = keccak(*value);
    if (present) {
      if (at->value_hash == value_hash) return;
      at->value_hash = value_hash;
    } else {
      bucket.insert(at, Leaf{key_hash, value_hash});
      ++leaves_;
    }
  } else {
    if (!present) return;
    bucket.erase(at);
    --leaves_;
  }
  if (!bucket_dirty_[index]) {
    bucket_dirty_[index] = true;
    dirty_buckets_.push_back(static_cast<std::uint16_t>(index));
  }
}

StateHash MerkleMap::root() {
  if (dirty_buckets_.empty()) return root_;
  std::vector<bool> group_dirty(group_count, false);
  std::vector<std::uint8_t> pairs;
  for (const std::uint16_t index : dirty_buckets_) {
    bucket_dirty_[index] = false;
    group_dirty[index >> 8] = true;
    const std::vector<Leaf>& bucket = buckets_[index];
    if (bucket.empty()) {
      bucket_hashes_[index] = StateHash{};
      continue;
    }
    pairs.clear();
    for (const Leaf& leaf : bucket) {
      pairs.insert(pairs.end(), leaf.key_hash.begin(), leaf.key_hash.end());
      pairs.insert(pairs.end(), leaf.value_hash.begin(), leaf.value_hash.end());
    }
    bucket_hashes_[index] = keccak(pairs.data(), pairs.size());
  }
  dirty_buckets_.clear();
  for (std::size_t g = 0; g < group_count; ++g)
    if (group_dirty[g]) group_hashes_[g] = hash_children(&bucket_hashes_[g * 256], 256);
  root_ = hash_children(group_hashes_.data(), group_count);
  return root_;
}

namespace {

void encode_governor_record(Encoder& v, const Governance& g, const NameOf& name_of) {
  v.u256(g.params.proposal_threshold);
  v.u64(g.params.voting_delay);
  v.u64(g.params.voting_period);
  v.u256(g.params.quorum_votes);
  v.u64(g.timelock_delay);
  // Each proposer's latest proposal, in proposer name order.
  std::vector<std::pair<std::string, std::uint64_t>> latest;
  for (const auto& [proposer, proposal] : g.latest_proposal) latest.emplace_back(name_of(proposer), proposal);
  std::sort(latest.begin(), latest.end());
  v.u64(latest.size());
  for (const auto& [name, proposal] : latest) {
    v.str(name);
    v.u64(proposal);
  }
}

// The single entries' values: they always hold something.
std::string single_entry_value(const State& s, EntryKind kind, const NameOf& name_of) {
  Encoder v;
  switch (kind) {
    case EntryKind::block: v.u64(s.block); break;
    case EntryKind::risk:
      v.u256(s.risk.close_factor);
      v.u256(s.risk.liquidation_incentive);
      v.flag(s.risk.transfer_paused);
      v.flag(s.risk.seize_paused);
      break;
    case EntryKind::roles: encode_roles(v, s.roles, name_of); break;
    case EntryKind::rules:
      v.u64(s.rule_version);
      v.flag(s.scheduled_upgrade.has_value());
      if (s.scheduled_upgrade) {
        v.u64(s.scheduled_upgrade->version);
        v.u64(s.scheduled_upgrade->activation_block);
      }
      break;
    case EntryKind::governor: encode_governor_record(v, s.governance, name_of); break;
    case EntryKind::time: v.u64(s.time); break;
    case EntryKind::protocol: encode_protocol_settings(v, s.protocol_settings, name_of); break;
    default: break;
  }
  return bytes_of(v);
}

// A numbered or per-account entry's value, or nullopt if it holds nothing (`id` is an
// account the state has, for the per-account kinds).
std::optional<std::string> keyed_entry_value(const State& s, EntryKind kind, std::size_t id, const NameOf& name_of) {
  Encoder v;
  switch (kind) {
    case EntryKind::asset:
      if (id >= s.assets.size()) return std::nullopt;
      encode_asset(v, s.assets[id], name_of);
      break;
    case EntryKind::market:
      if (id >= s.markets.size()) return std::nullopt;
      encode_market(v, s.markets[id]);
      break;
    case EntryKind::account:
      if (s.accounts[id].holds_nothing()) return std::nullopt;
      encode_account(v, s.accounts[id]);
      break;
    case EntryKind::voter: {
      const auto it = s.governance.voters.find(static_cast<AccountId>(id));
      if (it == s.governance.voters.end() || it->second.empty()) return std::nullopt;
      encode_voter(v, it->second, name_of);
      break;
    }
    case EntryKind::proposal: {
      const Proposal* p = s.governance.find_proposal(id);
      if (p == nullptr) return std::nullopt;
      encode_proposal(v, *p, name_of);
      break;
    }
    case EntryKind::reward_market: {
      const auto it = s.rewards.markets.find(static_cast<MarketId>(id));
      if (it == s.rewards.markets.end()) return std::nullopt;
      encode_market_rewards(v, it->second);
      break;
    }
    case EntryKind::reward_pool: {
      const RewardsPool& p = s.rewards.pool;
      if (p == RewardsPool{}) return std::nullopt;
      v.u256(p.funded);
      v.u256(p.allocated);
      v.u256(p.distributed);
      v.u256(p.paid);
      break;
    }
    case EntryKind::reward_account: {
      const auto it = s.rewards.accounts.find(static_cast<AccountId>(id));
      if (it == s.rewards.accounts.end()) return std::nullopt;
      encode_account_rewards(v, it->second);
      break;
    }
    case EntryKind::protocol_account: {
      const auto it = s.protocol_accounts.find(static_cast<AccountId>(id));
      if (it == s.protocol_accounts.end() || it->second.empty()) return std::nullopt;
      encode_protocol_account(v, it->second, name_of);
      break;
    }
    default: break;
  }
  return bytes_of(v);
}

}  // namespace

std::optional<EntryLeaf> entry_leaf(const State& s, const EntryKey& key) {
  const NameOf name_of = names_of(s);
  const auto id = static_cast<std::size_t>(key.id);
  EntryLeaf leaf;
  leaf.key.push_back(static_cast<char>(key.kind));
  // The identity after the kind byte: a name for what belongs to an account, an id
  // for what is numbered, nothing for a single entry.
  Encoder identity;
  switch (key.kind) {
    case EntryKind::account:
    case EntryKind::voter:
    case EntryKind::reward_account:
    case EntryKind::protocol_account:
      if (id >= s.accounts.size()) return std::nullopt;
      identity.str(s.account_names[id]);
      leaf.value = keyed_entry_value(s, key.kind, id, name_of);
      break;
    case EntryKind::asset:
    case EntryKind::market:
    case EntryKind::proposal:
    case EntryKind::reward_market:
      identity.u64(key.id);
      leaf.value = keyed_entry_value(s, key.kind, id, name_of);
      break;
    case EntryKind::reward_pool: leaf.value = keyed_entry_value(s, key.kind, id, name_of); break;
    case EntryKind::block:
    case EntryKind::risk:
    case EntryKind::roles:
    case EntryKind::rules:
    case EntryKind::governor:
    case EntryKind::time:
    case EntryKind::protocol: leaf.value = single_entry_value(s, key.kind, name_of); break;
  }
  leaf.key += bytes_of(identity);
  return leaf;
}

EntryLeaf setup_leaf(const State& s) {
  Encoder v;
  v.str("flux-state-v2");
  v.u256(s.blocks_per_year);
  v.u64(static_cast<std::uint8_t>(s.parameter_rules));
  const Governance& g = s.governance;
  v.u64(g.token);
  v.str(names_of(s)(g.timelock));
  v.u64(g.block_interval_ms);
  // Appended only for Flux Protocol, so Compound roots stay as they were.
  if (s.protocol != Protocol::compound) v.u64(static_cast<std::uint8_t>(s.protocol));
  return EntryLeaf{std::string(1, static_cast<char>(setup_kind_byte)), bytes_of(v)};
}

void put_entry(MerkleMap& map, const State& state, const EntryKey& key) {
  if (auto leaf = entry_leaf(state, key)) map.put(leaf->key, leaf->value);
}

void put_setup(MerkleMap& map, const State& state) {
  const EntryLeaf setup = setup_leaf(state);
  map.put(setup.key, setup.value);
}

void put_state(MerkleMap& map, const State& state) {
  for (const EntryKey& key : all_entries(state)) put_entry(map, state, key);
  put_setup(map, state);
}

StateHash state_root(const State& state) {
  MerkleMap map;
  put_state(map, state);
  return map.root();
}

}  // namespace flux
