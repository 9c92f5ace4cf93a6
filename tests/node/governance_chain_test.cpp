// Governance through the chain: the new transaction types end to end (delegate,
// propose, vote, queue, execute), admission of a Propose's actions, and the state
// records: a chain resumed from the records its blocks wrote has the same state and
// state hash, and a damaged governance record is refused naming its key.
#include "node/chain.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/engine.hpp"
#include "engine/numbers/mantissa.hpp"
#include "node/block_json.hpp"
#include "node/state_codec.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

using crypto::Address20;
using crypto::Field;
using crypto::PrivateKey;
using crypto::TypedStruct;
using json = nlohmann::json;

constexpr std::uint64_t kChain = 31337;

PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}
Address20 addr(const PrivateKey& k) { return crypto::address_of(k); }
U256 e18(std::uint64_t n) { return U256(n) * mantissa_one(); }

const std::string timelock_name = "0x000000000000000000000000000000000000f10c";

// Keys 1..4: the old admin (also oracle, guardian, compliance), alice, bob, carol.
// FLUX: alice 500,000 (self-delegated at genesis), bob 200,000 (not delegated yet),
// carol 100,000. The timelock holds 10 ETH for a listing's seed and is the admin.
struct Net {
  PrivateKey admin = key(1), alice = key(2), bob = key(3), carol = key(4);
  State genesis;

