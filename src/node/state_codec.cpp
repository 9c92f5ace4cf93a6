// Encoding the state as storage records (state_codec.hpp gives the format). The byte
// primitives are record_io.hpp, a proposal's actions action_codec.cpp, reading the
// records back state_decode.cpp.
#include "node/state_codec.hpp"

#include "node/action_codec.hpp"
#include "node/record_io.hpp"

namespace flux::node {
namespace {

using namespace records;

// Liquidity mining's records (see the header), kept apart from the records above.
void encode_reward_changes(const State& s, const std::set<AccountId>& accounts,
                           std::vector<std::pair<std::string, std::string>>& out);

}  // namespace

std::string meta_key() { return "meta"; }
std::string asset_key(AssetId id) { return "asset/" + be_id(id); }
std::string market_key(MarketId id) { return "market/" + be_id(id); }
std::string account_key(const std::string& name) { return "account/" + name; }
std::string governance_key() { return "governance"; }
std::string voter_key(const std::string& name) { return "voter/" + name; }
std::string proposal_key(std::uint64_t id) { return "proposal/" + be64(id); }

std::string encode_governance(const State& s) {
  const Governance& g = s.governance;
  Writer w(kGovernanceVersion);
  w.u16(g.token);
  w.str(name_of(s, g.timelock));
  w.u256(g.params.proposal_threshold);
  w.u64(g.params.voting_delay);
  w.u64(g.params.voting_period);
  w.u256(g.params.quorum_votes);
  w.u64(g.timelock_delay);
  w.u64(g.block_interval_ms);
  w.u64(g.proposals.size());
  // By name, so the record does not depend on account ids.
  std::map<std::string, std::uint64_t> latest;
  for (const auto& [proposer, id] : g.latest_proposal) latest[name_of(s, proposer)] = id;
  w.u32(static_cast<std::uint32_t>(latest.size()));
  for (const auto& [name, id] : latest) {
    w.str(name);
    w.u64(id);
  }
  return w.take();
}

std::string encode_voter(const State& s, AccountId id) {
  const Voter& v = s.governance.voters.at(id);
  Writer w;
  w.str(name_of(s, v.delegate));
  w.u32(static_cast<std::uint32_t>(v.checkpoints.size()));
  for (const Checkpoint& c : v.checkpoints) {
    w.u64(c.from_block);
    w.u256(c.votes);
  }
  return w.take();
}

std::string encode_proposal(const State& s, const Proposal& p) {
  Writer w;
  w.str(name_of(s, p.proposer));
  w.u32(static_cast<std::uint32_t>(p.actions.size()));
  for (const GovernanceAction& a : p.actions) write_action(w, s, a);
  w.str(p.description);
  w.u64(p.start_block);
  w.u64(p.end_block);
  w.u256(p.quorum_votes);
  w.u64(p.eta);
  w.u256(p.for_votes);
  w.u256(p.against_votes);
  w.u256(p.abstain_votes);
  w.u8(p.canceled ? 1 : 0);
  w.u8(p.executed ? 1 : 0);
  std::map<std::string, const VoteReceipt*> receipts;
  for (const auto& [voter, receipt] : p.receipts) receipts[name_of(s, voter)] = &receipt;
  w.u32(static_cast<std::uint32_t>(receipts.size()));
  for (const auto& [name, receipt] : receipts) {
    w.str(name);
    w.u8(receipt->support);
    w.u256(receipt->votes);
  }
  return w.take();
}
std::string rules_key() { return "rules"; }

std::string encode_meta(const State& s) {
  Writer w;
  w.u256(s.blocks_per_year);
  w.u64(s.block);
  w.u256(s.risk.close_factor);
  w.u256(s.risk.liquidation_incentive);
  w.u8(s.risk.transfer_paused ? 1 : 0);
  w.u8(s.risk.seize_paused ? 1 : 0);
  const Roles& r = s.roles;
  for (AccountId role : {r.admin, r.pause_guardian, r.oracle, r.compliance, r.sanctions_admin, r.locked_supply_holder})
    w.str(name_of(s, role));
  w.u32(static_cast<std::uint32_t>(r.kyc_group_admins.entries().size()));
  for (const auto& [group, admin] : r.kyc_group_admins.entries()) {
    w.u32(group);
    w.str(name_of(s, admin));
  }
  w.u16(static_cast<std::uint16_t>(s.assets.size()));
  w.u16(static_cast<std::uint16_t>(s.markets.size()));
  return w.take();
}

std::string encode_asset(const State& s, AssetId id) {
  const Asset& a = s.assets[id];
  Writer w;
  w.str(a.symbol);
  w.u8(a.decimals);
  w.u256(a.issued);
  w.str(name_of(s, a.issuer));
  w.u8(a.permissioned ? 1 : 0);
  w.u32(a.kyc_group);
  return w.take();
}

std::string encode_market(const Market& m) {
  const MarketConfig& c = m.config;
  Writer w;
  w.str(c.symbol);
  w.u16(c.asset);
  w.u256(c.initial_exchange_rate);
  w.u256(c.reserve_factor);
  w.u256(c.protocol_seize_share);
  w.u256(c.collateral_factor);
  write_rate_model(w, c.rate_model.params);
  w.u8(static_cast<std::uint8_t>(c.access));
  w.u32(c.kyc_group);
  w.u256(c.borrow_cap);
  w.u256(c.supply_cap);
  w.u8(c.mint_paused ? 1 : 0);
  w.u8(c.borrow_paused ? 1 : 0);
  w.u256(c.price);
  w.u256(c.price_cap);
  const MarketBook& b = m.book;
  w.u256(b.cash);
  w.u256(b.total_borrows);
  w.u256(b.total_reserves);
  w.u256(b.total_supply);
  w.u256(b.borrow_index);
  w.u64(b.accrual_block);
  return w.take();
}

std::string encode_account(const State& s, AccountId id) {
  const Account& a = s.accounts[id];
  Writer w;
  w.u32(static_cast<std::uint32_t>(a.wallet.entries().size()));
  for (const auto& [asset, amount] : a.wallet.entries()) {
    w.u16(asset);
    w.u256(amount);
  }
  w.u32(static_cast<std::uint32_t>(a.positions.entries().size()));
  for (const auto& [market, p] : a.positions.entries()) {
    w.u16(market);
    w.u256(p.tokens);
    w.u256(p.principal);
    w.u256(p.interest_index);
  }
  w.u64(a.entered_markets);
  w.u32(static_cast<std::uint32_t>(a.kyc_groups.size()));
  for (std::uint32_t g : a.kyc_groups) w.u32(g);
  w.u8(a.sanctioned ? 1 : 0);
  return w.take();
}

std::string rewards_key() { return "rewards"; }
std::string reward_account_key(const std::string& name) { return "reward/" + name; }

std::string encode_rewards(const Rewards& r) {
  Writer w;
  w.u256(r.pool.funded);
  w.u256(r.pool.allocated);
  w.u256(r.pool.distributed);
  w.u256(r.pool.paid);
  w.u32(static_cast<std::uint32_t>(r.markets.size()));
  for (const auto& [m, mr] : r.markets) {
    w.u16(m);
    w.u256(mr.supply_speed);
    w.u256(mr.borrow_speed);
    w.u256(mr.supply_index);
    w.u256(mr.borrow_index);
    w.u64(mr.supply_block);
    w.u64(mr.borrow_block);
  }
  return w.take();
}

std::string encode_rules(const State& s) {
  Writer w;
  w.u32(s.rule_version);
  w.u8(s.scheduled_upgrade ? 1 : 0);
  if (s.scheduled_upgrade) {
    w.u32(s.scheduled_upgrade->version);
    w.u64(s.scheduled_upgrade->activation_block);
  }
  return w.take();
}

std::string encode_reward_account(const AccountRewards& a) {
  Writer w;
  w.u256(a.accrued);
  w.u32(static_cast<std::uint32_t>(a.markets.entries().size()));
  for (const auto& [m, at] : a.markets.entries()) {
    w.u16(m);
    w.u256(at.supplier_index);
    w.u256(at.borrower_index);
  }
  return w.take();
}

namespace {
void encode_reward_changes(const State& s, const std::set<AccountId>& accounts,
                           std::vector<std::pair<std::string, std::string>>& out) {
  if (s.rewards.empty()) return;
  out.emplace_back(rewards_key(), encode_rewards(s.rewards));
  for (AccountId a : accounts)
    if (const auto it = s.rewards.accounts.find(a); it != s.rewards.accounts.end() && a < s.accounts.size())
      out.emplace_back(reward_account_key(s.account_names[a]), encode_reward_account(it->second));
}
}  // namespace

std::vector<std::pair<std::string, std::string>> encode_changes(const State& s, const std::set<AccountId>& accounts,
                                                                const std::set<MarketId>& markets,
                                                                const GovernanceChanges& governance) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.governance.enabled()) {
    const Governance& g = s.governance;
    if (governance.record) out.emplace_back(governance_key(), encode_governance(s));
    for (AccountId a : governance.voters) {
      if (a >= s.accounts.size()) continue;
      const auto it = g.voters.find(a);
      // A voter left with no delegate and no checkpoints is no record (an empty value deletes it).
      if (it == g.voters.end() || it->second.empty()) out.emplace_back(voter_key(s.account_names[a]), std::string());
      else out.emplace_back(voter_key(s.account_names[a]), encode_voter(s, a));
    }
    for (std::uint64_t id : governance.proposals)
      if (const Proposal* p = g.find_proposal(id)) out.emplace_back(proposal_key(id), encode_proposal(s, *p));
  }
  out.emplace_back(meta_key(), encode_meta(s));
  for (std::size_t i = 0; i < s.assets.size(); ++i)
    out.emplace_back(asset_key(static_cast<AssetId>(i)), encode_asset(s, static_cast<AssetId>(i)));
  out.emplace_back(rules_key(), encode_rules(s));
  for (MarketId m : markets)
    if (m < s.markets.size()) out.emplace_back(market_key(m), encode_market(s.markets[m]));
  for (AccountId a : accounts)
    if (a < s.accounts.size()) out.emplace_back(account_key(s.account_names[a]), encode_account(s, a));
  encode_reward_changes(s, accounts, out);
  encode_protocol_changes(s, accounts, markets, out);
  return out;
}

