#include "engine/journal.hpp"

#include "engine/state.hpp"

#include <stdexcept>
#include <string>

namespace flux {
namespace {

template <class Map>
EntryImage map_entry(const Map& map, typename Map::key_type id) {
  const auto it = map.find(id);
  if (it == map.end()) return std::monostate{};
  return it->second;
}

template <class Vector>
EntryImage vector_entry(const Vector& v, std::uint64_t index) {
  if (index >= v.size()) return std::monostate{};
  return v[index];
}

// Restores an entry that a request may have created: absent before, it is removed
// (appended ones are the last of their vector, as rollback goes newest first).
template <class Value, class Vector>
void restore_appended(Vector& v, std::uint64_t index, const EntryImage& before) {
  if (std::holds_alternative<std::monostate>(before)) {
    if (index + 1 != v.size()) throw std::logic_error("journal: an appended entry is not the last");
    v.pop_back();
  } else {
    v.at(index) = std::get<Value>(before);
  }
}

template <class Value, class Map>
void restore_mapped(Map& map, typename Map::key_type id, const EntryImage& before) {
  if (std::holds_alternative<std::monostate>(before)) map.erase(id);
  else map[id] = std::get<Value>(before);
}

void restore(State& s, const Change& c) {
  const std::uint64_t id = c.key.id;
  switch (c.key.kind) {
    case EntryKind::block: s.block = std::get<std::uint64_t>(c.before); return;
    case EntryKind::risk: s.risk = std::get<RiskParams>(c.before); return;
    case EntryKind::roles: s.roles = std::get<Roles>(c.before); return;
    case EntryKind::rules: {
      const auto& r = std::get<RuleState>(c.before);
      s.rule_version = r.rule_version;
      s.scheduled_upgrade = r.scheduled_upgrade;
      return;
    }
    case EntryKind::asset: restore_appended<Asset>(s.assets, id, c.before); return;
    case EntryKind::market: restore_appended<Market>(s.markets, id, c.before); return;
    case EntryKind::account: s.accounts.at(id) = std::get<Account>(c.before); return;
    case EntryKind::governor: {
      const auto& g = std::get<GovernorRecord>(c.before);
      s.governance.params = g.params;
      s.governance.timelock_delay = g.timelock_delay;
      s.governance.latest_proposal = g.latest_proposal;
      return;
    }
    case EntryKind::voter: restore_mapped<Voter>(s.governance.voters, static_cast<AccountId>(id), c.before); return;
    case EntryKind::proposal: restore_appended<Proposal>(s.governance.proposals, id - 1, c.before); return;
    case EntryKind::reward_market:
      restore_mapped<MarketRewards>(s.rewards.markets, static_cast<MarketId>(id), c.before);
      return;
    case EntryKind::reward_pool: s.rewards.pool = std::get<RewardsPool>(c.before); return;
    case EntryKind::reward_account:
      restore_mapped<AccountRewards>(s.rewards.accounts, static_cast<AccountId>(id), c.before);
      return;
    case EntryKind::time: s.time = std::get<std::uint64_t>(c.before); return;
    case EntryKind::protocol: s.protocol_settings = std::get<flux_protocol::Settings>(c.before); return;
    case EntryKind::protocol_account:
      restore_mapped<flux_protocol::ProtocolAccount>(s.protocol_accounts, static_cast<AccountId>(id), c.before);
      return;
  }
  throw std::logic_error("journal: unknown entry kind");
}

}  // namespace

const char* entry_kind_name(EntryKind kind) {
  switch (kind) {
    case EntryKind::block: return "block";
    case EntryKind::risk: return "risk";
    case EntryKind::roles: return "roles";
    case EntryKind::rules: return "rules";
    case EntryKind::asset: return "asset";
    case EntryKind::market: return "market";
    case EntryKind::account: return "account";
    case EntryKind::governor: return "governor";
    case EntryKind::voter: return "voter";
    case EntryKind::proposal: return "proposal";
    case EntryKind::reward_market: return "reward_market";
    case EntryKind::reward_pool: return "reward_pool";
    case EntryKind::reward_account: return "reward_account";
    case EntryKind::time: return "time";
    case EntryKind::protocol: return "protocol";
    case EntryKind::protocol_account: return "protocol_account";
  }
  return "?";
}

EntryImage read_entry(const State& s, const EntryKey& key) {
  const std::uint64_t id = key.id;
  switch (key.kind) {
    case EntryKind::block: return s.block;
    case EntryKind::risk: return s.risk;
    case EntryKind::roles: return s.roles;
    case EntryKind::rules: return RuleState{s.rule_version, s.scheduled_upgrade};
    case EntryKind::asset: return vector_entry(s.assets, id);
    case EntryKind::market: return vector_entry(s.markets, id);
    case EntryKind::account: return vector_entry(s.accounts, id);
    case EntryKind::governor:
      return GovernorRecord{s.governance.params, s.governance.timelock_delay, s.governance.latest_proposal};
    case EntryKind::voter: return map_entry(s.governance.voters, static_cast<AccountId>(id));
    case EntryKind::proposal: return id == 0 ? EntryImage{} : vector_entry(s.governance.proposals, id - 1);
    case EntryKind::reward_market: return map_entry(s.rewards.markets, static_cast<MarketId>(id));
    case EntryKind::reward_pool: return s.rewards.pool;
    case EntryKind::reward_account: return map_entry(s.rewards.accounts, static_cast<AccountId>(id));
    case EntryKind::time: return s.time;
    case EntryKind::protocol: return s.protocol_settings;
    case EntryKind::protocol_account: return map_entry(s.protocol_accounts, static_cast<AccountId>(id));
  }
  throw std::logic_error("journal: unknown entry kind");
}

std::vector<EntryKey> all_entries(const State& s) {
  std::vector<EntryKey> keys{{EntryKind::block, 0}, {EntryKind::risk, 0}, {EntryKind::roles, 0}, {EntryKind::rules, 0}};
  for (std::size_t i = 0; i < s.assets.size(); ++i) keys.push_back({EntryKind::asset, i});
  for (std::size_t i = 0; i < s.markets.size(); ++i) keys.push_back({EntryKind::market, i});
  for (std::size_t i = 0; i < s.accounts.size(); ++i) keys.push_back({EntryKind::account, i});
  keys.push_back({EntryKind::governor, 0});
  for (const auto& entry : s.governance.voters) keys.push_back({EntryKind::voter, entry.first});
  for (const Proposal& p : s.governance.proposals) keys.push_back({EntryKind::proposal, p.id});
  for (const auto& entry : s.rewards.markets) keys.push_back({EntryKind::reward_market, entry.first});
  keys.push_back({EntryKind::reward_pool, 0});
  for (const auto& entry : s.rewards.accounts) keys.push_back({EntryKind::reward_account, entry.first});
  if (s.protocol == Protocol::flux_protocol) {
    keys.push_back({EntryKind::time, 0});
    keys.push_back({EntryKind::protocol, 0});
    for (const auto& entry : s.protocol_accounts) keys.push_back({EntryKind::protocol_account, entry.first});
  }
  return keys;
}

bool Journal::touched(const EntryKey& key) const {
  // A request changes a handful of entries (an execute of ten actions a few dozen):
  // a linear scan beats any index at that size.
  for (const Change& c : changes_)
    if (c.key == key) return true;
  return false;
}

void Journal::touch(const State& state, const EntryKey& key) {
  ++writes_;
  if (!touched(key)) changes_.push_back(Change{key, read_entry(state, key)});
}

void Journal::rollback(State& state) {
  undo(state, changes_);
  changes_.clear();
}

void Journal::undo(State& state, const ChangeSet& changes) {
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) restore(state, *it);
}

}  // namespace flux
