#include "node/state_codec.hpp"

#include "engine/failure.hpp"

#include <stdexcept>

namespace flux::node {
namespace {

constexpr std::uint8_t kVersion = 1;

class Writer {
 public:
  Writer() { out_.push_back(static_cast<char>(kVersion)); }
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { be(v, 2); }
  void u32(std::uint32_t v) { be(v, 4); }
  void u64(std::uint64_t v) { be(v, 8); }
  void u256(const U256& v) {
    std::string bytes;
    U256 x = v;
    while (!x.is_zero()) {
      bytes.insert(bytes.begin(), static_cast<char>(low_u64(x) & 0xFF));
      x >>= 8;
    }
    u8(static_cast<std::uint8_t>(bytes.size()));
    out_ += bytes;
  }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  void be(std::uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (i * 8)) & 0xFF));
  }
  std::string out_;
};

struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {
    if (u8() != kVersion) throw Malformed("unknown record version");
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(be(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(be(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(be(4)); }
  std::uint64_t u64() { return be(8); }
  bool flag() {
    const std::uint8_t v = u8();
    if (v > 1) throw Malformed("a flag is neither 0 nor 1");
    return v == 1;
  }
  U256 u256() {
    const std::uint8_t length = u8();
    if (length > 32) throw Malformed("a 256-bit integer longer than 32 bytes");
    need(length);
    U256 v = 0;
    for (std::uint8_t i = 0; i < length; ++i) v = (v << 8) | static_cast<unsigned char>(in_[pos_++]);
    return v;
  }
  std::string str() {
    const std::uint32_t length = u32();
    need(length);
    std::string s = in_.substr(pos_, length);
    pos_ += length;
    return s;
  }
  std::uint32_t count(std::size_t max) {
    const std::uint32_t n = u32();
    if (n > max) throw Malformed("a list longer than its limit");
    return n;
  }
  void end() const {
    if (pos_ != in_.size()) throw Malformed("bytes left over after the record");
  }

 private:
  void need(std::size_t n) const {
    if (in_.size() - pos_ < n) throw Malformed("the record ends early");
  }
  std::uint64_t be(int width) {
    need(static_cast<std::size_t>(width));
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(in_[pos_++]);
    return v;
  }
  const std::string& in_;
  std::size_t pos_ = 0;
};

std::string name_of(const State& s, AccountId id) {
  return id < s.account_names.size() ? s.account_names[id] : std::string();
}

void write_rate_model(Writer& w, const RateModelParams& p) {
  w.u8(static_cast<std::uint8_t>(p.kind));
  w.u256(p.base_per_year);
  w.u256(p.multiplier_per_year);
  w.u256(p.jump_multiplier_per_year);
  w.u256(p.kink);
}

std::string be_id(std::uint16_t id) {
  std::string s(2, '\0');
  s[0] = static_cast<char>(id >> 8);
  s[1] = static_cast<char>(id & 0xFF);
  return s;
}

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

std::string meta_key() { return "meta"; }
std::string asset_key(AssetId id) { return "asset/" + be_id(id); }
std::string market_key(MarketId id) { return "market/" + be_id(id); }
std::string account_key(const std::string& name) { return "account/" + name; }
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

std::vector<std::pair<std::string, std::string>> encode_changes(const State& s, const std::set<AccountId>& accounts,
                                                               const std::set<MarketId>& markets) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(meta_key(), encode_meta(s));
  for (std::size_t i = 0; i < s.assets.size(); ++i)
    out.emplace_back(asset_key(static_cast<AssetId>(i)), encode_asset(s, static_cast<AssetId>(i)));
  out.emplace_back(rules_key(), encode_rules(s));
  for (MarketId m : markets)
    if (m < s.markets.size()) out.emplace_back(market_key(m), encode_market(s.markets[m]));
  for (AccountId a : accounts)
    if (a < s.accounts.size()) out.emplace_back(account_key(s.account_names[a]), encode_account(s, a));
  return out;
}

std::vector<std::pair<std::string, std::string>> encode_state(const State& s) {
  std::set<AccountId> accounts;
  for (std::size_t i = 0; i < s.accounts.size(); ++i)
    if (!s.accounts[i].holds_nothing()) accounts.insert(static_cast<AccountId>(i));
  // Role holders are named by the meta record; keep them even when they hold nothing.
  for (AccountId r : {s.roles.admin, s.roles.pause_guardian, s.roles.oracle, s.roles.compliance,
                      s.roles.sanctions_admin, s.roles.locked_supply_holder})
    if (r < s.accounts.size()) accounts.insert(r);
  std::set<MarketId> markets;
  for (std::size_t i = 0; i < s.markets.size(); ++i) markets.insert(static_cast<MarketId>(i));
  return encode_changes(s, accounts, markets);
}

std::optional<State> decode_state(const std::map<std::string, std::string>& records, CodecError& error) {
  std::string current = meta_key();
  try {
    State s;
    const auto meta = records.find(meta_key());
    if (meta == records.end()) throw Malformed("missing");
    Reader m(meta->second);
    s.blocks_per_year = m.u256();
    s.block = m.u64();
    s.risk.close_factor = m.u256();
    s.risk.liquidation_incentive = m.u256();
    s.risk.transfer_paused = m.flag();
    s.risk.seize_paused = m.flag();
    // Role names first: they become the first account ids, as at genesis.
    const auto role = [&s](const std::string& name) { return name.empty() ? no_account : s.account_id(name); };
    s.roles.admin = role(m.str());
    s.roles.pause_guardian = role(m.str());
    s.roles.oracle = role(m.str());
    s.roles.compliance = role(m.str());
    s.roles.sanctions_admin = role(m.str());
    s.roles.locked_supply_holder = role(m.str());
    const std::uint32_t group_admins = m.count(1'000'000);
    for (std::uint32_t i = 0; i < group_admins; ++i) {
      const std::uint32_t group = m.u32();
      s.roles.kyc_group_admins.at_or_insert(group) = role(m.str());
    }
    const std::uint16_t asset_count = m.u16();
    const std::uint16_t market_count = m.u16();
    m.end();
    if (asset_count > max_assets || market_count > max_markets) throw Malformed("more assets or markets than allowed");

    for (AssetId i = 0; i < asset_count; ++i) {
      current = asset_key(i);
      const auto it = records.find(current);
      if (it == records.end()) throw Malformed("missing");
      Reader r(it->second);
      Asset a;
      a.symbol = r.str();
      a.decimals = r.u8();
      a.issued = r.u256();
      a.issuer = role(r.str());
      a.permissioned = r.flag();
      a.kyc_group = r.u32();
      r.end();
      s.assets.push_back(std::move(a));
    }
    for (MarketId i = 0; i < market_count; ++i) {
      current = market_key(i);
      const auto it = records.find(current);
      if (it == records.end()) throw Malformed("missing");
      Reader r(it->second);
      Market mk;
      MarketConfig& c = mk.config;
      c.symbol = r.str();
      c.asset = r.u16();
      if (c.asset >= s.assets.size()) throw Malformed("names an asset that does not exist");
      c.initial_exchange_rate = r.u256();
      c.reserve_factor = r.u256();
      c.protocol_seize_share = r.u256();
      c.collateral_factor = r.u256();
      RateModelParams p;
      const std::uint8_t kind = r.u8();
      if (kind > 1) throw Malformed("unknown rate model kind");
      p.kind = static_cast<RateModelKind>(kind);
      p.base_per_year = r.u256();
      p.multiplier_per_year = r.u256();
      p.jump_multiplier_per_year = r.u256();
      p.kink = r.u256();
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
      s.markets.push_back(std::move(mk));
    }
    const std::string prefix = "account/";
    for (auto it = records.lower_bound(prefix); it != records.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      current = it->first;
      const std::string name = it->first.substr(prefix.size());
      if (name.empty()) throw Malformed("an account without a name");
      Reader r(it->second);
      Account& a = s.accounts[s.account_id(name)];
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
      if (market_count < 64 && (a.entered_markets >> market_count) != 0)
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
    current = rules_key();
    decode_rules(records, s);
    return s;
  } catch (const Malformed& e) {
    error = CodecError{current, e.what()};
    return std::nullopt;
  }
}

}  // namespace flux::node
