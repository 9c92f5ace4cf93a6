#include "engine/state_encoding.hpp"

#include "engine/operation_registry.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace flux::encoding {

void Encoder::u64(std::uint64_t v) {
  for (int i = 7; i >= 0; --i) bytes_.push_back(static_cast<std::uint8_t>(v >> (i * 8)));
}

void Encoder::u256(const U256& v) {
  std::array<std::uint8_t, 32> out{};
  U256 x = v;
  for (int i = 31; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low_u64(x) & 0xFF);
    x >>= 8;
  }
  bytes_.insert(bytes_.end(), out.begin(), out.end());
}

void Encoder::str(const std::string& s) {
  u64(s.size());
  bytes_.insert(bytes_.end(), s.begin(), s.end());
}

NameOf names_of(const State& state) {
  return [&state](AccountId id) { return id < state.account_names.size() ? state.account_names[id] : std::string(); };
}

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
  // Flux Protocol's pool terms: never the defaults there (the collateral ratio is
  // above 1e18), always the defaults under Compound's rules, whose hashes stay as they were.
  const flux_protocol::PoolTerms& pool = m.pool;
  if (pool == flux_protocol::PoolTerms{}) return;
  e.u256(pool.collateral_ratio);
  e.u256(pool.tax_rate);
  e.u64(static_cast<std::uint8_t>(pool.status));
  e.u64(pool.escalator.start_time);
  e.u64(pool.escalator.last_slot);
  for (const flux_protocol::EscalatorSlot& slot : pool.escalator.history) {
    e.u256(slot.count);
    e.u256(slot.sum_utilization);
    e.u256(slot.growth);
  }
}

void encode_protocol_settings(Encoder& e, const flux_protocol::Settings& s, const NameOf& name_of) {
  e.flag(s.supply_disabled);
  e.flag(s.borrow_disabled);
  e.flag(s.liquidation_disabled);
  e.flag(s.all_actions_locked);
  e.u256(s.tax_rate);
  e.u256(s.liquidation_fee_rate);
  e.str(name_of(s.team));
  e.str(name_of(s.guard));
  e.flag(s.fixes.escalator_by_time);
  e.flag(s.fixes.accrue_beyond_reserves);
  e.flag(s.fixes.redeem_rounds_up);
  e.flag(s.fixes.illiquid_collateral_moves);
  e.flag(s.fixes.fresh_eligibility);
  e.flag(s.fixes.reserves_after_accrual);
  e.flag(s.fixes.membership_updates);
}

