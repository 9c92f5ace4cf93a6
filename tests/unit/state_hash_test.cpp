// The state hash: deterministic, sensitive to every field, blind to how accounts were
// created and to entries that hold nothing.
#include "engine/state_hash.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace flux {
namespace {

using test::e18;
using test::Scene;
using test::World;

std::string hex(const State& s) { return to_hex(state_hash(s)); }

// (The hash's value for a fixed state is pinned in tests/node/golden_state_hash_test.cpp.)
TEST(StateHash, IsDeterministic) {
  const Scene a, b;
  EXPECT_EQ(hex(a.s), hex(b.s));  // two independent builds of the same state
  const State copy = a.s;
  EXPECT_EQ(state_hash(copy), state_hash(a.s));
  // Nothing cached reaches the hash: a market's valuation memo (filled by every
  // liquidity check) is derived, not state.
  Scene c;
  c.s.markets[c.f_eth].valuation.filled = true;
  c.s.markets[c.f_eth].valuation.price = 12345;
  c.s.markets[c.f_eth].valuation.exchange_rate_error = Error::math_error;
  EXPECT_EQ(hex(c.s), hex(b.s));
}

TEST(StateHash, HexIs64LowercaseHexDigits) {
  const std::string h = hex(Scene().s);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  StateHash bytes{};
  bytes[0] = 0xAB;
  bytes[31] = 0x0F;
  const std::string fixed = to_hex(bytes);
  EXPECT_EQ(fixed.substr(0, 2), "ab");
  EXPECT_EQ(fixed.substr(62, 2), "0f");
  EXPECT_EQ(fixed.substr(2, 60), std::string(60, '0'));
}

TEST(StateHash, ChangesWhenAnyFieldChanges) {
  const Scene base;
  const std::string h = hex(base.s);
  const std::vector<std::pair<const char*, std::function<void(Scene&)>>> edits = {
      {"blocks_per_year", [](Scene& w) { w.s.blocks_per_year += 1; }},
      {"block", [](Scene& w) { w.s.block += 1; }},
      {"close_factor", [](Scene& w) { w.s.risk.close_factor += 1; }},
      {"transfer_paused", [](Scene& w) { w.s.risk.transfer_paused = true; }},
      {"seize_paused", [](Scene& w) { w.s.risk.seize_paused = true; }},
      {"role holder", [](Scene& w) { w.s.roles.oracle = w.alice; }},
      {"asset issued", [](Scene& w) { w.s.assets[w.eth].issued += 1; }},
      {"asset decimals", [](Scene& w) { w.s.assets[w.eth].decimals = 6; }},
      {"market symbol", [](Scene& w) { w.s.markets[w.f_eth].config.symbol = "fETH2"; }},
      {"collateral factor", [](Scene& w) { w.s.markets[w.f_eth].config.collateral_factor += 1; }},
      {"rate model params", [](Scene& w) { w.s.markets[w.f_eth].config.rate_model.params.kink = 1; }},
      {"access", [](Scene& w) { w.s.markets[w.f_eth].config.access = Access::permissionless; }},
      {"kyc group", [](Scene& w) { w.s.markets[w.f_fund].config.kyc_group = 2; }},
      {"mint paused", [](Scene& w) { w.s.markets[w.f_eth].config.mint_paused = true; }},
      {"price", [](Scene& w) { w.s.markets[w.f_eth].config.price += 1; }},
      {"price cap", [](Scene& w) { w.s.markets[w.f_eth].config.price_cap = 1; }},
      {"cash", [](Scene& w) { w.s.markets[w.f_eth].book.cash += 1; }},
      {"total borrows", [](Scene& w) { w.s.markets[w.f_eth].book.total_borrows += 1; }},
      {"total reserves", [](Scene& w) { w.s.markets[w.f_eth].book.total_reserves += 1; }},
      {"total supply", [](Scene& w) { w.s.markets[w.f_eth].book.total_supply += 1; }},
      {"borrow index", [](Scene& w) { w.s.markets[w.f_eth].book.borrow_index += 1; }},
      {"accrual block", [](Scene& w) { w.s.markets[w.f_eth].book.accrual_block += 1; }},
      {"wallet", [](Scene& w) { w.s.accounts[w.bob].wallet.at_or_insert(w.eth) += 1; }},
      {"tokens", [](Scene& w) { w.s.accounts[w.bob].positions.at_or_insert(w.f_eth).tokens += 1; }},
      {"principal", [](Scene& w) { w.s.accounts[w.alice].positions.at_or_insert(w.f_eth).principal += 1; }},
      {"interest index", [](Scene& w) { w.s.accounts[w.alice].positions.at_or_insert(w.f_eth).interest_index += 1; }},
      {"entered markets", [](Scene& w) { w.s.accounts[w.bob].entered_markets |= 4; }},
      {"kyc groups", [](Scene& w) { w.s.accounts[w.bob].kyc_groups.push_back(9); }},
      {"sanctioned", [](Scene& w) { w.s.accounts[w.alice].sanctioned = true; }},
      {"account name", [](Scene& w) { w.s.account_names[w.bob] = "bobby"; }},
  };
  for (const auto& [field, edit] : edits) {
    Scene w;
    edit(w);
    EXPECT_NE(hex(w.s), h) << field;
  }
}

TEST(StateHash, SwappingHoldingsBetweenAccountsChangesIt) {
  // Same multiset of values, different owners: the encoding ties each to its name.
  World a, b;
  a.must(Faucet{a.admin, a.alice, a.usd, 1});
  a.must(Faucet{a.admin, a.bob, a.usd, 2});
  b.must(Faucet{b.admin, b.alice, b.usd, 2});
  b.must(Faucet{b.admin, b.bob, b.usd, 1});
  EXPECT_NE(hex(a.s), hex(b.s));
}

TEST(StateHash, IndependentOfAccountCreationOrder) {
  // Two states with the same content where the accounts were created in another order
  // (so their ids differ).
  const auto build = [](const std::vector<std::string>& order) {
    World w;
    State s = w.s;
    for (const auto& name : order) s.account_id(name);
    const AccountId zed = *s.find_account("zed");
    const AccountId amy = *s.find_account("amy");
    s.accounts[zed].wallet.at_or_insert(w.usd) = 5;
    s.accounts[zed].kyc_groups = {1};
    s.accounts[amy].positions.at_or_insert(w.f_eth).tokens = 3;
    s.accounts[amy].entered_markets = 2;
    return s;
  };
  const State forward = build({"zed", "amy"});
  const State backward = build({"amy", "zed"});
  EXPECT_FALSE(forward == backward);       // ids differ...
  EXPECT_EQ(hex(forward), hex(backward));  // ...the hash does not
}

TEST(StateHash, IgnoresEmptyAccountsAndZeroEntries) {
  const Scene w;
  const std::string h = hex(w.s);
  State more = w.s;
  more.account_id("nobody");  // an account that holds nothing
  EXPECT_EQ(hex(more), h);
  more.accounts[w.bob].wallet.at_or_insert(w.fund) = 0;   // a zero wallet entry
  more.accounts[w.bob].positions.at_or_insert(w.f_fund);  // an empty position
  more.accounts[*more.find_account("nobody")].wallet.at_or_insert(w.usd) = 0;
  EXPECT_EQ(hex(more), h);
  // A non-zero entry on the new account does count.
  more.accounts[*more.find_account("nobody")].wallet.at_or_insert(w.usd) = 1;
  EXPECT_NE(hex(more), h);
}

TEST(StateHash, DrainedWalletLooksLikeNoWallet) {
  // bob faucets 5 and mints all of it: his wallet entry is 0, the same hash as a state
  // where the entry never existed.
  World a;
  a.prices_and_compliance();
  a.must(Faucet{a.admin, a.bob, a.usd, 5});
  a.must(Mint{a.bob, a.f_usd, 5});
  State b = a.s;
  std::erase_if(b.accounts[a.bob].wallet.entries(), [](const auto& e) { return e.second.is_zero(); });
  EXPECT_FALSE(a.s == b);
  EXPECT_EQ(hex(a.s), hex(b));
}

}  // namespace
}  // namespace flux
