// Flux Protocol's operations in the engine benchmark, each the counterpart of a
// Compound-mode benchmark of engine_bench.cpp measured in the same run (the target:
// within 2x of it):
//   BM_FluxProtocolMint           ~ BM_Mint
//   BM_FluxProtocolBorrowRepay    ~ BM_BorrowRepay
//   BM_FluxProtocolAccrue         ~ BM_Accrue (each accrual also updates the escalator)
//   BM_FluxProtocolLiquidate      ~ BM_Liquidate (the whole position, two markets)
//   BM_FluxProtocolMarginCall     ~ BM_Liquidate (the Guard takes the whole position)
// Time moves one second per operation, as the Compound ones move one block.
//
//   build/release/bench/flux_bench --benchmark_filter='Mint|BorrowRepay|Accrue|Liquidate|MarginCall'
#include "engine/engine.hpp"
#include "engine/journal.hpp"
#include "engine/numbers/mantissa.hpp"

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

namespace flux {
namespace {

const U256 kE18 = pow10(18);

// Two pools: a 6-decimal dollar (collateral ratio 1.25) and an 18-decimal asset at
// $2,000 (ratio 1.5); Flux's rules, tax 10%, fee 6%.
struct FluxDeployment {
  State state;
  AccountId admin = 0, team = 0, guard = 0;
  std::uint64_t block = 1;
  std::uint64_t time = 1'700'000'000;

  FluxDeployment() {
    state.protocol = Protocol::flux_protocol;
    state.blocks_per_year = 2'628'000;
    state.block = block;
    state.time = time;
    admin = state.account_id("@admin");
    team = state.account_id("@team");
    guard = state.account_id("@guard");
    state.roles.admin = state.roles.oracle = state.roles.pause_guardian = state.roles.compliance = admin;
    flux_protocol::Settings& s = state.protocol_settings;
    s.tax_rate = kE18 / 10;
    s.liquidation_fee_rate = 6 * kE18 / 100;
    s.team = team;
    s.guard = guard;
    list("USD", 6, 125 * kE18 / 100, kE18 * pow10(12));
    list("ETH", 18, 15 * kE18 / 10, 2'000 * kE18);
  }
  void list(const char* symbol, std::uint8_t decimals, const U256& ratio, const U256& stored_price) {
    const AssetId asset = state.add_asset(symbol, decimals);
    MarketConfig c;
    c.symbol = std::string("f") + symbol;
    c.asset = asset;
    c.initial_exchange_rate = kE18;
    c.price = stored_price;
    const MarketId id = state.add_market(std::move(c), time);
    state.markets[id].pool.collateral_ratio = ratio;
  }
  U256 whole(MarketId m) const { return m == 0 ? U256(1'000'000) : kE18; }
  Outcome next(const Request& r) {
    ++block;
    ++time;
    return apply(state, block, time, r);
  }
  void must(const Request& r) {
    const Outcome o = apply(state, block, time, r);
    if (!o.ok())
      throw std::runtime_error(std::string("setup failed: ") + request_name(r) + ": " +
                               std::string(error_name(o.error)));
  }
  AccountId funded(const std::string& name, const U256& tokens_each) {
    const AccountId a = state.account_id(name);
    for (MarketId m = 0; m < 2; ++m) must(Faucet{admin, a, static_cast<AssetId>(m), tokens_each * whole(m)});
    return a;
  }
};

void BM_FluxProtocolMint(benchmark::State& st) {
  FluxDeployment d;
  const AccountId a = d.funded("alice", U256(1'000'000'000));
  for (auto _ : st) benchmark::DoNotOptimize(d.next(Mint{a, 0, U256(1'000'000)}));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_FluxProtocolMint);

void BM_FluxProtocolBorrowRepay(benchmark::State& st) {
  FluxDeployment d;
  const AccountId lender = d.funded("lender", U256(1'000'000'000));
  const AccountId b = d.funded("bob", U256(1'000'000));
  d.must(Mint{lender, 0, U256(1'000'000'000) * d.whole(0)});
  d.must(Mint{b, 1, U256(1'000) * d.whole(1)});
  for (auto _ : st) {
    benchmark::DoNotOptimize(d.next(Borrow{b, 0, U256(1'000'000)}));
    benchmark::DoNotOptimize(d.next(Repay{b, b, 0, U256(1'000'000)}));
  }
  st.SetItemsProcessed(st.iterations() * 2);
}
BENCHMARK(BM_FluxProtocolBorrowRepay);

void BM_FluxProtocolAccrue(benchmark::State& st) {
  FluxDeployment d;
  const AccountId lender = d.funded("lender", U256(1'000'000'000));
  const AccountId b = d.funded("bob", U256(1'000'000));
  d.must(Mint{lender, 0, U256(1'000'000) * d.whole(0)});
  d.must(Mint{b, 1, U256(1'000) * d.whole(1)});
  d.must(Borrow{b, 0, U256(500'000) * d.whole(0)});
  for (auto _ : st) benchmark::DoNotOptimize(d.next(Accrue{b, 0}));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_FluxProtocolAccrue);

// bob's $2M of ETH backs $1.2M of USD; ETH halves, so he is at 83%, below the line.
// Each iteration takes his whole position; the state is then put back (outside the
// timing) from the operation's own change set.
template <class Take>
void whole_position(benchmark::State& st, Take take) {
  FluxDeployment d;
  const AccountId lender = d.funded("lender", U256(1'000'000'000));
  const AccountId b = d.funded("bob", U256(1'000));
  const AccountId liq = d.funded("liquidator", U256(1'000'000'000));
  d.must(Mint{lender, 0, U256(100'000'000) * d.whole(0)});
  d.must(Mint{b, 1, U256(1'000) * d.whole(1)});
  d.must(Borrow{b, 0, U256(1'200'000) * d.whole(0)});
  d.must(SetPrice{d.admin, 1, 1'000 * kE18});
  for (auto _ : st) {
    const Outcome o = apply(d.state, d.block + 1, d.time + 1, take(liq, b));
    st.PauseTiming();
    if (!o.ok()) throw std::runtime_error(std::string("take failed: ") + std::string(error_name(o.error)));
    Journal::undo(d.state, o.changes);
    st.ResumeTiming();
  }
  st.SetItemsProcessed(st.iterations());
}

void BM_FluxProtocolLiquidate(benchmark::State& st) {
  whole_position(st, [](AccountId liq, AccountId b) { return Request{LiquidatePosition{liq, b}}; });
}
BENCHMARK(BM_FluxProtocolLiquidate);

void BM_FluxProtocolMarginCall(benchmark::State& st) {
  whole_position(st, [](AccountId liq, AccountId b) { return Request{MarginCall{liq, b}}; });
}
BENCHMARK(BM_FluxProtocolMarginCall);

}  // namespace
}  // namespace flux
