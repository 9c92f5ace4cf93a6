// What an operation wrote, recorded as it writes (evmone's state journal): before an
// entry of the state is first changed, the journal keeps a copy of it. That copy is
// how a failed request is undone (rollback), and the list of entries is the request's
// change set, which the node writes to storage and the invariant checks read.
//
// An entry is a record of the state as the node stores it, finer where storage keeps
// a record per account or per proposal: the block, the risk settings, the roles, the
// rules (version and scheduled upgrade), one asset, one market (configuration and
// book), one account, the governor's own record (parameters, timelock delay, each
// proposer's latest proposal), one voter, one proposal, one market's rewards, the
// rewards reserve, one account's rewards.
//
// Operations never write the State directly: they ask their Context (context.hpp) for
// a writable entry, which journals it first.
#pragma once

#include "engine/governor.hpp"
#include "engine/rewards.hpp"
#include "engine/state_types.hpp"
#include "engine/upgrade.hpp"

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

namespace flux {

struct State;

enum class EntryKind : std::uint8_t {
  block,           // State::block, the last block a request succeeded at
  risk,            // State::risk
  roles,           // State::roles
  rules,           // State::rule_version and State::scheduled_upgrade
  asset,           // State::assets[id]
  market,          // State::markets[id]
  account,         // State::accounts[id]
  governor,        // Governance::params, timelock_delay, latest_proposal
  voter,           // Governance::voters[id]
  proposal,        // Governance::proposals[id - 1] (id: the proposal's id)
  reward_market,   // Rewards::markets[id]
  reward_pool,     // Rewards::pool
  reward_account,  // Rewards::accounts[id]
  // Flux Protocol (flux_protocol/deployment.hpp); a Compound state has none of these.
  time,              // State::time
  protocol,          // State::protocol_settings
  protocol_account,  // State::protocol_accounts[id]
};
const char* entry_kind_name(EntryKind kind);

struct EntryKey {
  EntryKind kind = EntryKind::block;
  std::uint64_t id = 0;  // the asset, market, account or proposal; 0 for single entries
  auto operator<=>(const EntryKey&) const = default;
};

// The parts of the state the single entries hold.
struct RuleState {
  std::uint32_t rule_version = rule_version_initial;
  std::optional<ScheduledUpgrade> scheduled_upgrade;
  bool operator==(const RuleState&) const = default;
};
struct GovernorRecord {
  GovernorParams params;
  std::uint64_t timelock_delay = 0;
  std::map<AccountId, std::uint64_t> latest_proposal;
  bool operator==(const GovernorRecord&) const = default;
};

// An entry's value; monostate: the entry did not exist (a market or proposal not yet
// appended, an account with no voter or rewards record).
using EntryImage = std::variant<std::monostate, std::uint64_t, RiskParams, Roles, RuleState, Asset, Market, Account,
                                GovernorRecord, Voter, Proposal, MarketRewards, RewardsPool, AccountRewards,
                                flux_protocol::Settings, flux_protocol::ProtocolAccount>;

// The entry's value in `state` now (monostate if it does not exist).
EntryImage read_entry(const State& state, const EntryKey& key);

// Every entry `state` has, in kind then id order (tests and full checks compare two
// states entry by entry with it).
std::vector<EntryKey> all_entries(const State& state);

// One changed entry: its key and its value before the request.
struct Change {
  EntryKey key;
  EntryImage before;
};

// The entries a request changed, in the order it first wrote them; each once.
using ChangeSet = std::vector<Change>;

class Journal {
 public:
  // Records `key`'s value in `state` unless it is recorded already; counts a write.
  void touch(const State& state, const EntryKey& key);
  bool touched(const EntryKey& key) const;
  // Writes so far, counting every writable entry handed out (the phase rule, context.hpp).
  std::uint64_t writes() const { return writes_; }
  const ChangeSet& changes() const { return changes_; }
  // Puts every recorded entry back as it was, newest first, and forgets them.
  void rollback(State& state);
  ChangeSet take() { return std::move(changes_); }
  // Puts a request's changes back, newest first (what rollback does, after the fact).
  static void undo(State& state, const ChangeSet& changes);

 private:
  ChangeSet changes_;
  std::uint64_t writes_ = 0;
};

}  // namespace flux
