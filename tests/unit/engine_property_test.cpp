// Random sequences of operations on three markets and four accounts: after every
// request all invariants hold (flux::check_invariants), a failed request leaves the
// state exactly as it was, and replaying the same sequence gives the same state hash.
#include "engine/engine.hpp"
#include "engine/interest.hpp"
#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <sstream>

namespace flux {
namespace {

using test::e18;
using test::World;

enum Kind : int {
  k_mint,
  k_redeem,
  k_redeem_underlying,
  k_borrow,
  k_repay,
  k_transfer,
  k_liquidate,
  k_accrue,
  k_price,
  k_enter,
  k_exit,
  k_admin,
  k_kind_count
};

// One random step. Amounts are a per-mille share of what the state makes sensible at
// that moment (a wallet, a balance, a debt, the cash), so that many steps succeed and
// many fail; the request is a pure function of (step, state), so replays agree.
struct Step {
  int kind = 0;
  int a = 0, b = 0;   // accounts (index into the world's four users)
  int m = 0, m2 = 0;  // markets (0..2)
  int permille = 0;   // 0..1000
  int blocks = 0;     // how far the block moves before this step
};

rc::Gen<Step> any_step() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, int{k_kind_count}), rc::gen::inRange(0, 4),
                                     rc::gen::inRange(0, 4), rc::gen::inRange(0, 3), rc::gen::inRange(0, 3),
                                     rc::gen::inRange(0, 1001), rc::gen::inRange(0, 30)),
                      [](const auto& t) {
                        const auto& [kind, a, b, m, m2, permille, blocks] = t;
                        return Step{kind, a, b, m, m2, permille, blocks};
                      });
}

// fUSD, fETH (open) and fFUND (permissioned, group 1). alice, bob and dave are KYC'd in
// group 1, carol is not (her fFUND steps fail with kyc_required). Everyone starts with
// 1000 of each underlying.
struct Sim : World {
  std::array<AccountId, 4> users{};
  std::array<MarketId, 3> markets{};
  std::uint64_t block = start;

  Sim() {
    users = {alice, bob, carol, dave};
    markets = {f_usd, f_eth, f_fund};
    must(SetPrice{oracle, f_usd, e18(1)});
    must(SetPrice{oracle, f_eth, e18(2)});
    must(SetPrice{oracle, f_fund, e18(1)});
    for (AccountId a : {alice, bob, dave}) must(SetKyc{compliance, a, 1, true});
    for (AccountId a : users)
      for (AssetId asset : {usd, eth, fund}) must(Faucet{admin, a, asset, e18(1000)});
  }

  static U256 share(const U256& v, int permille) { return v * static_cast<unsigned>(permille) / 1000; }

  Request request(const Step& st) const {
    const AccountId a = users[static_cast<std::size_t>(st.a)];
    const AccountId b = users[static_cast<std::size_t>(st.b)];
    const MarketId m = markets[static_cast<std::size_t>(st.m)];
    const MarketId m2 = markets[static_cast<std::size_t>(st.m2)];
    const Market& market = s.markets[m];
    const U256 held = pos(a, m).tokens;
    const U256 debt_b = borrow_balance_stored(market.book, s.accounts[b].position(m));
    switch (st.kind) {
      case k_mint: return Mint{a, m, share(wallet(a, market.config.asset), st.permille)};
      case k_redeem: return Redeem{a, m, share(held, st.permille)};
      case k_redeem_underlying: return RedeemUnderlying{a, m, share(market.book.cash, st.permille / 4)};
      case k_borrow: return Borrow{a, m, share(market.book.cash, st.permille / 3)};
      case k_repay: return Repay{a, b, m, st.permille == 1000 ? u256_max() : share(debt_b, st.permille + 5)};
      case k_transfer: return Transfer{a, b, m, share(held, st.permille)};
      case k_liquidate: return Liquidate{a, b, m, share(debt_b, st.permille / 2), m2};
      case k_accrue: return Accrue{a, m};
      case k_price:
        // 0 now and then (price_error paths), otherwise 0.05 .. 5 times the start price.
        return SetPrice{
            oracle, m,
            st.permille < 20 ? U256(0) : e18(1) * static_cast<unsigned>(st.permille) / 200 * (m == f_eth ? 2u : 1u)};
      case k_enter: return EnterMarkets{a, {m, m2}};
      case k_exit: return ExitMarket{a, m};
      default:
        // Governance now and then: reserves, factors, pauses (permille picks which).
        switch (st.permille % 6) {
          case 0: return AddReserves{admin, m, e18(1) * static_cast<unsigned>(st.permille)};
          case 1: return ReduceReserves{admin, m, share(market.book.total_reserves, st.permille)};
          case 2: return SetCollateralFactor{admin, m, e18(1) * static_cast<unsigned>(st.permille) / 1100};
          case 3: return SetReserveFactor{admin, m, e18(1) * static_cast<unsigned>(st.permille) / 1000};
          case 4: return SetPaused{guardian, m, st.permille % 4 < 2 ? PauseAction::borrow : PauseAction::mint, true};
          default: return SetPaused{admin, m, st.permille % 4 < 2 ? PauseAction::borrow : PauseAction::mint, false};
        }
    }
  }
};

