#include "engine/state_hash.hpp"

#include <cryptopp/keccak.h>

#include <functional>
#include <numeric>

namespace flux {
namespace {

class Encoder {
 public:
  void u64(std::uint64_t v) {
    for (int i = 7; i >= 0; --i) bytes_.push_back(static_cast<std::uint8_t>(v >> (i * 8)));
  }
  void u256(const U256& v) {
    std::array<std::uint8_t, 32> out{};
    U256 x = v;
    for (int i = 31; i >= 0; --i) {
      out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low_u64(x) & 0xFF);
      x >>= 8;
    }
    bytes_.insert(bytes_.end(), out.begin(), out.end());
  }
  void str(const std::string& s) {
    u64(s.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  void flag(bool b) { bytes_.push_back(b ? 1 : 0); }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

void encode_rate_model_params(Encoder& e, const RateModelParams& p) {
  e.u64(static_cast<std::uint64_t>(p.kind));
  e.u256(p.base_per_year);
  e.u256(p.multiplier_per_year);
  e.u256(p.jump_multiplier_per_year);
  e.u256(p.kink);
}

void encode_config(Encoder& e, const MarketConfig& c) {
  e.str(c.symbol);
  e.u64(c.asset);
  e.u256(c.initial_exchange_rate);
  e.u256(c.reserve_factor);
  e.u256(c.protocol_seize_share);
  e.u256(c.collateral_factor);
  encode_rate_model_params(e, c.rate_model.params);
  e.u64(static_cast<std::uint64_t>(c.access));
  e.u64(c.kyc_group);
  e.u256(c.borrow_cap);
  e.u256(c.supply_cap);
  e.flag(c.mint_paused);
  e.flag(c.borrow_paused);
  e.u256(c.price);
  e.u256(c.price_cap);
}

void encode_market(Encoder& e, const Market& m) {
  encode_config(e, m.config);
  const MarketBook& b = m.book;
  e.u256(b.cash);
  e.u256(b.total_borrows);
  e.u256(b.total_reserves);
  e.u256(b.total_supply);
  e.u256(b.borrow_index);
  e.u64(b.accrual_block);
}

// A proposal's action: its type's index in GovernanceAction, then its fields in
// declaration order (the sender, always the timelock, by name).
struct ActionEncoder {
  Encoder& e;
  const std::function<std::string(AccountId)>& name_of;

  void operator()(const ListMarket& a) const {
    encode_config(e, a.config);
    encode_rate_model_params(e, a.rate_model);
    e.u256(a.seed_amount);
  }
  void operator()(const SetRateModel& a) const {
    e.u64(a.market);
    encode_rate_model_params(e, a.params);
  }
  void operator()(const SetPaused& a) const {
    e.u64(a.market);
    e.u64(static_cast<std::uint64_t>(a.action));
    e.flag(a.paused);
  }
  void operator()(const SetPauseGuardian& a) const { e.str(name_of(a.account)); }
  void operator()(const SetOracle& a) const { e.str(name_of(a.account)); }
  void operator()(const SetMarketAccess& a) const {
    e.u64(a.market);
    e.u64(static_cast<std::uint64_t>(a.access));
    e.u64(a.kyc_group);
  }
  void operator()(const ReduceReservesTo& a) const {
    e.u64(a.market);
    e.u256(a.amount);
    e.str(name_of(a.to));
  }
  void operator()(const SetKycGroupAdmin& a) const {
    e.u64(a.group);
    e.str(name_of(a.account));
    e.flag(a.granted);
  }
  void operator()(const SetSanctionsAdmin& a) const {
    e.str(name_of(a.account));
    e.flag(a.granted);
  }
  void operator()(const ScheduleUpgrade& a) const {
    e.u64(a.version);
    e.u64(a.activation_block);
  }
  void operator()(const SetGovernanceParameter& a) const {
    e.u64(static_cast<std::uint64_t>(a.parameter));
    e.u256(a.value);
  }
  void operator()(const SetRewardSpeeds& a) const {
    e.u64(a.market);
    e.u256(a.supply_speed);
    e.u256(a.borrow_speed);
  }
  void operator()(const FundRewards& a) const { e.u256(a.amount); }
  // The rest: a market (or none) and a value.
  template <class A>
  void operator()(const A& a) const {
    if constexpr (requires { a.market; }) e.u64(a.market);
    if constexpr (requires { a.value; }) e.u256(a.value);
    if constexpr (requires { a.cap; }) e.u256(a.cap);
  }
};

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
void encode_governance(Encoder& e, const State& state, const std::function<std::string(AccountId)>& name_of,
                       const std::vector<AccountId>& by_name) {
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
    e.str(name_of(it->second.delegate));
    e.u64(it->second.checkpoints.size());
    for (const Checkpoint& c : it->second.checkpoints) {
      e.u64(c.from_block);
      e.u256(c.votes);
    }
  }
  // Proposals in id order; receipts in voter name order.
  e.u64(g.proposals.size());
  for (const Proposal& p : g.proposals) {
    e.u64(p.id);
    e.str(name_of(p.proposer));
    e.u64(p.actions.size());
    for (const GovernanceAction& action : p.actions) {
      e.u64(action.index());
      e.str(std::visit([&name_of](const auto& a) { return name_of(a.sender); }, action));
      std::visit(ActionEncoder{e, name_of}, action);
    }
    e.str(p.description);
    e.u64(p.start_block);
    e.u64(p.end_block);
    e.u256(p.quorum_votes);
    e.u64(p.eta);
    e.u256(p.for_votes);
    e.u256(p.against_votes);
    e.u256(p.abstain_votes);
    e.flag(p.canceled);
    e.flag(p.executed);
    e.u64(p.receipts.size());
    for (AccountId id : by_name) {
      const auto it = p.receipts.find(id);
      if (it == p.receipts.end()) continue;
      e.str(name_of(id));
      e.u64(it->second.support);
      e.u256(it->second.votes);
    }
  }
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
void encode_rewards(Encoder& e, const Rewards& r, const std::function<std::string(AccountId)>& name_of,
                    const std::vector<AccountId>& by_name) {
  e.u64(~std::uint64_t{0} - 1);
  e.u256(r.pool.funded);
  e.u256(r.pool.allocated);
  e.u256(r.pool.distributed);
  e.u256(r.pool.paid);
  e.u64(r.markets.size());
  for (const auto& [m, mr] : r.markets) {
    e.u64(m);
    e.u256(mr.supply_speed);
    e.u256(mr.borrow_speed);
    e.u256(mr.supply_index);
    e.u256(mr.borrow_index);
    e.u64(mr.supply_block);
    e.u64(mr.borrow_block);
  }
  e.u64(r.accounts.size());
  for (AccountId id : by_name) {
    const auto it = r.accounts.find(id);
    if (it == r.accounts.end()) continue;
    e.str(name_of(id));
    e.u256(it->second.accrued);
    e.u64(it->second.markets.entries().size());
    for (const auto& [m, at] : it->second.markets.entries()) {
      e.u64(m);
      e.u256(at.supplier_index);
      e.u256(at.borrower_index);
    }
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
  const std::function<std::string(AccountId)> name_of = [&state](AccountId id) {
    return id < state.account_names.size() ? state.account_names[id] : std::string();
  };
  const Roles& roles = state.roles;
  for (AccountId role : {roles.admin, roles.pause_guardian, roles.oracle, roles.compliance, roles.sanctions_admin,
                         roles.locked_supply_holder})
    e.str(name_of(role));
  e.u64(roles.kyc_group_admins.entries().size());
  for (const auto& [group, admin] : roles.kyc_group_admins.entries()) {
    e.u64(group);
    e.str(name_of(admin));
  }
  e.u64(state.assets.size());
  for (const Asset& a : state.assets) {
    e.str(a.symbol);
    e.u64(a.decimals);
    e.u256(a.issued);
    e.str(name_of(a.issuer));
    e.flag(a.permissioned);
    e.u64(a.kyc_group);
  }
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
    // Each list is preceded by its length, so the encoding reads back one way only.
    std::vector<std::pair<AssetId, const U256*>> wallet;
    for (const auto& [asset, amount] : a.wallet.entries())
      if (!amount.is_zero()) wallet.emplace_back(asset, &amount);
    e.u64(wallet.size());
    for (const auto& [asset, amount] : wallet) {
      e.u64(asset);
      e.u256(*amount);
    }
    std::vector<std::pair<MarketId, const Position*>> positions;
    for (const auto& [market, p] : a.positions.entries())
      if (!p.empty()) positions.emplace_back(market, &p);
    e.u64(positions.size());
    for (const auto& [market, p] : positions) {
      e.u64(market);
      e.u256(p->tokens);
      e.u256(p->principal);
      e.u256(p->interest_index);
    }
    e.u64(a.entered_markets);
    e.u64(a.kyc_groups.size());
    for (std::uint32_t g : a.kyc_groups) e.u64(g);
    e.flag(a.sanctioned);
  }
  encode_rule_version(e, state);
  encode_parameter_rules(e, state);

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
