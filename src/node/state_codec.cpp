#include "node/state_codec.hpp"

#include "engine/failure.hpp"

#include <stdexcept>

namespace flux::node {
namespace {

constexpr std::uint8_t kVersion = 1;
// The "governance" record's version 2: its durations in seconds, then the block
// interval. Version 1 (durations in 12-second blocks) is still read.
constexpr std::uint8_t kGovernanceVersion = 2;

class Writer {
 public:
  explicit Writer(std::uint8_t version = kVersion) { out_.push_back(static_cast<char>(version)); }
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
  // A record of version kVersion to `newest`.
  explicit Reader(const std::string& in, std::uint8_t newest = kVersion) : in_(in) {
    version_ = u8();
    if (version_ < kVersion || version_ > newest) throw Malformed("unknown record version");
  }
  std::uint8_t version() const { return version_; }
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
  std::uint8_t version_ = 0;
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

std::string be64(std::uint64_t id) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((id >> ((7 - i) * 8)) & 0xFF);
  return s;
}

RateModelParams read_rate_model(Reader& r) {
  RateModelParams p;
  const std::uint8_t kind = r.u8();
  if (kind > 1) throw Malformed("unknown rate model kind");
  p.kind = static_cast<RateModelKind>(kind);
  p.base_per_year = r.u256();
  p.multiplier_per_year = r.u256();
  p.jump_multiplier_per_year = r.u256();
  p.kink = r.u256();
  return p;
}

// --- Governance actions -------------------------------------------------------------
// A tag, then the action's fields in a fixed order. The tags are part of the format:
// never renumber one; a new action takes the next free number.
enum ActionTag : std::uint8_t {
  tag_list_market = 1, tag_set_collateral_factor = 2, tag_set_reserve_factor = 3, tag_set_protocol_seize_share = 4,
  tag_set_rate_model = 5, tag_set_close_factor = 6, tag_set_liquidation_incentive = 7, tag_set_borrow_cap = 8,
  tag_set_supply_cap = 9, tag_set_price_cap = 10, tag_set_paused = 11, tag_set_pause_guardian = 12,
  tag_set_market_access = 13, tag_reduce_reserves_to = 14, tag_set_kyc_group_admin = 15,
  tag_set_sanctions_admin = 16, tag_set_governance_parameter = 17, tag_set_reward_speeds = 18,
  tag_fund_rewards = 19, tag_schedule_upgrade = 20, tag_set_oracle = 21,
};

// The action's sender (the timelock) is not stored: actions always run as the timelock.
struct ActionWriter {
  Writer& w;
  const State& s;
  void market_value(std::uint8_t tag, MarketId market, const U256& value) const {
    w.u8(tag);
    w.u16(market);
    w.u256(value);
  }
  void operator()(const ListMarket& a) const {
    const MarketConfig& c = a.config;
    w.u8(tag_list_market);
    w.str(c.symbol);
    w.u16(c.asset);
    w.u256(c.initial_exchange_rate);
    w.u256(c.reserve_factor);
    w.u256(c.protocol_seize_share);
    w.u256(c.collateral_factor);
    w.u8(static_cast<std::uint8_t>(c.access));
    w.u32(c.kyc_group);
    w.u256(c.borrow_cap);
    w.u256(c.supply_cap);
    w.u8(c.mint_paused ? 1 : 0);
    w.u8(c.borrow_paused ? 1 : 0);
    w.u256(c.price);
    w.u256(c.price_cap);
    write_rate_model(w, a.rate_model);
    w.u256(a.seed_amount);
  }
  void operator()(const SetCollateralFactor& a) const { market_value(tag_set_collateral_factor, a.market, a.value); }
  void operator()(const SetReserveFactor& a) const { market_value(tag_set_reserve_factor, a.market, a.value); }
  void operator()(const SetProtocolSeizeShare& a) const {
    market_value(tag_set_protocol_seize_share, a.market, a.value);
  }
  void operator()(const SetRateModel& a) const {
    w.u8(tag_set_rate_model);
    w.u16(a.market);
    write_rate_model(w, a.params);
  }
  void operator()(const SetCloseFactor& a) const {
    w.u8(tag_set_close_factor);
    w.u256(a.value);
  }
  void operator()(const SetLiquidationIncentive& a) const {
    w.u8(tag_set_liquidation_incentive);
    w.u256(a.value);
  }
  void operator()(const SetBorrowCap& a) const { market_value(tag_set_borrow_cap, a.market, a.value); }
  void operator()(const SetSupplyCap& a) const { market_value(tag_set_supply_cap, a.market, a.value); }
  void operator()(const SetPriceCap& a) const { market_value(tag_set_price_cap, a.market, a.cap); }
  void operator()(const SetPaused& a) const {
    w.u8(tag_set_paused);
    w.u16(a.market);
    w.u8(static_cast<std::uint8_t>(a.action));
    w.u8(a.paused ? 1 : 0);
  }
  void operator()(const SetPauseGuardian& a) const {
    w.u8(tag_set_pause_guardian);
    w.str(name_of(s, a.account));
  }
  void operator()(const SetMarketAccess& a) const {
    w.u8(tag_set_market_access);
    w.u16(a.market);
    w.u8(static_cast<std::uint8_t>(a.access));
    w.u32(a.kyc_group);
  }
  void operator()(const ReduceReservesTo& a) const {
    w.u8(tag_reduce_reserves_to);
    w.u16(a.market);
    w.u256(a.amount);
    w.str(name_of(s, a.to));
  }
  void operator()(const SetKycGroupAdmin& a) const {
    w.u8(tag_set_kyc_group_admin);
    w.u32(a.group);
    w.str(name_of(s, a.account));
    w.u8(a.granted ? 1 : 0);
  }
  void operator()(const SetSanctionsAdmin& a) const {
    w.u8(tag_set_sanctions_admin);
    w.str(name_of(s, a.account));
    w.u8(a.granted ? 1 : 0);
  }
  void operator()(const SetGovernanceParameter& a) const {
    w.u8(tag_set_governance_parameter);
    w.u8(static_cast<std::uint8_t>(a.parameter));
    w.u256(a.value);
  }
  void operator()(const SetRewardSpeeds& a) const {
    w.u8(tag_set_reward_speeds);
    w.u16(a.market);
    w.u256(a.supply_speed);
    w.u256(a.borrow_speed);
  }
  void operator()(const FundRewards& a) const {
    w.u8(tag_fund_rewards);
    w.u256(a.amount);
  }
  void operator()(const SetOracle& a) const {
    w.u8(tag_set_oracle);
    w.str(name_of(s, a.account));
  }
  void operator()(const ScheduleUpgrade& a) const {
    w.u8(tag_schedule_upgrade);
    w.u32(a.version);
    w.u64(a.activation_block);
  }
};

Access read_access(Reader& r) {
  const std::uint8_t access = r.u8();
  if (access > 2) throw Malformed("unknown access mode");
  return static_cast<Access>(access);
}

GovernanceAction read_action(Reader& r, State& s, AccountId timelock) {
  const auto account = [&s](const std::string& name) { return name.empty() ? no_account : s.account_id(name); };
  const std::uint8_t tag = r.u8();
  switch (tag) {
    case tag_list_market: {
      ListMarket a;
      a.sender = timelock;
      MarketConfig& c = a.config;
      c.symbol = r.str();
      c.asset = r.u16();
      c.initial_exchange_rate = r.u256();
      c.reserve_factor = r.u256();
      c.protocol_seize_share = r.u256();
      c.collateral_factor = r.u256();
      c.access = read_access(r);
      c.kyc_group = r.u32();
      c.borrow_cap = r.u256();
      c.supply_cap = r.u256();
      c.mint_paused = r.flag();
      c.borrow_paused = r.flag();
      c.price = r.u256();
      c.price_cap = r.u256();
      a.rate_model = read_rate_model(r);
      a.seed_amount = r.u256();
      return a;
    }
    case tag_set_collateral_factor: { MarketId m = r.u16(); return SetCollateralFactor{timelock, m, r.u256()}; }
    case tag_set_reserve_factor: { MarketId m = r.u16(); return SetReserveFactor{timelock, m, r.u256()}; }
    case tag_set_protocol_seize_share: { MarketId m = r.u16(); return SetProtocolSeizeShare{timelock, m, r.u256()}; }
    case tag_set_rate_model: { MarketId m = r.u16(); return SetRateModel{timelock, m, read_rate_model(r)}; }
    case tag_set_close_factor: return SetCloseFactor{timelock, r.u256()};
    case tag_set_liquidation_incentive: return SetLiquidationIncentive{timelock, r.u256()};
    case tag_set_borrow_cap: { MarketId m = r.u16(); return SetBorrowCap{timelock, m, r.u256()}; }
    case tag_set_supply_cap: { MarketId m = r.u16(); return SetSupplyCap{timelock, m, r.u256()}; }
    case tag_set_price_cap: { MarketId m = r.u16(); return SetPriceCap{timelock, m, r.u256()}; }
    case tag_set_paused: {
      const MarketId m = r.u16();
      const std::uint8_t action = r.u8();
      if (action > static_cast<std::uint8_t>(PauseAction::seize)) throw Malformed("unknown pause action");
      const bool paused = r.flag();
      return SetPaused{timelock, m, static_cast<PauseAction>(action), paused};
    }
    case tag_set_pause_guardian: return SetPauseGuardian{timelock, account(r.str())};
    case tag_set_oracle: return SetOracle{timelock, account(r.str())};
    case tag_set_market_access: {
      const MarketId m = r.u16();
      const Access access = read_access(r);
      return SetMarketAccess{timelock, m, access, r.u32()};
    }
    case tag_reduce_reserves_to: {
      const MarketId m = r.u16();
      const U256 amount = r.u256();
      return ReduceReservesTo{timelock, m, amount, account(r.str())};
    }
    case tag_set_kyc_group_admin: {
      const std::uint32_t group = r.u32();
      const AccountId who = account(r.str());
      return SetKycGroupAdmin{timelock, group, who, r.flag()};
    }
    case tag_set_sanctions_admin: {
      const AccountId who = account(r.str());
      return SetSanctionsAdmin{timelock, who, r.flag()};
    }
    case tag_set_reward_speeds: {
      const MarketId m = r.u16();
      const U256 supply = r.u256();
      return SetRewardSpeeds{timelock, m, supply, r.u256()};
    }
    case tag_fund_rewards: return FundRewards{timelock, r.u256()};
    case tag_schedule_upgrade: {
      const std::uint32_t version = r.u32();
      return ScheduleUpgrade{timelock, version, r.u64()};
    }
    case tag_set_governance_parameter: {
      const std::uint8_t parameter = r.u8();
      if (parameter > static_cast<std::uint8_t>(GovernanceParameter::timelock_delay))
        throw Malformed("unknown governance parameter");
      return SetGovernanceParameter{timelock, static_cast<GovernanceParameter>(parameter), r.u256()};
    }
    default: break;
  }
  throw Malformed("unknown governance action tag " + std::to_string(tag));
}

std::string be_id(std::uint16_t id) {
  std::string s(2, '\0');
  s[0] = static_cast<char>(id >> 8);
  s[1] = static_cast<char>(id & 0xFF);
  return s;
}

// Liquidity mining's records (see the header), kept apart from the records above.
void encode_reward_changes(const State& s, const std::set<AccountId>& accounts,
                           std::vector<std::pair<std::string, std::string>>& out);
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
  for (const GovernanceAction& a : p.actions) std::visit(ActionWriter{w, s}, a);
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
  return out;
}

std::vector<std::pair<std::string, std::string>> encode_state(const State& s) {
  std::set<AccountId> accounts;
  for (const auto& entry : s.rewards.accounts) accounts.insert(entry.first);  // their reward records
  for (std::size_t i = 0; i < s.accounts.size(); ++i)
    if (!s.accounts[i].holds_nothing()) accounts.insert(static_cast<AccountId>(i));
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

namespace {

// The governance records, if the state has governance ("governance" present).
void decode_governance(const std::map<std::string, std::string>& records, State& s, std::string& current) {
  const auto account = [&s](const std::string& name) { return name.empty() ? no_account : s.account_id(name); };
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
  Governance& g = s.governance;
  Reader r(it->second, kGovernanceVersion);
  g.token = r.u16();
  if (g.token >= s.assets.size()) throw Malformed("the governance token is an asset that does not exist");
  g.timelock = account(r.str());
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
    const AccountId proposer = account(r.str());
    const std::uint64_t id = r.u64();
    if (proposer == no_account || id == 0 || id > proposal_count) throw Malformed("a latest proposal that does not exist");
    g.latest_proposal[proposer] = id;
  }
  r.end();

  const std::string voter_prefix = "voter/";
  for (auto v = records.lower_bound(voter_prefix); v != records.end() && v->first.rfind(voter_prefix, 0) == 0; ++v) {
    current = v->first;
    const std::string name = v->first.substr(voter_prefix.size());
    if (name.empty()) throw Malformed("a voter without a name");
    Reader vr(v->second);
    Voter voter;
    voter.delegate = account(vr.str());
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
    g.voters[s.account_id(name)] = std::move(voter);
  }

  for (std::uint64_t id = 1; id <= proposal_count; ++id) {
    current = proposal_key(id);
    const auto p = records.find(current);
    if (p == records.end()) throw Malformed("missing");
    Reader pr(p->second);
    Proposal proposal;
    proposal.id = id;
    proposal.proposer = account(pr.str());
    const std::uint32_t actions = pr.count(max_proposal_actions);
    for (std::uint32_t i = 0; i < actions; ++i) proposal.actions.push_back(read_action(pr, s, g.timelock));
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
      const AccountId voter = account(pr.str());
      VoteReceipt receipt;
      receipt.support = pr.u8();
      if (receipt.support > vote_abstain) throw Malformed("a vote that is neither against, for nor abstain");
      receipt.votes = pr.u256();
      if (voter == no_account || !proposal.receipts.emplace(voter, std::move(receipt)).second)
        throw Malformed("a vote receipt without a voter, or twice");
    }
    pr.end();
    g.proposals.push_back(std::move(proposal));
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
}  // namespace

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
    decode_governance(records, s, current);
    decode_rewards(records, s, current);
    current = rules_key();
    decode_rules(records, s);
    return s;
  } catch (const Malformed& e) {
    error = CodecError{current, e.what()};
    return std::nullopt;
  }
}

}  // namespace flux::node
