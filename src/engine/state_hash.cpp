#include "engine/state_hash.hpp"

#include <cryptopp/keccak.h>

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

void encode_market(Encoder& e, const Market& m) {
  const MarketConfig& c = m.config;
  e.str(c.symbol);
  e.u64(c.asset);
  e.u256(c.initial_exchange_rate);
  e.u256(c.reserve_factor);
  e.u256(c.protocol_seize_share);
  e.u256(c.collateral_factor);
  e.u64(static_cast<std::uint64_t>(c.rate_model.params.kind));
  e.u256(c.rate_model.params.base_per_year);
  e.u256(c.rate_model.params.multiplier_per_year);
  e.u256(c.rate_model.params.jump_multiplier_per_year);
  e.u256(c.rate_model.params.kink);
  e.u64(static_cast<std::uint64_t>(c.access));
  e.u64(c.kyc_group);
  e.u256(c.borrow_cap);
  e.u256(c.supply_cap);
  e.flag(c.mint_paused);
  e.flag(c.borrow_paused);
  e.u256(c.price);
  e.u256(c.price_cap);
  const MarketBook& b = m.book;
  e.u256(b.cash);
  e.u256(b.total_borrows);
  e.u256(b.total_reserves);
  e.u256(b.total_supply);
  e.u256(b.borrow_index);
  e.u64(b.accrual_block);
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
  const auto name_of = [&state](AccountId id) {
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