void encode_protocol_account(Encoder& e, const flux_protocol::ProtocolAccount& a, const NameOf& name_of) {
  e.u64(a.joined.size());
  for (MarketId m : a.joined) e.u64(m);
  // By market, then the spender's name: the state keeps them by spender id, and ids
  // depend on the order accounts were created in (a restart gives others).
  std::vector<std::pair<std::pair<MarketId, std::string>, const U256*>> allowances;
  allowances.reserve(a.allowances.size());
  for (const flux_protocol::Allowance& allowance : a.allowances)
    allowances.push_back({{allowance.market, name_of(allowance.spender)}, &allowance.amount});
  std::sort(allowances.begin(), allowances.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  e.u64(allowances.size());
  for (const auto& [key, amount] : allowances) {
    e.u64(key.first);
    e.str(key.second);
    e.u256(*amount);
  }
  e.flag(a.credit_borrower);
  e.u64(a.credit_limits.size());
  for (const flux_protocol::CreditLimit& c : a.credit_limits) {
    e.u64(c.market);
    e.u256(c.limit);
  }
}

void encode_roles(Encoder& e, const Roles& roles, const NameOf& name_of) {
  for (AccountId role : {roles.admin, roles.pause_guardian, roles.oracle, roles.compliance, roles.sanctions_admin,
                         roles.locked_supply_holder})
    e.str(name_of(role));
  e.u64(roles.kyc_group_admins.entries().size());
  for (const auto& [group, admin] : roles.kyc_group_admins.entries()) {
    e.u64(group);
    e.str(name_of(admin));
  }
}

void encode_asset(Encoder& e, const Asset& a, const NameOf& name_of) {
  e.str(a.symbol);
  e.u64(a.decimals);
  e.u256(a.issued);
  e.str(name_of(a.issuer));
  e.flag(a.permissioned);
  e.u64(a.kyc_group);
}

namespace {

// A proposal's action: its type's index in GovernanceAction, then its fields in
// declaration order (the sender, always the timelock, by name).
struct ActionEncoder {
  Encoder& e;
  const NameOf& name_of;

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
  // The rest: a market (or none) and a value. An action described by its fields alone
  // never comes here (encode_action).
  template <class A>
  void operator()(const A& a) const {
    if constexpr (
        !requires { a.value; } && !requires { a.cap; })
      throw std::logic_error("a governance action neither described by its fields nor given an encoding");
    if constexpr (requires { a.market; }) e.u64(a.market);
    if constexpr (requires { a.value; }) e.u256(a.value);
    if constexpr (requires { a.cap; }) e.u256(a.cap);
  }
};

// An action described by its fields alone: each bound field by its kind, in order.
void encode_bound(Encoder& e, const GovernanceAction& action, const NameOf& name_of) {
  for (const ConstBoundValue& v : bound_values(action)) {
    switch (v.field->binding.kind) {
      case FieldKind::account: e.str(name_of(bound_value<FieldKind::account>(v))); break;
      case FieldKind::market: e.u64(bound_value<FieldKind::market>(v)); break;
      case FieldKind::asset: e.u64(bound_value<FieldKind::asset>(v)); break;
      case FieldKind::amount: e.u256(bound_value<FieldKind::amount>(v)); break;
      case FieldKind::u32: e.u64(bound_value<FieldKind::u32>(v)); break;
      case FieldKind::u64: e.u64(bound_value<FieldKind::u64>(v)); break;
      case FieldKind::flag: e.flag(bound_value<FieldKind::flag>(v)); break;
      case FieldKind::text: e.str(bound_value<FieldKind::text>(v)); break;
      case FieldKind::markets: {
        const auto& list = bound_value<FieldKind::markets>(v);
        e.u64(list.size());
        for (MarketId m : list) e.u64(m);
        break;
      }
    }
  }
}

}  // namespace

void encode_action(Encoder& e, const GovernanceAction& action, const NameOf& name_of) {
  e.u64(action.index());
  e.str(std::visit([&name_of](const auto& a) { return name_of(a.sender); }, action));
  if (is_generic(descriptor(action))) encode_bound(e, action, name_of);
  else std::visit(ActionEncoder{e, name_of}, action);
}

void encode_account(Encoder& e, const Account& a) {
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

void encode_voter(Encoder& e, const Voter& v, const NameOf& name_of) {
  e.str(name_of(v.delegate));
  e.u64(v.checkpoints.size());
  for (const Checkpoint& c : v.checkpoints) {
    e.u64(c.from_block);
    e.u256(c.votes);
  }
}

void encode_proposal(Encoder& e, const Proposal& p, const NameOf& name_of) {
  e.u64(p.id);
  e.str(name_of(p.proposer));
  e.u64(p.actions.size());
  for (const GovernanceAction& action : p.actions) encode_action(e, action, name_of);
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
  // Receipts in voter name order.
  std::vector<std::pair<std::string, const VoteReceipt*>> receipts;
  for (const auto& [id, receipt] : p.receipts) receipts.emplace_back(name_of(id), &receipt);
  std::sort(receipts.begin(), receipts.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  e.u64(receipts.size());
  for (const auto& [name, receipt] : receipts) {
    e.str(name);
    e.u64(receipt->support);
    e.u256(receipt->votes);
  }
}

void encode_market_rewards(Encoder& e, const MarketRewards& mr) {
  e.u256(mr.supply_speed);
  e.u256(mr.borrow_speed);
  e.u256(mr.supply_index);
  e.u256(mr.borrow_index);
  e.u64(mr.supply_block);
  e.u64(mr.borrow_block);
}

void encode_account_rewards(Encoder& e, const AccountRewards& ar) {
  e.u256(ar.accrued);
  e.u64(ar.markets.entries().size());
  for (const auto& [m, at] : ar.markets.entries()) {
    e.u64(m);
    e.u256(at.supplier_index);
    e.u256(at.borrower_index);
  }
}

}  // namespace flux::encoding