std::vector<std::pair<std::string, std::string>> encode_state(const State& s) {
  std::set<AccountId> accounts;
  for (const auto& entry : s.rewards.accounts) accounts.insert(entry.first);  // their reward records
  for (std::size_t i = 0; i < s.accounts.size(); ++i)
    if (!s.accounts[i].holds_nothing()) accounts.insert(static_cast<AccountId>(i));
  for (const auto& [id, entry] : s.protocol_accounts)  // Flux Protocol: joined markets, allowances, credit
    if (!entry.empty()) accounts.insert(id);
  // Role holders are named by the meta record; keep them even when they hold nothing.
  for (AccountId r : {s.roles.admin, s.roles.pause_guardian, s.roles.oracle, s.roles.compliance,
                      s.roles.sanctions_admin, s.roles.locked_supply_holder})
    if (r < s.accounts.size()) accounts.insert(r);
  std::set<MarketId> markets;
  for (std::size_t i = 0; i < s.markets.size(); ++i) markets.insert(static_cast<MarketId>(i));
  GovernanceChanges governance;
  governance.record = true;
  for (const auto& [voter, v] : s.governance.voters)
    if (!v.empty()) governance.voters.insert(voter);
  for (const Proposal& p : s.governance.proposals) governance.proposals.insert(p.id);
  return encode_changes(s, accounts, markets, governance);
}

}  // namespace flux::node
