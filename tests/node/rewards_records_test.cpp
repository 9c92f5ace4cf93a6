// Liquidity mining in the node: its transaction types (appended after every earlier
// type) and its state records ("rewards", "reward/" + name), which must round-trip
// and refuse what the engine could never hold. Kept apart from chain_test.cpp so the
// node's other additions merge without touching it.
#include "node/chain.hpp"
#include "node/state_codec.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

constexpr std::uint64_t kChain = 31337;

crypto::PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return crypto::PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}

// Two markets, FLUX, governance; rewards filled in directly with values of every
// width (the codec writes U256s without leading zeros).
State rewards_state() {
  State s;
  s.blocks_per_year = 1'000'000;
  s.block = 50;
  s.roles.admin = s.account_id("admin");
  for (const char* symbol : {"USD", "ETH"}) {
    MarketConfig c;
    c.symbol = std::string("f") + symbol;
    c.asset = s.add_asset(symbol, 18);
    c.initial_exchange_rate = mantissa_one();
    c.rate_model = make_rate_model(RateModelParams{}, s.blocks_per_year);
    s.add_market(std::move(c), 10);
  }
  const AssetId flux = s.add_asset("FLUX", 18);
  GovernanceSetup setup;
  setup.token = flux;
  setup.timelock = s.account_id("timelock");
  install_governance(s, setup);
  Rewards& r = s.rewards;
  r.pool = RewardsPool{U256(1000), U256(700), U256(650), U256(600)};
  MarketRewards m1;
  m1.supply_speed = 7;
  m1.borrow_speed = 0;
  m1.supply_index = reward_initial_index() + 12345;
  m1.borrow_index = reward_initial_index();
  m1.supply_block = 40;
  m1.borrow_block = 41;
  r.markets[1] = m1;
  AccountRewards alice;
  alice.accrued = 50;
  alice.markets.at_or_insert(1).supplier_index = reward_initial_index() + 345;
  r.accounts[s.account_id("alice")] = alice;
  AccountRewards bob;
  bob.markets.at_or_insert(1).borrower_index = u256_max();
  r.accounts[s.account_id("bob")] = bob;
  return s;
}

std::map<std::string, std::string> records_of(const State& s) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : encode_state(s)) out[key] = value;
  return out;
}

// Accounts by name: decoding may number them differently.
std::map<std::string, AccountRewards> by_name(const State& s) {
  std::map<std::string, AccountRewards> out;
  for (const auto& [id, ar] : s.rewards.accounts) out[s.account_names[id]] = ar;
  return out;
}

TEST(RewardsRecords, RoundTripEveryField) {
  const State s = rewards_state();
  const auto records = records_of(s);
  ASSERT_TRUE(records.contains("rewards"));
  ASSERT_TRUE(records.contains("reward/alice"));
  ASSERT_TRUE(records.contains("reward/bob"));
  CodecError error;
  const std::optional<State> back = decode_state(records, error);
  ASSERT_TRUE(back) << error.key << ": " << error.detail;
  EXPECT_EQ(back->rewards.pool, s.rewards.pool);
  EXPECT_EQ(back->rewards.markets, s.rewards.markets);
  EXPECT_EQ(by_name(*back), by_name(s));
}

TEST(RewardsRecords, NoRecordsWithoutRewards) {
  State s = rewards_state();
  s.rewards = Rewards{};
  for (const auto& [key, value] : encode_state(s)) EXPECT_NE(key.rfind("reward", 0), 0u) << key;
  // Only the accounts a block names get their reward records rewritten.
  const State full = rewards_state();
  const auto changes = encode_changes(full, {*full.find_account("alice")}, {});
  bool alice = false, bob = false, pool = false;
  for (const auto& [key, value] : changes) {
    alice = alice || key == "reward/alice";
    bob = bob || key == "reward/bob";
    pool = pool || key == "rewards";
  }
  EXPECT_TRUE(alice && pool);
  EXPECT_FALSE(bob);
}

TEST(RewardsRecords, RefusesWhatTheEngineCouldNeverHold) {
  const auto refused = [](const State& s, const char* key) {
    CodecError error;
    const bool decoded = decode_state(records_of(s), error).has_value();
    EXPECT_FALSE(decoded) << key;
    EXPECT_EQ(error.key, key);
  };
  State counters = rewards_state();
  counters.rewards.pool.allocated = 1001;  // promised more than funded
  refused(counters, "rewards");
  State index = rewards_state();
  index.rewards.markets[1].supply_index = 1;  // below the initial index
  refused(index, "rewards");
  State market = rewards_state();
  market.rewards.markets[9] = market.rewards.markets[1];  // no market 9
  refused(market, "rewards");
  State empty = rewards_state();
  empty.rewards.accounts[*empty.find_account("bob")] = AccountRewards{};
  refused(empty, "reward/bob");
  State unknown = rewards_state();
  unknown.rewards.accounts[*unknown.find_account("alice")].markets.at_or_insert(5).supplier_index = 1;
  refused(unknown, "reward/alice");
  // A truncated record.
  auto records = records_of(rewards_state());
  records["reward/alice"].pop_back();
  CodecError error;
  EXPECT_FALSE(decode_state(records, error).has_value());
  EXPECT_EQ(error.key, "reward/alice");
}