  Net() {
    State& s = genesis;
    s.blocks_per_year = 1'000'000;
    s.risk.close_factor = e18(1) / 2;
    s.risk.liquidation_incentive = e18(11) / 10;
    const AccountId a = s.account_id(account_name(addr(admin)));
    s.roles.admin = s.roles.oracle = s.roles.pause_guardian = s.roles.compliance = a;
    s.roles.locked_supply_holder = s.account_id("0x000000000000000000000000000000000000dead");
    const AssetId usd = s.add_asset("USD", 18);
    const AssetId eth = s.add_asset("ETH", 18);
    const AssetId flux = s.add_asset("FLUX", 18);
    MarketConfig c;
    c.symbol = "fUSD";
    c.asset = usd;
    c.initial_exchange_rate = mantissa_one();
    c.collateral_factor = e18(1) / 2;
    c.price = e18(1);
    c.rate_model = make_rate_model(RateModelParams{}, s.blocks_per_year);
    s.add_market(c, 0);
    const AccountId timelock = s.account_id(timelock_name);
    const AccountId al = s.account_id(account_name(addr(alice)));
    must(Faucet{a, al, flux, e18(500'000)});
    must(Faucet{a, s.account_id(account_name(addr(bob))), flux, e18(200'000)});
    must(Faucet{a, s.account_id(account_name(addr(carol))), flux, e18(100'000)});
    must(Faucet{a, timelock, eth, e18(10)});
    GovernanceSetup setup;
    setup.token = flux;
    setup.timelock = timelock;
    setup.params.proposal_threshold = e18(100'000);
    setup.params.quorum_votes = e18(400'000);
    setup.params.voting_delay = 12;  // seconds: one 12-second block
    setup.params.voting_period = voting_period_min;
    setup.timelock_delay = timelock_delay_min;
    install_governance(s, setup);
    must(Delegate{al, al});
  }
  void must(const Request& r) { ASSERT_TRUE(apply(genesis, 0, r).ok()) << request_name(r); }
};

TypedStruct message(const char* type, const PrivateKey& from, std::uint64_t nonce, std::vector<Field> own) {
  TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", addr(from)});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}
Transaction signed_tx(const char* type, const PrivateKey& from, std::uint64_t nonce, std::vector<Field> own) {
  return sign_transaction(message(type, from, nonce, std::move(own)), kChain, from);
}

const json set_cf = {{"type", "SetCollateralFactor"}, {"market", "fUSD"}, {"value", "600000000000000000"}};
const json list_eth = {{"type", "ListMarket"},
                       {"symbol", "fETH"},
                       {"asset", "ETH"},
                       {"collateralFactor", "700000000000000000"},
                       {"reserveFactor", "200000000000000000"},
                       {"protocolSeizeShare", "28000000000000000"},
                       {"initialExchangeRate", "200000000000000000000000000"},
                       {"kind", "jump"},
                       {"basePerYear", "20000000000000000"},
                       {"multiplierPerYear", "230000000000000000"},
                       {"jumpMultiplierPerYear", "1000000000000000000"},
                       {"kink", "800000000000000000"},
                       {"access", "permissionless"},
                       {"kycGroup", "1"},
                       {"borrowCap", "0"},
                       {"supplyCap", "0"},
                       {"price", "3000000000000000000000"},
                       {"priceCap", "0"},
                       {"mintPaused", false},
                       {"borrowPaused", false},
                       {"seedAmount", "1000000000000000000"}};
const json set_quorum = {
    {"type", "SetGovernanceParameter"}, {"parameter", "quorum_votes"}, {"value", "300000000000000000000000"}};

Transaction propose(const PrivateKey& from, std::uint64_t nonce, const std::vector<json>& actions) {
  std::vector<std::string> texts;
  for (const json& a : actions) texts.push_back(a.dump());
  return signed_tx("Propose", from, nonce,
                   {{"actions", "string[]", texts}, {"description", "string", std::string("Test proposal\nmore")}});
}
Transaction proposal_tx(const char* type, const PrivateKey& from, std::uint64_t nonce, std::uint64_t id) {
  return signed_tx(type, from, nonce, {{"proposal", "uint64", U256(id)}});
}

// The records a node would hold: genesis records, then every block's changes (an
// empty value deletes).
struct Store {
  std::map<std::string, std::string> records;
  void take(Chain& chain) {
    for (auto& [k, v] : chain.take_changes()) {
      if (v.empty()) records.erase(k);
      else records[k] = v;
    }
  }
};

Block next(Chain& chain, Store& store) {
  Block b = chain.produce_block(0);
  store.take(chain);
  return b;
}
void skip_to(Chain& chain, Store& store, std::uint64_t block) {
  while (chain.head().number < block) chain.produce_empty_block(0);
  store.take(chain);
}

void expect_resumes(const Chain& chain, const Store& store) {
  std::string error;
  auto resumed = Chain::resume(kChain, store.records, chain.head(), {}, error);
  ASSERT_TRUE(resumed) << error;
  // The state hash covers every governance field, accounts by name (ids differ after
  // a restart: they follow the order records are read in).
  EXPECT_EQ(resumed->node_state_hash(), chain.node_state_hash());
  const Governance& g = resumed->state().governance;
  const Governance& want = chain.state().governance;
  ASSERT_EQ(g.proposals.size(), want.proposals.size());
  for (std::size_t i = 0; i < g.proposals.size(); ++i) {
    EXPECT_EQ(g.proposals[i].for_votes, want.proposals[i].for_votes);
    EXPECT_EQ(g.proposals[i].receipts.size(), want.proposals[i].receipts.size());
    EXPECT_EQ(g.proposals[i].eta, want.proposals[i].eta);
    for (std::size_t a = 0; a < g.proposals[i].actions.size(); ++a)
      EXPECT_EQ(action_json(g.proposals[i].actions[a], resumed->state()),
                action_json(want.proposals[i].actions[a], chain.state()));
  }
  EXPECT_EQ(g.params, want.params);
  // And from the whole state at once (what a genesis writes).
  std::map<std::string, std::string> all;
  for (auto& [k, v] : chain.all_records()) all[k] = v;
  auto again = Chain::resume(kChain, all, chain.head(), {}, error);
  ASSERT_TRUE(again) << error;
  EXPECT_EQ(again->node_state_hash(), chain.node_state_hash());
  // Both record sets are the same records.
  EXPECT_EQ(all, store.records);
}

TEST(GovernanceChain, AProposalsLifeThroughTransactionsAndEveryRecordRestoresIt) {
  Net n;
  Chain chain(kChain, n.genesis);
  Store store;
  for (auto& [k, v] : chain.all_records()) store.records[k] = v;

  // Block 1: bob delegates to himself; alice proposes three actions.
  ASSERT_TRUE(chain.submit(signed_tx("Delegate", n.bob, 0, {{"delegatee", "address", addr(n.bob)}})));
  ASSERT_TRUE(chain.submit(propose(n.alice, 0, {set_cf, list_eth, set_quorum})));
  Block b1 = next(chain, store);
  for (const Receipt& r : b1.receipts) EXPECT_EQ(r.error, Error::ok) << r.type << ": " << error_name(r.error);
  const Proposal* p = chain.state().governance.find_proposal(1);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->start_block, 2U);
  EXPECT_EQ(p->end_block, 2U + 7'200U);  // a day of 12-second blocks (the setup's default interval): 86,400 / 12
  // The actions as the RPC shows them are the very objects the Propose carried.
  ASSERT_EQ(p->actions.size(), 3U);
  EXPECT_EQ(action_json(p->actions[0], chain.state()), set_cf);
  EXPECT_EQ(action_json(p->actions[1], chain.state()), list_eth);
  EXPECT_EQ(action_json(p->actions[2], chain.state()), set_quorum);
  expect_resumes(chain, store);

  // Block 3: alice and bob vote for, carol (no delegate: no votes) against.
  skip_to(chain, store, 2);
  ASSERT_TRUE(chain.submit(signed_tx(
      "CastVote", n.alice, 1,
      {{"proposal", "uint64", U256(1)}, {"support", "uint8", U256(1)}, {"reason", "string", std::string("list it")}})));
  ASSERT_TRUE(chain.submit(signed_tx(
      "CastVote", n.bob, 1,
      {{"proposal", "uint64", U256(1)}, {"support", "uint8", U256(1)}, {"reason", "string", std::string()}})));
  // Voting twice is the engine's error, in the block.
  ASSERT_TRUE(chain.submit(signed_tx(
      "CastVote", n.alice, 2,
      {{"proposal", "uint64", U256(1)}, {"support", "uint8", U256(0)}, {"reason", "string", std::string()}})));
  Block b3 = next(chain, store);
  EXPECT_EQ(b3.receipts[0].error, Error::ok);
  EXPECT_EQ(b3.receipts[1].error, Error::ok);
  EXPECT_NE(b3.receipts[2].error, Error::ok);
  p = chain.state().governance.find_proposal(1);
  EXPECT_EQ(p->for_votes, e18(700'000));
  EXPECT_EQ(p->receipts.size(), 2U);
  expect_resumes(chain, store);

  // After the voting period: queue; executing before the eta fails; at the eta it runs.
  skip_to(chain, store, p->end_block);
  ASSERT_TRUE(chain.submit(proposal_tx("Queue", n.carol, 0, 1)));
  next(chain, store);
  const std::uint64_t eta = chain.state().governance.find_proposal(1)->eta;
  EXPECT_EQ(eta, chain.head().number + 7'200U);  // a day of 12-second blocks
  ASSERT_TRUE(chain.submit(proposal_tx("Execute", n.carol, 1, 1)));
  EXPECT_EQ(next(chain, store).receipts[0].error, Error::timelock_not_ready);
  skip_to(chain, store, eta - 1);
  ASSERT_TRUE(chain.submit(proposal_tx("Execute", n.carol, 2, 1)));
  Block done = next(chain, store);
  ASSERT_EQ(done.receipts[0].error, Error::ok) << error_name(done.receipts[0].error);
  // The block JSON names the parameter of each setter action's event, in order.
  const json rendered = receipt_json(done.receipts[0], chain.state(), &done.transactions[0]);
  std::vector<std::string> parameters;
  for (const json& e : rendered["events"])
    if (e["event"] == "parameter_changed") parameters.push_back(e.at("parameter").get<std::string>());
  EXPECT_EQ(parameters, (std::vector<std::string>{"collateral_factor", "quorum_votes"})) << rendered;
  const State& s = chain.state();
  EXPECT_TRUE(s.governance.find_proposal(1)->executed);
  EXPECT_EQ(s.markets[0].config.collateral_factor, U256(600'000'000'000'000'000ULL));
  ASSERT_TRUE(s.market_by_symbol("fETH"));
  EXPECT_EQ(s.markets[*s.market_by_symbol("fETH")].config.collateral_factor, U256(700'000'000'000'000'000ULL));
  EXPECT_EQ(s.governance.params.quorum_votes, e18(300'000));
  // The timelock paid the seed.
  EXPECT_EQ(s.accounts[s.governance.timelock].wallet_balance(*s.asset_by_symbol("ETH")), e18(9));
  expect_resumes(chain, store);

  // Delegating to no one leaves bob a voter with checkpoints only; moving all his FLUX
  // and un-delegating keeps the records exact.
  ASSERT_TRUE(chain.submit(signed_tx("Delegate", n.bob, 2, {{"delegatee", "address", Address20{}}})));
  next(chain, store);
  EXPECT_EQ(chain.state().governance.delegate_of(*chain.state().find_account(account_name(addr(n.bob)))), no_account);
  expect_resumes(chain, store);
}

// A failed Execute's receipt names the action that failed and its own error, as the
// engine's Outcome does; the block JSON shows it, storage keeps it, a replay checks it.
TEST(GovernanceChain, AFailedExecuteNamesTheFailedAction) {
  Net n;
  Chain chain(kChain, n.genesis);
  Store store;
  // Action 0 is fine; action 1 pays out 1,000,000 fUSD reserves the market does not
  // hold (insufficient_cash when it runs, the cash check coming first; cash and
  // reserves may grow until then, so admission lets it through, unlike an unlisted
  // market); action 2 is never reached.
  const json too_much = {{"type", "ReduceReservesTo"},
                         {"market", "fUSD"},
                         {"amount", "1000000000000000000000000"},
                         {"to", crypto::to_checksum_address(addr(n.bob))}};
  ASSERT_TRUE(chain.submit(propose(n.alice, 0, {set_cf, too_much, set_quorum})));
  std::vector<Block> blocks{next(chain, store)};
  ASSERT_EQ(blocks.back().receipts[0].error, Error::ok);
  const Proposal* p = chain.state().governance.find_proposal(1);
  ASSERT_NE(p, nullptr);
  const auto produce_to = [&](std::uint64_t number) {
    while (chain.head().number < number) blocks.push_back(chain.produce_empty_block(0));
  };
  produce_to(p->start_block);
  // alice's 500,000 votes pass the quorum of 400,000 alone.
  ASSERT_TRUE(chain.submit(signed_tx(
      "CastVote", n.alice, 1,
      {{"proposal", "uint64", U256(1)}, {"support", "uint8", U256(1)}, {"reason", "string", std::string()}})));
  blocks.push_back(chain.produce_block(0));
  produce_to(p->end_block);
  ASSERT_TRUE(chain.submit(proposal_tx("Queue", n.carol, 0, 1)));
  blocks.push_back(chain.produce_block(0));
  produce_to(chain.state().governance.find_proposal(1)->eta - 1);
  ASSERT_TRUE(chain.submit(proposal_tx("Execute", n.carol, 1, 1)));
  blocks.push_back(chain.produce_block(0));
  const Receipt& r = blocks.back().receipts.at(0);
  ASSERT_EQ(r.error, Error::action_failed);
  ASSERT_TRUE(r.failed_action.has_value());
  EXPECT_EQ(*r.failed_action, (FailedAction{1, "ReduceReservesTo", Error::insufficient_cash}));
  // Nothing of the proposal applied: action 0's collateral factor is still 0.5.
  EXPECT_EQ(chain.state().markets[0].config.collateral_factor, e18(1) / 2);

  const json rendered = receipt_json(r, chain.state(), &blocks.back().transactions[0]);
  EXPECT_EQ(rendered["error"], "action_failed");
  EXPECT_EQ(rendered["failed_action"],
            json({{"index", 1}, {"type", "ReduceReservesTo"}, {"error", "insufficient_cash"}}))
      << rendered;
  // Receipts of anything else carry no failed_action.
  EXPECT_FALSE(receipt_json(blocks[0].receipts[0], chain.state()).contains("failed_action"));

  // Stored and read back; replayed by a replica, which also catches a changed one.
  std::string error;
  const auto decoded = decode_block(encode_block(blocks.back(), chain.state()), error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->receipts.at(0).failed_action, r.failed_action);
  Chain replica(kChain, n.genesis);
  for (std::size_t i = 0; i + 1 < blocks.size(); ++i) ASSERT_EQ(replica.replay_block(blocks[i]), std::nullopt) << i;
  Chain tampered = replica;
  Block changed = blocks.back();
  changed.receipts[0].failed_action->index = 2;
  EXPECT_NE(tampered.replay_block(changed), std::nullopt);
  EXPECT_EQ(replica.replay_block(blocks.back()), std::nullopt);
  EXPECT_EQ(replica.node_state_hash(), chain.node_state_hash());
}

TEST(GovernanceChain, AdmissionOfProposalsAndTheOldAdmin) {
  Net n;
  Chain chain(kChain, n.genesis);
  // The old admin key is no longer the admin: the timelock is.
  auto direct = chain.submit(signed_tx("SetCloseFactor", n.admin, 0, {{"value", "uint256", e18(4) / 10}}));
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error().kind, Rejection::unauthorized);
  // The node's bounds apply inside a proposal too.
  const json close_factor_95 = {{"type", "SetCloseFactor"}, {"value", "950000000000000000"}};
  const json incentive_2 = {{"type", "SetLiquidationIncentive"}, {"value", "2000000000000000000"}};
  auto bounds = chain.submit(propose(n.alice, 0, {close_factor_95}));
  ASSERT_FALSE(bounds);
  EXPECT_EQ(bounds.error().kind, Rejection::out_of_bounds);
  auto incentive = chain.submit(propose(n.alice, 0, {set_cf, incentive_2}));
  ASSERT_FALSE(incentive);
  EXPECT_EQ(incentive.error().kind, Rejection::out_of_bounds);
  EXPECT_EQ(chain.pending(), 0U);
}

// Issue 9: what can only fail in a block is refused at admission, with the engine's
// error in the detail (engine/proposal_checks.hpp). Net: incentive 1.1, fUSD's
// collateral factor 0.5; voting supply 800,000 FLUX, so quorum at most 320,000.
TEST(GovernanceChain, AdmissionRefusesWhatCanOnlyFail) {
  Net n;
  Chain chain(kChain, n.genesis);
  const auto refused = [&chain](const Transaction& tx, const std::string& detail) {
    auto result = chain.submit(tx);
    ASSERT_FALSE(result) << detail;
    EXPECT_EQ(result.error().kind, Rejection::would_fail) << result.error().detail;
    EXPECT_NE(result.error().detail.find(detail), std::string::npos) << result.error().detail;
  };
  const json cap_unlisted = {{"type", "SetSupplyCap"}, {"market", "fNOPE"}, {"value", "1"}};
  refused(propose(n.alice, 0, {cap_unlisted}), "actions[0] set_supply_cap would fail: market_not_listed");
  const json zero_quorum = {{"type", "SetGovernanceParameter"}, {"parameter", "quorum_votes"}, {"value", "0"}};
  refused(propose(n.alice, 0, {set_cf, zero_quorum}),
          "actions[1] set_governance_parameter would fail: invalid_parameter");
  // 320,000 FLUX + 1 unit: above 40% of the voting supply.
  const json high_quorum = {
      {"type", "SetGovernanceParameter"}, {"parameter", "quorum_votes"}, {"value", "320000000000000000000001"}};
  refused(propose(n.alice, 0, {high_quorum}), "invalid_parameter");
  // 0.95 * 1.1 = 1.045 > 0.99.
  const json cf_95 = {{"type", "SetCollateralFactor"}, {"market", "fUSD"}, {"value", "950000000000000000"}};
  refused(propose(n.alice, 0, {cf_95}), "liquidation_margin_too_small");
  EXPECT_EQ(chain.pending(), 0U);
  // The nonce was not used: the same proposal without the failing action is admitted,
  // and its quorum is min(400,000, 40% of 800,000) = 320,000.
  ASSERT_TRUE(chain.submit(propose(n.alice, 0, {set_cf})));

  // Direct admin transactions, on a chain whose admin is still a key.
  State keyed = n.genesis;
  keyed.roles.admin = *keyed.find_account(account_name(addr(n.admin)));
  Chain direct(kChain, keyed);
  auto margin =
      direct.submit(signed_tx("SetCollateralFactor", n.admin, 0,
                              {{"market", "string", std::string("fUSD")}, {"value", "uint256", e18(95) / 100}}));
  ASSERT_FALSE(margin);
  EXPECT_EQ(margin.error().kind, Rejection::would_fail);
  EXPECT_NE(margin.error().detail.find("SetCollateralFactor would fail: liquidation_margin_too_small"),
            std::string::npos)
      << margin.error().detail;
  ASSERT_TRUE(direct.submit(signed_tx("SetCollateralFactor", n.admin, 0,
                                      {{"market", "string", std::string("fUSD")}, {"value", "uint256", e18(9) / 10}})));
}

// parse_transaction of a Propose whose actions text is `actions`.
std::optional<TransactionError> propose_error(const json& actions, std::string description = "d") {
  const json wire = {{"type", "Propose"},
                     {"message",
                      {{"sender", "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"},
                       {"nonce", "0"},
                       {"actions", actions},
                       {"description", description}}},
                     {"signature", "0x" + std::string(130, '0')}};
  auto parsed = parse_transaction(wire);
  if (parsed) return std::nullopt;
  return parsed.error();
}

TEST(GovernanceTransactions, AProposesActionsAreCheckedAtAdmission) {
  EXPECT_FALSE(propose_error(json::array({set_cf.dump(), list_eth.dump()})));
  struct Row {
    const char* name;
    json actions;
    const char* detail;
  };
  json extra = set_cf;
  extra["memo"] = "x";
  json missing = set_cf;
  missing.erase("value");
  json wrong_type = set_cf;
  wrong_type["value"] = "-1";
  json no_type = set_cf;
  no_type.erase("type");
  json with_sender = set_cf;
  with_sender["sender"] = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
  std::vector<std::string> eleven(11, set_cf.dump());
  const std::vector<Row> rows = {
      {"no actions", json::array(), "1 to 10 actions"},
      {"eleven actions", eleven, "1 to 10 actions"},
      {"not JSON", json::array({"SetCollateralFactor fUSD 0.6"}), "actions[0] is not the text of a JSON object"},
      {"an array", json::array({"[1]"}), "actions[0] is not the text of a JSON object"},
      {"no type", json::array({no_type.dump()}), "needs a \"type\""},
      {"an unknown type", json::array({R"({"type":"Steal"})"}), "names no transaction type \"Steal\""},
      {"a user type", json::array({R"({"type":"Mint","market":"fUSD","amount":"1"})"}),
       "Mint is not a governance action"},
      {"an oracle type", json::array({R"({"type":"SetPrice","market":"fUSD","price":"1"})"}),
       "SetPrice is not a governance action"},
      {"an extra field", json::array({extra.dump()}), "field \"memo\" is not part of SetCollateralFactor"},
      {"the sender", json::array({with_sender.dump()}), "field \"sender\" is not part of SetCollateralFactor"},
      {"a missing field", json::array({set_cf.dump(), missing.dump()}), "actions[1] field \"value\" is missing"},
      {"a bad number", json::array({wrong_type.dump()}), "field \"value\": not a decimal integer"},
      {"a bad parameter", json::array({R"({"type":"SetGovernanceParameter","parameter":"quorum","value":"1"})"}),
       "parameter must be"},
      {"oversize", json::array({std::string(max_action_bytes + 1, ' ')}), "longer than 4096 bytes"},
  };
  for (const Row& row : rows) {
    const auto error = propose_error(row.actions);
    ASSERT_TRUE(error) << row.name;
    EXPECT_EQ(error->kind, Rejection::malformed) << row.name;
    EXPECT_NE(error->detail.find(row.detail), std::string::npos) << row.name << ": " << error->detail;
  }
  const auto long_description =
      propose_error(json::array({set_cf.dump()}), std::string(max_description_bytes + 1, 'x'));
  ASSERT_TRUE(long_description);
  EXPECT_EQ(long_description->kind, Rejection::malformed);
}

TEST(GovernanceRecords, ADamagedRecordIsRefusedNamingItsKey) {
  Net n;
  Chain chain(kChain, n.genesis);
  Store store;
  for (auto& [k, v] : chain.all_records()) store.records[k] = v;
  ASSERT_TRUE(chain.submit(propose(n.alice, 0, {set_cf})));
  next(chain, store);
  ASSERT_TRUE(store.records.count(proposal_key(1)));
  ASSERT_TRUE(store.records.count(voter_key(account_name(addr(n.alice)))));
  const auto refused = [&](std::map<std::string, std::string> records, const std::string& key) {
    std::string error;
    EXPECT_FALSE(Chain::resume(kChain, records, chain.head(), {}, error));
    EXPECT_NE(error.find("record " + key), std::string::npos) << error;
  };
  auto truncated = store.records;
  truncated[proposal_key(1)].pop_back();
  refused(truncated, proposal_key(1));
  auto bad_tag = store.records;
  bad_tag[proposal_key(1)][1 + 4 + 42 + 4] = '\x63';  // version, proposer name, action count: the first tag
  refused(bad_tag, proposal_key(1));
  auto missing = store.records;
  missing.erase(proposal_key(1));
  refused(missing, proposal_key(1));
  auto voter = store.records;
  voter[voter_key(account_name(addr(n.alice)))] += "x";
  refused(voter, voter_key(account_name(addr(n.alice))));
  auto orphan = store.records;
  orphan.erase(governance_key());
  std::string error;
  EXPECT_FALSE(Chain::resume(kChain, orphan, chain.head(), {}, error));
}

// The "governance" record as a node wrote it before durations were seconds (record
// version 1): the same fields without the block interval, durations in 12-second
// blocks. Made from today's record (version 2), whose layout is: version, token (u16),
// timelock (u32 length + name), threshold (length byte + bytes), voting delay, voting
// period (u64), quorum (length byte + bytes), timelock delay, block interval (u64),
// then the proposals' part.
std::string as_version_one(const std::string& v2) {
  std::size_t at = 1 + 2;
  const auto u32_at = [&v2](std::size_t i) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(v2[i + k]);
    return v;
  };
  const auto u64_at = [&v2](std::size_t i) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 8; ++k) v = (v << 8) | static_cast<unsigned char>(v2[i + k]);
    return v;
  };
  const auto u64_bytes = [](std::uint64_t v) {
    std::string out(8, '\0');
    for (int k = 7; k >= 0; --k, v >>= 8) out[static_cast<std::size_t>(k)] = static_cast<char>(v & 0xFF);
    return out;
  };
  at += 4 + u32_at(at);                          // timelock
  at += 1 + static_cast<unsigned char>(v2[at]);  // threshold
  std::string v1 = std::string(1, '\x01') + v2.substr(1, at - 1);
  v1 += u64_bytes(u64_at(at) / 12) + u64_bytes(u64_at(at + 8) / 12);  // seconds -> 12 s blocks
  at += 16;
  const std::size_t quorum = 1 + static_cast<unsigned char>(v2[at]);
  v1 += v2.substr(at, quorum);
  at += quorum;
  v1 += u64_bytes(u64_at(at) / 12);    // timelock delay
  EXPECT_EQ(u64_at(at + 8), 12'000U);  // the interval, dropped
  v1 += v2.substr(at + 16);
  return v1;
}

TEST(GovernanceChain, AGovernanceRecordInTwelveSecondBlocksIsReadAsSecondsWithTheSameStateHash) {
  Net n;  // counts 12-second blocks (the setup's default): a day of voting and of timelock = 7,200 blocks
  Chain chain(kChain, n.genesis);
  Store store;
  for (auto& [k, v] : chain.all_records()) store.records[k] = v;
  ASSERT_TRUE(chain.submit(propose(n.alice, 0, {set_cf})));
  next(chain, store);
  auto old = store.records;
  old[governance_key()] = as_version_one(store.records.at(governance_key()));
  ASSERT_EQ(old[governance_key()][0], '\x01');
  ASSERT_EQ(old[governance_key()].size() + 8, store.records.at(governance_key()).size());
  std::string error;
  auto resumed = Chain::resume(kChain, old, chain.head(), {}, error);
  ASSERT_TRUE(resumed) << error;
  // 7,200 blocks of 12 s = 86,400 s; the voting delay's 1 block = 12 s.
  const Governance& g = resumed->state().governance;
  EXPECT_EQ(g.block_interval_ms, 12'000U);
  EXPECT_EQ(g.params.voting_period, 86'400U);
  EXPECT_EQ(g.timelock_delay, 86'400U);
  EXPECT_EQ(g.params.voting_delay, 12U);
  EXPECT_EQ(g.voting_delay_blocks(), 1U);
  EXPECT_EQ(resumed->node_state_hash(), chain.node_state_hash());
  // A record of a version this node does not know is refused, naming it.
  auto newer = store.records;
  newer[governance_key()][0] = '\x03';
  EXPECT_FALSE(Chain::resume(kChain, newer, chain.head(), {}, error));
  EXPECT_NE(error.find("record governance"), std::string::npos) << error;
}

}  // namespace
}  // namespace flux::node