std::string describe(const std::vector<Violation>& violations) {
  std::ostringstream out;
  for (const Violation& v : violations) out << v.invariant << ": " << v.detail << "; ";
  return out.str();
}

// Runs the steps, checking invariants and atomicity after each; returns the final hash
// and counts the successes (so the test can tell the sequences are not all failures).
std::string run(const std::vector<Step>& steps, std::size_t& successes) {
  Sim sim;
  for (const Step& st : steps) {
    sim.block += static_cast<std::uint64_t>(st.blocks);
    const Request request = sim.request(st);
    const State before = sim.s;
    const Outcome outcome = apply(sim.s, sim.block, request);
    const auto violations = check_invariants(before, sim.s, request, outcome);
    if (!violations.empty())
      RC_FAIL(std::string(request_name(request)) + " -> " + std::string(error_name(outcome.error)) + ": " +
              describe(violations));
    if (outcome.ok()) {
      ++successes;
    } else {
      RC_ASSERT(sim.s == before);
      RC_ASSERT(outcome.events.empty());
    }
  }
  return to_hex(state_hash(sim.s));
}

RC_GTEST_PROP(EngineProperty, InvariantsHoldAtomicityAndDeterminism, ()) {
  const auto steps = *rc::gen::resize(60, rc::gen::container<std::vector<Step>>(any_step()));
  std::size_t first = 0, second = 0;
  const std::string hash = run(steps, first);
  RC_ASSERT(run(steps, second) == hash);
  RC_ASSERT(first == second);
  RC_TAG(first * 4 / (steps.size() + 1));  // share of successes, in quarters
}

// A fixed sequence that reaches every kind of step with success, so the property above
// is known to exercise the interesting paths and not just failures.
TEST(EngineProperty, FixedSequenceSucceedsWhereExpected) {
  std::vector<Step> steps = {
      {k_mint, 0, 0, 0, 0, 100, 0},       // alice mints 100 USD
      {k_enter, 0, 0, 0, 0, 0, 0},        // alice enters fUSD
      {k_mint, 1, 0, 1, 0, 100, 1},       // bob mints 100 ETH
      {k_borrow, 0, 0, 1, 0, 300, 1},     // alice borrows 10 ETH (100 * 300/3 / 1000)
      {k_accrue, 2, 0, 1, 0, 0, 10},      // interest
      {k_transfer, 1, 3, 1, 0, 100, 1},   // bob -> dave fETH
      {k_repay, 1, 0, 1, 0, 200, 1},      // bob repays 20.5% of alice's debt
      {k_price, 0, 0, 1, 0, 1000, 0},     // ETH to 10 USD: alice in shortfall
      {k_liquidate, 3, 0, 1, 0, 0, 0},    // dave liquidates 0: invalid_amount
      {k_liquidate, 1, 0, 1, 0, 200, 0},  // bob liquidates 10% of the debt
      {k_redeem, 3, 0, 1, 0, 1000, 1},    // dave redeems all his fETH
      {k_repay, 0, 0, 1, 0, 1000, 1},     // alice repays max
      {k_exit, 0, 0, 1, 0, 0, 1},         // and leaves fETH
  };
  Sim sim;
  std::vector<Error> errors;
  for (const Step& st : steps) {
    sim.block += static_cast<std::uint64_t>(st.blocks);
    const Request request = sim.request(st);
    const State before = sim.s;
    const Outcome o = apply(sim.s, sim.block, request);
    EXPECT_TRUE(check_invariants(before, sim.s, request, o).empty()) << request_name(request);
    errors.push_back(o.error);
  }
  std::vector<Error> expected(steps.size(), Error::ok);
  expected[8] = Error::invalid_amount;
  EXPECT_EQ(errors, expected);
  EXPECT_EQ(sim.pos(sim.alice, sim.f_eth).principal, U256(0));
  EXPECT_GT(sim.pos(sim.bob, sim.f_usd).tokens, U256(0));  // seized collateral
}

}  // namespace
}  // namespace flux
