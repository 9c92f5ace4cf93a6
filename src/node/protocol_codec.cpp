// Flux Protocol's storage records (state_codec.hpp gives the format): the deployment
// record, a pool's terms and escalator, an account's joined markets, allowances and
// credit line. A Compound state has none of them, so its records are as before.
#include "node/state_codec.hpp"

#include "engine/flux_protocol/fix_names.hpp"
#include "node/record_io.hpp"

#include <algorithm>

namespace flux::node {

using namespace records;
namespace fp = flux_protocol;

std::string protocol_key() { return "protocol"; }
std::string pool_key(MarketId id) { return "pool/" + be_id(id); }
std::string protocol_account_key(const std::string& name) { return "protocol_account/" + name; }

namespace {

// The fixes as bits, in fix_names' order (never reordered: stored records depend on it).
std::uint8_t fix_bits(const fp::Fixes& f) {
  std::uint8_t out = 0;
  for (std::size_t i = 0; i < fp::fix_names.size(); ++i)
    if (f.*fp::fix_names[i].field) out = static_cast<std::uint8_t>(out | (1U << i));
  return out;
}

fp::Fixes fixes_from(std::uint8_t bits) {
  if (bits >= (1U << fp::fix_names.size())) throw Malformed("an unknown fix");
  fp::Fixes f;
  for (std::size_t i = 0; i < fp::fix_names.size(); ++i) f.*fp::fix_names[i].field = (bits & (1U << i)) != 0;
  return f;
}

}  // namespace

std::string encode_protocol(const State& s) {
  const fp::Settings& p = s.protocol_settings;
  Writer w;
  w.u8(static_cast<std::uint8_t>(s.protocol));
  w.u64(s.time);
  w.u8(p.supply_disabled ? 1 : 0);
  w.u8(p.borrow_disabled ? 1 : 0);
  w.u8(p.liquidation_disabled ? 1 : 0);
  w.u8(p.all_actions_locked ? 1 : 0);
  w.u256(p.tax_rate);
  w.u256(p.liquidation_fee_rate);
  w.str(name_of(s, p.team));
  w.str(name_of(s, p.guard));
  w.u8(fix_bits(p.fixes));
  return w.take();
}

std::string encode_pool(const fp::PoolTerms& pool) {
  Writer w;
  w.u256(pool.collateral_ratio);
  w.u256(pool.tax_rate);
  w.u8(static_cast<std::uint8_t>(pool.status));
  const fp::Escalator& e = pool.escalator;
  w.u64(e.start_time);
  w.u64(e.last_slot);
  for (const fp::EscalatorSlot& slot : e.history) {
    w.u256(slot.count);
    w.u256(slot.sum_utilization);
    w.u256(slot.growth);
  }
  return w.take();
}

std::string encode_protocol_account(const State& s, const fp::ProtocolAccount& a) {
  Writer w;
  w.u32(static_cast<std::uint32_t>(a.joined.size()));
  for (const std::uint16_t m : a.joined) w.u16(m);
  w.u32(static_cast<std::uint32_t>(a.allowances.size()));
  for (const fp::Allowance& allowance : a.allowances) {
    w.u16(allowance.market);
    w.str(name_of(s, allowance.spender));
    w.u256(allowance.amount);
  }
  w.u8(a.credit_borrower ? 1 : 0);
  w.u32(static_cast<std::uint32_t>(a.credit_limits.size()));
  for (const fp::CreditLimit& c : a.credit_limits) {
    w.u16(c.market);
    w.u256(c.limit);
  }
  return w.take();
}

void encode_protocol_changes(const State& s, const std::set<AccountId>& accounts, const std::set<MarketId>& markets,
                             std::vector<std::pair<std::string, std::string>>& out) {
  if (s.protocol == Protocol::compound) return;
  out.emplace_back(protocol_key(), encode_protocol(s));
  for (MarketId m : markets)
    if (m < s.markets.size()) out.emplace_back(pool_key(m), encode_pool(s.markets[m].pool));
  for (AccountId a : accounts) {
    if (a >= s.accounts.size()) continue;
    const auto it = s.protocol_accounts.find(a);
    // An account with nothing here has no record (an empty value deletes it).
    if (it == s.protocol_accounts.end() || it->second.empty())
      out.emplace_back(protocol_account_key(s.account_names[a]), std::string());
    else out.emplace_back(protocol_account_key(s.account_names[a]), encode_protocol_account(s, it->second));
  }
}

namespace {

// An account named by a record: created if new; a name is required.
AccountId named(State& s, const std::string& name) {
  if (name.empty()) throw Malformed("an account without a name");
  return s.account_id(name);
}

void decode_pool(const std::string& bytes, fp::PoolTerms& pool) {
  Reader r(bytes);
  pool.collateral_ratio = r.u256();
  pool.tax_rate = r.u256();
  const std::uint8_t status = r.u8();
  if (status != static_cast<std::uint8_t>(fp::MarketStatus::opened) &&
      status != static_cast<std::uint8_t>(fp::MarketStatus::stopped))
    throw Malformed("an unknown pool status");
  pool.status = static_cast<fp::MarketStatus>(status);
  fp::Escalator& e = pool.escalator;
  e.start_time = r.u64();
  e.last_slot = r.u64();
  for (fp::EscalatorSlot& slot : e.history) {
    slot.count = r.u256();
    slot.sum_utilization = r.u256();
    slot.growth = r.u256();
  }
  r.end();
}

void decode_protocol_account(const std::string& bytes, State& s, fp::ProtocolAccount& a) {
  Reader r(bytes);
  const std::uint32_t joined = r.count(fp::max_joined_markets);
  for (std::uint32_t i = 0; i < joined; ++i) {
    const std::uint16_t m = r.u16();
    if (m >= s.markets.size() || std::find(a.joined.begin(), a.joined.end(), m) != a.joined.end())
      throw Malformed("joined a market that does not exist, or twice");
    a.joined.push_back(m);
  }
  const std::uint32_t allowances = r.count(1'000'000);
  for (std::uint32_t i = 0; i < allowances; ++i) {
    fp::Allowance allowance;
    allowance.market = r.u16();
    allowance.spender = named(s, r.str());
    allowance.amount = r.u256();
    if (allowance.market >= s.markets.size() || allowance.amount.is_zero())
      throw Malformed("an allowance in a market that does not exist, or of zero");
    if (a.allowance(allowance.market, allowance.spender) != 0) throw Malformed("an allowance given twice");
    a.set_allowance(allowance.market, allowance.spender, allowance.amount);
  }
  a.credit_borrower = r.flag();
  const std::uint32_t limits = r.count(max_markets);
  std::uint16_t previous = 0;
  for (std::uint32_t i = 0; i < limits; ++i) {
    fp::CreditLimit c;
    c.market = r.u16();
    c.limit = r.u256();
    if (c.market >= s.markets.size() || c.limit.is_zero() || (i > 0 && c.market <= previous))
      throw Malformed("a credit limit in a market that does not exist, of zero, or out of order");
    a.credit_limits.push_back(c);
    previous = c.market;
  }
  if (a.empty()) throw Malformed("an empty record");
  r.end();
}

}  // namespace

void decode_protocol(const std::map<std::string, std::string>& records, State& s, std::string& current) {
  current = protocol_key();
  const auto it = records.find(current);
  if (it == records.end()) return;  // a Compound state
  Reader r(it->second);
  const std::uint8_t protocol = r.u8();
  if (protocol != static_cast<std::uint8_t>(Protocol::flux_protocol)) throw Malformed("an unknown protocol");
  s.protocol = Protocol::flux_protocol;
  s.time = r.u64();
  fp::Settings& p = s.protocol_settings;
  p.supply_disabled = r.flag();
  p.borrow_disabled = r.flag();
  p.liquidation_disabled = r.flag();
  p.all_actions_locked = r.flag();
  p.tax_rate = r.u256();
  p.liquidation_fee_rate = r.u256();
  const std::string team = r.str();
  p.team = team.empty() ? no_account : named(s, team);
  const std::string guard = r.str();
  p.guard = guard.empty() ? no_account : named(s, guard);
  p.fixes = fixes_from(r.u8());
  r.end();
  for (MarketId m = 0; m < s.markets.size(); ++m) {
    current = pool_key(m);
    const auto pool = records.find(current);
    if (pool == records.end()) throw Malformed("missing");
    decode_pool(pool->second, s.markets[m].pool);
  }
  const std::string prefix = "protocol_account/";
  for (auto a = records.lower_bound(prefix); a != records.end() && a->first.compare(0, prefix.size(), prefix) == 0;
       ++a) {
    current = a->first;
    if (a->second.empty()) continue;  // no record (encode_state writes one for a role holder with nothing)
    const AccountId id = named(s, a->first.substr(prefix.size()));
    decode_protocol_account(a->second, s, s.protocol_accounts[id]);
  }
}

}  // namespace flux::node
