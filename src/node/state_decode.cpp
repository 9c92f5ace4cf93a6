// Reading the state back from its records (state_codec.hpp gives the format), checking
// every value and every reference between records: a damaged store is refused with the
// record and what is wrong, never loaded.
#include "node/state_codec.hpp"

#include "engine/failure.hpp"
#include "node/action_codec.hpp"
#include "node/record_io.hpp"

namespace flux::node {
namespace {

// A role's holder by name (created as an account if new); no_account when empty.
AccountId role_id(State& s, const std::string& name) { return name.empty() ? no_account : s.account_id(name); }

using namespace records;

// The rules record: required, so a state never runs under rules it guessed (schema 1
// databases get theirs from the migration to schema 2).
void decode_rules(const std::map<std::string, std::string>& records, State& s) {
  const auto it = records.find(rules_key());
  if (it == records.end()) throw Malformed("missing");
  Reader r(it->second);
  s.rule_version = r.u32();
  if (s.rule_version < rule_version_initial) throw Malformed("rule version 0");
  if (r.flag()) {
    ScheduledUpgrade u;
    u.version = r.u32();
    u.activation_block = r.u64();
    if (u.version <= s.rule_version) throw Malformed("an upgrade to a version not above the current one");
    s.scheduled_upgrade = u;
  }
  r.end();
}

}  // namespace

namespace {

// The "governance" record into s.governance; returns how many proposals there are.
std::uint64_t decode_governor(const std::string& bytes, State& s) {
  Governance& g = s.governance;
  Reader r(bytes, kGovernanceVersion);
  g.token = r.u16();
  if (g.token >= s.assets.size()) throw Malformed("the governance token is an asset that does not exist");
  g.timelock = role_id(s, r.str());
  if (g.timelock == no_account) throw Malformed("no timelock");
  g.params.proposal_threshold = r.u256();
  g.params.voting_delay = r.u64();
  g.params.voting_period = r.u64();
  g.params.quorum_votes = r.u256();
  g.timelock_delay = r.u64();
  if (r.version() == 1) {
    // Written when governance counted 12-second blocks: the same durations, exactly, as
    // seconds of 12-second blocks (the state hash is the same too: state_hash.cpp).
    constexpr std::uint64_t block_seconds = reference_block_interval_ms / 1'000;
    constexpr std::uint64_t most_blocks = ~std::uint64_t{0} / block_seconds;
    if (g.params.voting_delay > most_blocks || g.params.voting_period > most_blocks || g.timelock_delay > most_blocks)
      throw Malformed("a governance duration too long to be seconds");
    g.params.voting_delay *= block_seconds;
    g.params.voting_period *= block_seconds;
    g.timelock_delay *= block_seconds;
    g.block_interval_ms = reference_block_interval_ms;
  } else {
    g.block_interval_ms = r.u64();
    if (g.block_interval_ms < block_interval_ms_min || g.block_interval_ms > block_interval_ms_max)
      throw Malformed("a block interval outside [1 ms, 1 day]");
  }
  const std::uint64_t proposal_count = r.u64();
  if (proposal_count > max_proposals) throw Malformed("more proposals than allowed");
  const std::uint32_t latest = r.count(max_proposals);
  for (std::uint32_t i = 0; i < latest; ++i) {
    const AccountId proposer = role_id(s, r.str());
    const std::uint64_t id = r.u64();
    if (proposer == no_account || id == 0 || id > proposal_count)
      throw Malformed("a latest proposal that does not exist");
    g.latest_proposal[proposer] = id;
  }
  r.end();
  return proposal_count;
}

Voter decode_voter(const std::string& bytes, State& s) {
  Reader vr(bytes);
  Voter voter;
  voter.delegate = role_id(s, vr.str());
  const std::uint32_t checkpoints = vr.count(100'000'000);
  for (std::uint32_t i = 0; i < checkpoints; ++i) {
    Checkpoint c;
    c.from_block = vr.u64();
    c.votes = vr.u256();
    if (!voter.checkpoints.empty() && c.from_block <= voter.checkpoints.back().from_block)
      throw Malformed("checkpoints not in increasing block order");
    voter.checkpoints.push_back(std::move(c));
  }
  vr.end();
  if (voter.empty()) throw Malformed("an empty voter");
  return voter;
}

Proposal decode_proposal(const std::string& bytes, std::uint64_t id, State& s) {
  Reader pr(bytes);
  Proposal proposal;
  proposal.id = id;
  proposal.proposer = role_id(s, pr.str());
  const std::uint32_t actions = pr.count(max_proposal_actions);
  for (std::uint32_t i = 0; i < actions; ++i) proposal.actions.push_back(read_action(pr, s, s.governance.timelock));
  proposal.description = pr.str();
  proposal.start_block = pr.u64();
  proposal.end_block = pr.u64();
  proposal.quorum_votes = pr.u256();
  proposal.eta = pr.u64();
  proposal.for_votes = pr.u256();
  proposal.against_votes = pr.u256();
  proposal.abstain_votes = pr.u256();
  proposal.canceled = pr.flag();
  proposal.executed = pr.flag();
  const std::uint32_t receipts = pr.count(100'000'000);
  for (std::uint32_t i = 0; i < receipts; ++i) {
    const AccountId voter = role_id(s, pr.str());
    VoteReceipt receipt;
    receipt.support = pr.u8();
    if (receipt.support > vote_abstain) throw Malformed("a vote that is neither against, for nor abstain");
    receipt.votes = pr.u256();
    if (voter == no_account || !proposal.receipts.emplace(voter, std::move(receipt)).second)
      throw Malformed("a vote receipt without a voter, or twice");
  }
  pr.end();
  return proposal;
}

// The governance records, if the state has governance ("governance" present).
void decode_governance(const std::map<std::string, std::string>& records, State& s, std::string& current) {
  current = governance_key();
  const auto it = records.find(current);
  if (it == records.end()) {
    for (const char* prefix : {"voter/", "proposal/"})
      if (auto other = records.lower_bound(prefix); other != records.end() && other->first.rfind(prefix, 0) == 0) {
        current = other->first;
        throw Malformed("a governance record, but no \"governance\" record");
      }
    return;
  }
  const std::uint64_t proposal_count = decode_governor(it->second, s);
  const std::string voter_prefix = "voter/";
  for (auto v = records.lower_bound(voter_prefix); v != records.end() && v->first.rfind(voter_prefix, 0) == 0; ++v) {
    current = v->first;
    const std::string name = v->first.substr(voter_prefix.size());
    if (name.empty()) throw Malformed("a voter without a name");
    Voter voter = decode_voter(v->second, s);
    s.governance.voters[s.account_id(name)] = std::move(voter);
  }
  for (std::uint64_t id = 1; id <= proposal_count; ++id) {
    current = proposal_key(id);
    const auto p = records.find(current);
    if (p == records.end()) throw Malformed("missing");
    s.governance.proposals.push_back(decode_proposal(p->second, id, s));
  }
  // No proposal record beyond the count.
  current = proposal_key(proposal_count + 1);
  if (records.count(current) != 0) throw Malformed("a proposal beyond the governance record's count");
}

// Reads the rewards records (none: no rewards) into `s`; `current` names the record.
void decode_rewards(const std::map<std::string, std::string>& records, State& s, std::string& current) {
  current = rewards_key();
  if (const auto it = records.find(current); it != records.end()) {
    Reader r(it->second);
    RewardsPool& p = s.rewards.pool;
    p.funded = r.u256();
    p.allocated = r.u256();
    p.distributed = r.u256();
    p.paid = r.u256();
    if (p.distributed > p.allocated || p.allocated > p.funded || p.paid > p.distributed)
      throw Malformed("reserve counters out of order");
    const std::uint32_t count = r.count(max_markets);
    for (std::uint32_t i = 0; i < count; ++i) {
      const MarketId m = r.u16();
      if (m >= s.markets.size() || s.rewards.markets.contains(m))
        throw Malformed("rewards for a market that does not exist, or twice");
      MarketRewards& mr = s.rewards.markets[m];
      mr.supply_speed = r.u256();
      mr.borrow_speed = r.u256();
      mr.supply_index = r.u256();
      mr.borrow_index = r.u256();
      if (mr.supply_index < reward_initial_index() || mr.borrow_index < reward_initial_index())
        throw Malformed("a reward index below the initial index");
      mr.supply_block = r.u64();
      mr.borrow_block = r.u64();
    }
    r.end();
  }
  const std::string prefix = "reward/";
  for (auto it = records.lower_bound(prefix); it != records.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    current = it->first;
    const std::string name = it->first.substr(prefix.size());
    if (name.empty()) throw Malformed("an account without a name");
    Reader r(it->second);
    AccountRewards& a = s.rewards.accounts[s.account_id(name)];
    a.accrued = r.u256();
    const std::uint32_t count = r.count(max_markets);
    MarketId previous = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      const MarketId m = r.u16();
      if (m >= s.markets.size() || (i > 0 && m <= previous))
        throw Malformed("rewards in a market that does not exist, or not in increasing order");
      AccountMarketRewards& at = a.markets.at_or_insert(m);
      at.supplier_index = r.u256();
      at.borrower_index = r.u256();
      if (at.empty()) throw Malformed("an empty market entry");
      previous = m;
    }
    if (a.empty()) throw Malformed("an empty rewards record");
    r.end();
  }
}
// The meta record: the protocol-wide settings and roles, and how many assets and
// markets there are (returned). Role names first: they become the first account ids,
// as at genesis.
std::pair<std::uint16_t, std::uint16_t> decode_meta(const std::string& bytes, State& s) {
  Reader m(bytes);
  s.blocks_per_year = m.u256();
  s.block = m.u64();
  s.risk.close_factor = m.u256();
  s.risk.liquidation_incentive = m.u256();
  s.risk.transfer_paused = m.flag();
  s.risk.seize_paused = m.flag();
  s.roles.admin = role_id(s, m.str());
  s.roles.pause_guardian = role_id(s, m.str());
  s.roles.oracle = role_id(s, m.str());
  s.roles.compliance = role_id(s, m.str());
  s.roles.sanctions_admin = role_id(s, m.str());
  s.roles.locked_supply_holder = role_id(s, m.str());
  const std::uint32_t group_admins = m.count(1'000'000);
  for (std::uint32_t i = 0; i < group_admins; ++i) {
    const std::uint32_t group = m.u32();
    s.roles.kyc_group_admins.at_or_insert(group) = role_id(s, m.str());
  }
  const std::uint16_t asset_count = m.u16();
  const std::uint16_t market_count = m.u16();
  m.end();
  if (asset_count > max_assets || market_count > max_markets) throw Malformed("more assets or markets than allowed");
  return {asset_count, market_count};
}

Asset decode_asset(const std::string& bytes, State& s) {
  Reader r(bytes);
  Asset a;
  a.symbol = r.str();
  a.decimals = r.u8();
  a.issued = r.u256();
  a.issuer = role_id(s, r.str());
  a.permissioned = r.flag();
  a.kyc_group = r.u32();
  r.end();
  return a;
}

Market decode_market(const std::string& bytes, const State& s) {
  Reader r(bytes);
  Market mk;
  MarketConfig& c = mk.config;
  c.symbol = r.str();
  c.asset = r.u16();
  if (c.asset >= s.assets.size()) throw Malformed("names an asset that does not exist");
  c.initial_exchange_rate = r.u256();
  c.reserve_factor = r.u256();
  c.protocol_seize_share = r.u256();
  c.collateral_factor = r.u256();
  const RateModelParams p = read_rate_model(r);
  try {
    c.rate_model = make_rate_model(p, s.blocks_per_year);
  } catch (const Failure&) {
    throw Malformed("rate model parameters the engine refuses");
  }
  const std::uint8_t access = r.u8();
  if (access > 2) throw Malformed("unknown access mode");
  c.access = static_cast<Access>(access);
  c.kyc_group = r.u32();
  c.borrow_cap = r.u256();
  c.supply_cap = r.u256();
  c.mint_paused = r.flag();
  c.borrow_paused = r.flag();
  c.price = r.u256();
  c.price_cap = r.u256();
  MarketBook& b = mk.book;
  b.cash = r.u256();
  b.total_borrows = r.u256();
  b.total_reserves = r.u256();
  b.total_supply = r.u256();
  b.borrow_index = r.u256();
  b.accrual_block = r.u64();
  r.end();
  return mk;
}

// One account record into `a`, in a state whose assets and markets are decoded.
void decode_account(const std::string& bytes, const State& s, Account& a) {
  Reader r(bytes);
  const std::uint32_t wallets = r.count(max_assets);
  for (std::uint32_t i = 0; i < wallets; ++i) {
    const AssetId asset = r.u16();
    if (asset >= s.assets.size()) throw Malformed("a wallet in an asset that does not exist");
    a.wallet.at_or_insert(asset) = r.u256();
  }
  const std::uint32_t positions = r.count(max_markets);
  for (std::uint32_t i = 0; i < positions; ++i) {
    const MarketId market = r.u16();
    if (market >= s.markets.size()) throw Malformed("a position in a market that does not exist");
    Position& p = a.positions.at_or_insert(market);
    p.tokens = r.u256();
    p.principal = r.u256();
    p.interest_index = r.u256();
    if (!p.principal.is_zero() && p.interest_index.is_zero()) throw Malformed("a borrow with no interest index");
  }
  a.entered_markets = r.u64();
  if (s.markets.size() < 64 && (a.entered_markets >> s.markets.size()) != 0)
    throw Malformed("entered a market that does not exist");
  const std::uint32_t groups = r.count(1'000'000);
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i < groups; ++i) {
    const std::uint32_t g = r.u32();
    if (i > 0 && g <= previous) throw Malformed("KYC groups not in increasing order");
    a.kyc_groups.push_back(g);
    previous = g;
  }
  a.sanctioned = r.flag();
  r.end();
}

