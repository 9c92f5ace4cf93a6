// A small protocol built directly on State, shared by the engine, invariant, risk,
// access and state-hash tests. Every number is chosen so results can be derived by
// hand (the tests explain each derivation next to its assertion).
//
//   blocks per year 1,000,000; every rate model linear: base 1e18/yr -> 1e12 per block,
//   multiplier 2e18/yr -> 2e12 per block (so 50% utilization borrows at 2e12 per block)
//   close factor 0.5, liquidation incentive 1.1
//
//   market  asset  access          group  initial rate  reserve f.  seize share  coll. f.
//   fUSD    USD    open            -      1e18          0.1         0.05         0.5
//   fETH    ETH    open            -      1e18          0.1         0            0.5
//   fFUND   FUND   permissioned    1      1e18          0           0            0.5
//   fPL     USD    permissionless  1      1e18          0           0            0.5
#pragma once

#include "engine/engine.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/state.hpp"
#include "engine/state_hash.hpp"

#include <stdexcept>
#include <string>

namespace flux::test {

inline U256 u(const char* decimal) {
  auto v = parse_u256(decimal);
  if (!v) throw std::invalid_argument(decimal);
  return *v;
}
// n * 10^18, and n * 10^(18 - k) for fractions written as n / 10^k.
inline U256 e18(std::uint64_t n) { return U256(n) * mantissa_one(); }
inline U256 frac(std::uint64_t n, unsigned k) {
  U256 p = 1;
  for (unsigned i = 0; i < k; ++i) p *= 10;
  return U256(n) * mantissa_one() / p;
}

inline RateModelParams linear(const U256& base_yr, const U256& mult_yr) {
  RateModelParams p;
  p.kind = RateModelKind::linear;
  p.base_per_year = base_yr;
  p.multiplier_per_year = mult_yr;
  return p;
}

struct World {
  static constexpr std::uint64_t start = 100;
  State s;
  AccountId admin = 0, guardian = 0, oracle = 0, compliance = 0;
  AccountId alice = 0, bob = 0, carol = 0, dave = 0;
  AssetId usd = 0, eth = 0, fund = 0;
  MarketId f_usd = 0, f_eth = 0, f_fund = 0, f_pl = 0;

  World() {
    s.blocks_per_year = 1'000'000;
    s.block = start;
    s.risk.close_factor = frac(5, 1);
    s.risk.liquidation_incentive = frac(11, 1);
    admin = s.account_id("@admin");
    guardian = s.account_id("@guardian");
    oracle = s.account_id("@oracle");
    compliance = s.account_id("@compliance");
    s.roles.admin = admin;
    s.roles.pause_guardian = guardian;
    s.roles.oracle = oracle;
    s.roles.compliance = compliance;
    alice = s.account_id("alice");
    bob = s.account_id("bob");
    carol = s.account_id("carol");
    dave = s.account_id("dave");
    usd = s.add_asset("USD", 18);
    eth = s.add_asset("ETH", 18);
    fund = s.add_asset("FUND", 18);
    f_usd = s.add_market(config("fUSD", usd, frac(1, 1), frac(5, 2), Access::open), start);
    f_eth = s.add_market(config("fETH", eth, frac(1, 1), 0, Access::open), start);
    f_fund = s.add_market(config("fFUND", fund, 0, 0, Access::permissioned), start);
    f_pl = s.add_market(config("fPL", usd, 0, 0, Access::permissionless), start);
  }

  MarketConfig config(const char* symbol, AssetId asset, const U256& reserve_factor, const U256& seize_share,
                      Access access) const {
    MarketConfig c;
    c.symbol = symbol;
    c.asset = asset;
    c.initial_exchange_rate = mantissa_one();
    c.reserve_factor = reserve_factor;
    c.protocol_seize_share = seize_share;
    c.collateral_factor = frac(5, 1);
    c.rate_model = make_rate_model(linear(e18(1), e18(2)), s.blocks_per_year);
    c.access = access;
    c.kyc_group = access == Access::open ? 0 : 1;
    return c;
  }

  // Applies a request that must succeed (setup), reporting the error otherwise.
  Outcome must(const Request& r, std::uint64_t block = start) {
    Outcome o = apply(s, block, r);
    if (!o.ok())
      throw std::runtime_error(std::string("setup step ") + request_name(r) +
                               " failed: " + std::string(error_name(o.error)));
    return o;
  }

  const Position& pos(AccountId a, MarketId m) const {
    static const Position none{};
    const Position* p = s.accounts[a].position(m);
    return p ? *p : none;
  }
  U256 wallet(AccountId a, AssetId asset) const { return s.accounts[a].wallet_balance(asset); }
  const MarketBook& book(MarketId m) const { return s.markets[m].book; }

  // Prices 1 USD (fUSD, fFUND, fPL) and 2 USD (fETH) per whole token; KYC group 1 for
  // alice and bob, group 2 for dave; carol sanctioned.
  void prices_and_compliance() {
    must(SetPrice{oracle, f_usd, e18(1)});
    must(SetPrice{oracle, f_eth, e18(2)});
    must(SetPrice{oracle, f_fund, e18(1)});
    must(SetPrice{oracle, f_pl, e18(1)});
    must(SetKyc{compliance, alice, 1, true});
    must(SetKyc{compliance, bob, 1, true});
    must(SetKyc{compliance, dave, 2, true});
    must(SetSanctioned{compliance, carol, true});
  }
};

// The World after, all at block 100:
//   alice: faucet 1000 USD, mints 100 USD into fUSD (100e18 fTokens at rate 1), enters fUSD
//   bob:   faucet 30 ETH, mints 20 ETH into fETH (20e18 fTokens), 10 ETH left in his wallet
//   alice borrows 10 ETH from fETH (which enters fETH)
// so fETH holds cash 10e18, borrows 10e18, supply 20e18 (utilization 0.5: at any later
// block an accrual changes it), and alice has collateral 100e18 * 0.5 * 1 = 50e18 USD
// against a debt of 10e18 * 2 = 20e18 USD: liquidity 30e18.
struct Scene : World {
  explicit Scene(bool with_borrow = true) {
    prices_and_compliance();
    must(Faucet{admin, alice, usd, e18(1000)});
    must(Faucet{admin, bob, eth, e18(30)});
    must(Mint{alice, f_usd, e18(100)});
    must(EnterMarkets{alice, {f_usd}});
    must(Mint{bob, f_eth, e18(20)});
    if (with_borrow) must(Borrow{alice, f_eth, e18(10)});
  }
};

}  // namespace flux::test