TEST(RewardsTransactions, AppendedTypesConvertToTheirRequests) {
  const std::vector<TransactionType>& types = transaction_types();
  // Appended together after the governance types (ScheduleUpgrade, SetOracle and
  // ClaimRewardsFor came after them).
  // Flux Protocol's 21 types were appended after ClaimRewardsFor.
  ASSERT_GE(types.size(), 27u);
  const std::size_t end = types.size() - 21;
  EXPECT_EQ(types[end].name, "SupplyFor");
  EXPECT_EQ(types[end - 6].name, "SetRewardSpeeds");
  EXPECT_TRUE(types[end - 6].role_operation);
  EXPECT_TRUE(types[end - 6].governance_action);
  EXPECT_EQ(types[end - 5].name, "FundRewards");
  EXPECT_FALSE(types[end - 5].role_operation);
  EXPECT_TRUE(types[end - 5].governance_action);  // the timelock funds through a proposal
  EXPECT_EQ(types[end - 4].name, "ClaimRewards");
  EXPECT_FALSE(types[end - 4].role_operation);
  EXPECT_FALSE(types[end - 4].governance_action);
  EXPECT_EQ(types[end - 3].name, "ScheduleUpgrade");
  EXPECT_EQ(types[end - 2].name, "SetOracle");
  EXPECT_EQ(types[end - 1].name, "ClaimRewardsFor");
  EXPECT_FALSE(types[end - 1].role_operation);
  EXPECT_FALSE(types[end - 1].governance_action);

  State s = rewards_state();
  const crypto::PrivateKey k = key(7);
  const auto message = [&k](const char* type, std::vector<crypto::Field> own) {
    crypto::TypedStruct m;
    m.primary_type = type;
    m.fields.push_back({"sender", "address", crypto::address_of(k)});
    m.fields.push_back({"nonce", "uint64", U256(0)});
    for (auto& f : own) m.fields.push_back(std::move(f));
    return sign_transaction(std::move(m), kChain, k);
  };
  // Through the wire format, as a client sends them.
  const auto request = [&s](const Transaction& tx) {
    const auto parsed = parse_transaction(to_json(tx));
    EXPECT_TRUE(parsed.ok());
    return to_request(*parsed, s);
  };
  const Request speeds = request(message("SetRewardSpeeds", {{"market", "string", std::string("fETH")},
                                                             {"supplySpeed", "uint256", U256(5)},
                                                             {"borrowSpeed", "uint256", U256(6)}}));
  ASSERT_TRUE(std::holds_alternative<SetRewardSpeeds>(speeds));
  EXPECT_EQ(std::get<SetRewardSpeeds>(speeds).market, 1u);
  EXPECT_EQ(std::get<SetRewardSpeeds>(speeds).supply_speed, U256(5));
  EXPECT_EQ(std::get<SetRewardSpeeds>(speeds).borrow_speed, U256(6));
  const Request fund = request(message("FundRewards", {{"amount", "uint256", U256(9)}}));
  ASSERT_TRUE(std::holds_alternative<FundRewards>(fund));
  EXPECT_EQ(std::get<FundRewards>(fund).amount, U256(9));
  const Request claim =
      request(message("ClaimRewards", {{"markets", "string[]", std::vector<std::string>{"fETH", "fNOPE", "fUSD"}}}));
  ASSERT_TRUE(std::holds_alternative<ClaimRewards>(claim));
  // An unknown symbol becomes a market the engine answers market_not_listed for.
  EXPECT_EQ(std::get<ClaimRewards>(claim).markets, (std::vector<MarketId>{1, static_cast<MarketId>(max_markets), 0}));
  EXPECT_EQ(std::get<ClaimRewards>(claim).sender, *s.find_account(account_name(crypto::address_of(k))));
  // ClaimRewardsFor has no converter of its own: its descriptor's bound fields.
  const crypto::PrivateKey holder = key(8);
  const Request claim_for =
      request(message("ClaimRewardsFor", {{"holder", "address", crypto::address_of(holder)},
                                          {"markets", "string[]", std::vector<std::string>{"fUSD", "fNOPE"}}}));
  ASSERT_TRUE(std::holds_alternative<ClaimRewardsFor>(claim_for));
  const ClaimRewardsFor& c = std::get<ClaimRewardsFor>(claim_for);
  EXPECT_EQ(c.sender, *s.find_account(account_name(crypto::address_of(k))));
  // An address the state did not know: executing, the resolver makes it a new account.
  EXPECT_EQ(c.holder, *s.find_account(account_name(crypto::address_of(holder))));
  EXPECT_EQ(c.holder, s.accounts.size() - 1);
  EXPECT_EQ(c.markets, (std::vector<MarketId>{0, static_cast<MarketId>(max_markets)}));
}

}  // namespace
}  // namespace flux::node