// The record named `current`, or Malformed("missing").
const std::string& record_at(const std::map<std::string, std::string>& records, const std::string& current) {
  const auto it = records.find(current);
  if (it == records.end()) throw Malformed("missing");
  return it->second;
}

}  // namespace

std::optional<State> decode_state(const std::map<std::string, std::string>& records, CodecError& error) {
  std::string current = meta_key();  // the record being read, for the error
  try {
    State s;
    const auto [asset_count, market_count] = decode_meta(record_at(records, current), s);
    for (AssetId i = 0; i < asset_count; ++i) {
      current = asset_key(i);
      s.assets.push_back(decode_asset(record_at(records, current), s));
    }
    for (MarketId i = 0; i < market_count; ++i) {
      current = market_key(i);
      s.markets.push_back(decode_market(record_at(records, current), s));
    }
    const std::string prefix = "account/";
    for (auto it = records.lower_bound(prefix); it != records.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      current = it->first;
      const std::string name = it->first.substr(prefix.size());
      if (name.empty()) throw Malformed("an account without a name");
      const AccountId id = s.account_id(name);
      decode_account(it->second, s, s.accounts[id]);
    }
    decode_governance(records, s, current);
    decode_rewards(records, s, current);
    current = rules_key();
    decode_rules(records, s);
    decode_protocol(records, s, current);
    return s;
  } catch (const Malformed& e) {
    error = CodecError{current, e.what()};
    return std::nullopt;
  }
}

}  // namespace flux::node
