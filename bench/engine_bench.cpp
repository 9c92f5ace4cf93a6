// Engine benchmarks (Google Benchmark). Targets, on one core:
//   mixed workload over 10 markets and 100,000 accounts   >= 1,000,000 operations/s
//   account liquidity over 5 entered markets               <  300 ns
//   memory per account-market position at 1,000,000        <= 256 bytes
//
//   build/release/bench/flux_bench --benchmark_min_time=0.5
#include "engine/engine.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/risk.hpp"
#include "engine/state_hash.hpp"
#include "engine/state_root.hpp"

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <array>
#include <random>
#include <string>

namespace flux {
namespace {

U256 u(const char* decimal) { return *parse_u256(decimal); }

// prefix + number, built by appending: GCC 12 warns falsely (-Wrestrict) on
// `"literal" + std::to_string(i)`.
std::string numbered(const char* prefix, std::size_t i) {
  std::string s(prefix);
  s.append(std::to_string(i));
  return s;
}

const U256 kUsdPrice6 = u("1000000000000000000000000000000");  // $1 per whole 6-decimal token
const U256 kUsdPrice18 = u("2000000000000000000000");          // $2000 per whole 18-decimal token
// At the initial exchange rates (2e14 for 6 decimals, 2e26 for 18) one whole token
// mints 50 fTokens: 50 * 1e8 units.
const U256 kOneTokenInFTokens{5'000'000'000ULL};

// A protocol with `markets` markets alternating 6- and 18-decimal assets, Flux
// Finance's production parameters (jump model, close factor 0.5, incentive 1.05).
struct Protocol {
  State state;
  AccountId admin = 0, oracle = 0;
  std::uint64_t block = 1;

  explicit Protocol(std::size_t markets) {
    state.blocks_per_year = 2'628'000;
    state.block = block;
    state.risk.close_factor = u("500000000000000000");
    state.risk.liquidation_incentive = u("1050000000000000000");
    admin = state.account_id("@admin");
    oracle = state.account_id("@oracle");
    state.roles.admin = state.roles.pause_guardian = state.roles.compliance = admin;
    state.roles.oracle = oracle;
    RateModelParams jump{RateModelKind::jump, 0, u("38300000000000000"), u("350000000000000000"),
                         u("900000000000000000")};
    for (std::size_t i = 0; i < markets; ++i) {
      const bool six = i % 2 == 0;
      const AssetId asset = state.add_asset(numbered("A", i), six ? 6 : 18);
      MarketConfig c;
      c.symbol = numbered("fA", i);
      c.asset = asset;
      c.initial_exchange_rate = six ? u("200000000000000") : u("200000000000000000000000000");
      c.collateral_factor = u("850000000000000000");
      c.protocol_seize_share = u("17500000000000000");
      c.rate_model = make_rate_model(jump, state.blocks_per_year);
      c.price = six ? kUsdPrice6 : kUsdPrice18;
      state.add_market(std::move(c), block);
    }
  }
  MarketId market(std::size_t i) const { return static_cast<MarketId>(i); }
  // One whole token of market i's asset.
  U256 whole(std::size_t i) const { return i % 2 == 0 ? U256(1'000'000) : mantissa_one(); }

  void must(const Request& r) {
    const Outcome o = apply(state, block, r);
    if (!o.ok())
      throw std::runtime_error(std::string("setup failed: ") + request_name(r) + ": " +
                               std::string(error_name(o.error)));
  }
  AccountId funded(const std::string& name, const U256& tokens_each) {
    const AccountId a = state.account_id(name);
    for (std::size_t i = 0; i < state.markets.size(); ++i)
      must(Faucet{admin, a, static_cast<AssetId>(i), tokens_each * whole(i)});
    return a;
  }
};

// --- Single operations, each in a steady state where it keeps succeeding ----------

void BM_Mint(benchmark::State& st) {
  Protocol p(2);
  const AccountId a = p.funded("alice", U256(1'000'000'000));
  for (auto _ : st) {
    ++p.block;
    benchmark::DoNotOptimize(apply(p.state, p.block, Mint{a, p.market(0), U256(1'000'000)}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Mint);

void BM_Redeem(benchmark::State& st) {
  Protocol p(2);
  const AccountId a = p.funded("alice", U256(1'000'000'000));
  p.must(Mint{a, p.market(0), U256(1'000'000'000) * p.whole(0)});
  for (auto _ : st) {
    ++p.block;
    benchmark::DoNotOptimize(apply(p.state, p.block, Redeem{a, p.market(0), U256(5'000'000)}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Redeem);

void BM_RedeemUnderlying(benchmark::State& st) {
  Protocol p(2);
  const AccountId a = p.funded("alice", U256(1'000'000'000));
  p.must(Mint{a, p.market(0), U256(1'000'000'000) * p.whole(0)});
  for (auto _ : st) {
    ++p.block;
    benchmark::DoNotOptimize(apply(p.state, p.block, RedeemUnderlying{a, p.market(0), U256(1'000'000)}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_RedeemUnderlying);

// Entering and leaving a market that holds collateral (exit runs a liquidity check).
void BM_EnterExitMarket(benchmark::State& st) {
  Protocol p(2);
  const AccountId a = p.funded("alice", U256(1'000'000));
  p.must(Mint{a, p.market(0), U256(1'000) * p.whole(0)});
  for (auto _ : st) {
    benchmark::DoNotOptimize(apply(p.state, p.block, EnterMarkets{a, {p.market(0)}}));
    benchmark::DoNotOptimize(apply(p.state, p.block, ExitMarket{a, p.market(0)}));
  }
  st.SetItemsProcessed(st.iterations() * 2);
}
BENCHMARK(BM_EnterExitMarket);

void BM_SetPrice(benchmark::State& st) {
  Protocol p(2);
  U256 price = kUsdPrice6;
  for (auto _ : st) {
    price += 1;
    benchmark::DoNotOptimize(apply(p.state, p.block, SetPrice{p.oracle, p.market(0), price}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_SetPrice);

// A request that fails (a redeem beyond the balance): the cost of a rejected request,
// which unwinds from the failing check and leaves the state untouched.
void BM_FailedRedeem(benchmark::State& st) {
  Protocol p(2);
  const AccountId a = p.funded("alice", U256(1'000));
  p.must(Mint{a, p.market(0), U256(1'000) * p.whole(0)});
  for (auto _ : st) benchmark::DoNotOptimize(apply(p.state, p.block, Redeem{a, p.market(0), u256_max() / 2}));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_FailedRedeem);

// Borrow and repay alternate so the position stays open; both accrue first.
void BM_BorrowRepay(benchmark::State& st) {
  Protocol p(2);
  const AccountId lender = p.funded("lender", U256(1'000'000'000));
  const AccountId b = p.funded("bob", U256(1'000'000));
  p.must(Mint{lender, p.market(0), U256(1'000'000'000) * p.whole(0)});
  p.must(Mint{b, p.market(1), U256(1'000) * p.whole(1)});
  p.must(EnterMarkets{b, {p.market(1)}});
  for (auto _ : st) {
    ++p.block;
    benchmark::DoNotOptimize(apply(p.state, p.block, Borrow{b, p.market(0), U256(1'000'000)}));
    benchmark::DoNotOptimize(apply(p.state, p.block, Repay{b, b, p.market(0), U256(1'000'000)}));
  }
  st.SetItemsProcessed(st.iterations() * 2);
}
BENCHMARK(BM_BorrowRepay);

void BM_Transfer(benchmark::State& st) {
  Protocol p(2);
  const AccountId a = p.funded("alice", U256(1'000'000));
  const AccountId c = p.state.account_id("carol");
  p.must(Mint{a, p.market(0), U256(1'000'000) * p.whole(0)});
  p.must(EnterMarkets{a, {p.market(0)}});
  for (auto _ : st) {
    benchmark::DoNotOptimize(apply(p.state, p.block, Transfer{a, c, p.market(0), U256(100)}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Transfer);

// A borrower pushed into shortfall by a price drop, liquidated a little at a time.
void BM_Liquidate(benchmark::State& st) {
  Protocol p(2);
  const AccountId lender = p.funded("lender", U256(1'000'000'000));
  const AccountId b = p.funded("bob", U256(1'000'000));
  const AccountId liq = p.funded("liquidator", U256(1'000'000'000));
  p.must(Mint{lender, p.market(0), U256(1'000'000'000) * p.whole(0)});
  p.must(Mint{b, p.market(1), U256(100'000) * p.whole(1)});  // $200M of collateral
  p.must(EnterMarkets{b, {p.market(1)}});
  p.must(Borrow{b, p.market(0), U256(160'000'000) * p.whole(0)});
  p.must(SetPrice{p.oracle, p.market(1), kUsdPrice18 / 2});  // collateral halves: shortfall
  for (auto _ : st) {
    ++p.block;
    benchmark::DoNotOptimize(apply(p.state, p.block, Liquidate{liq, b, p.market(0), U256(1'000'000), p.market(1)}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Liquidate);

void BM_Accrue(benchmark::State& st) {
  Protocol p(2);
  const AccountId lender = p.funded("lender", U256(1'000'000'000));
  const AccountId b = p.funded("bob", U256(1'000'000));
  p.must(Mint{lender, p.market(0), U256(1'000'000) * p.whole(0)});
  p.must(Mint{b, p.market(1), U256(1'000) * p.whole(1)});
  p.must(EnterMarkets{b, {p.market(1)}});
  p.must(Borrow{b, p.market(0), U256(500'000) * p.whole(0)});
  for (auto _ : st) {
    ++p.block;
    benchmark::DoNotOptimize(apply(p.state, p.block, Accrue{b, p.market(0)}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Accrue);

// --- Account liquidity over 1, 5 and 20 entered markets ------------------------
// Each entered market holds collateral; every other one also a borrow.

void BM_AccountLiquidity(benchmark::State& st) {
  const auto entered = static_cast<std::size_t>(st.range(0));
  Protocol p(entered);
  const AccountId lender = p.funded("lender", U256(1'000'000'000));
  const AccountId a = p.funded("alice", U256(1'000'000));
  std::vector<MarketId> all;
  for (std::size_t i = 0; i < entered; ++i) {
    p.must(Mint{lender, p.market(i), U256(1'000'000) * p.whole(i)});
    p.must(Mint{a, p.market(i), U256(1'000) * p.whole(i)});
    all.push_back(p.market(i));
  }
  p.must(EnterMarkets{a, all});
  for (std::size_t i = 1; i < entered; i += 2) p.must(Borrow{a, p.market(i), p.whole(i)});
  const std::uint64_t mask = p.state.accounts[a].entered_markets;
  for (auto _ : st) benchmark::DoNotOptimize(account_liquidity(BookView(p.state), a, mask));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_AccountLiquidity)->Arg(1)->Arg(5)->Arg(20);

// --- Mixed workload: 10 markets, 100,000 accounts ------------------------------
// Every account supplies in two markets it has entered and borrows in a third.
// The measured loop draws operations at random, each moving about one whole token:
// 25% mint, 15% redeem, 20% borrow, 20% repay, 15% transfer, 5% accrue; the block
// advances every 100 operations.

void BM_MixedWorkload(benchmark::State& st) {
  constexpr std::size_t markets = 10, accounts = 100'000;
  Protocol p(markets);
  const AccountId lender = p.funded("lender", U256(1'000'000'000'000ULL));
  for (std::size_t m = 0; m < markets; ++m) p.must(Mint{lender, p.market(m), U256(1'000'000'000'000ULL) * p.whole(m)});
  std::vector<AccountId> ids;
  ids.reserve(accounts);
  for (std::size_t i = 0; i < accounts; ++i) {
    const AccountId a = p.state.account_id(numbered("user", i));
    const std::size_t m1 = i % markets, m2 = (i + 3) % markets, m3 = (i + 5) % markets;
    for (std::size_t m : {m1, m2, m3})
      p.must(Faucet{p.admin, a, static_cast<AssetId>(m), U256(1'000'000) * p.whole(m)});
    p.must(Mint{a, p.market(m1), U256(10'000) * p.whole(m1)});
    p.must(Mint{a, p.market(m2), U256(10'000) * p.whole(m2)});
    p.must(EnterMarkets{a, {p.market(m1), p.market(m2)}});
    p.must(Borrow{a, p.market(m3), U256(100) * p.whole(m3)});
    ids.push_back(a);
  }
  std::mt19937_64 rng(42);
  std::uint64_t failed = 0, done = 0;
  std::array<std::uint64_t, error_count> errors{};
  for (auto _ : st) {
    if (++done % 100 == 0) ++p.block;
    const std::size_t i = rng() % accounts;
    const AccountId a = ids[i];
    const std::size_t m1 = i % markets, m3 = (i + 5) % markets;
    const unsigned pick = static_cast<unsigned>(rng() % 100);
    Request r = Accrue{a, p.market(rng() % markets)};
    if (pick < 25) r = Mint{a, p.market(m1), p.whole(m1)};
    else if (pick < 40) r = Redeem{a, p.market(m1), kOneTokenInFTokens};
    else if (pick < 60) r = Borrow{a, p.market(m3), p.whole(m3)};
    else if (pick < 80) r = Repay{a, a, p.market(m3), p.whole(m3)};
    else if (pick < 95) r = Transfer{a, ids[(i + 10) % accounts], p.market(m1), kOneTokenInFTokens};
    const Outcome o = apply(p.state, p.block, r);
    failed += o.ok() ? 0 : 1;
    errors[static_cast<std::size_t>(o.error)]++;
  }
  st.SetItemsProcessed(st.iterations());
  st.counters["failed_ops"] = static_cast<double>(failed);
  for (int e = 1; e < error_count; ++e)
    if (errors[static_cast<std::size_t>(e)] > 0)
      st.counters[std::string(error_name(static_cast<Error>(e)))] =
          static_cast<double>(errors[static_cast<std::size_t>(e)]);
}
BENCHMARK(BM_MixedWorkload)->Iterations(2'000'000);

// --- Memory per account-market position at 1,000,000 positions -----------------
// 100,000 accounts × 10 markets, each holding fTokens and a borrow; measured as the
// heap growth (glibc mallinfo2) while they are created, divided by the positions.

void BM_MemoryPerPosition(benchmark::State& st) {
  for (auto _ : st) {
    constexpr std::size_t markets = 10, accounts = 100'000;
    Protocol p(markets);
    const std::size_t before = mallinfo2().uordblks;
    for (std::size_t i = 0; i < accounts; ++i) {
      const AccountId a = p.state.account_id(numbered("user", i));
      Account& acc = p.state.accounts[a];
      for (std::size_t m = 0; m < markets; ++m) {
        Position& pos = acc.positions.at_or_insert(static_cast<MarketId>(m));
        pos.tokens = U256(5'000'000'000'000ULL);
        pos.principal = U256(1'000'000);
        pos.interest_index = mantissa_one();
      }
    }
    const std::size_t after = mallinfo2().uordblks;
    st.counters["positions"] = static_cast<double>(markets * accounts);
    st.counters["bytes_per_position"] = static_cast<double>(after - before) / static_cast<double>(markets * accounts);
  }
}
BENCHMARK(BM_MemoryPerPosition)->Iterations(1)->Unit(benchmark::kMillisecond);

// --- The state hash of a block: the flat hash against the state root --------------
// A state of N accounts holding two assets each; a block changes 10,000 of them. The
// flat hash (rule version 1) encodes the whole state; the state root (rule version 2)
// re-encodes the 10,000 changed accounts and rehashes the buckets and groups above
// them. Argument: N.

State accounts_state(std::size_t accounts) {
  State s;
  s.blocks_per_year = U256(1000);
  s.rule_version = 2;
  const AssetId usd = s.add_asset("USD", 6), dai = s.add_asset("DAI", 18);
  for (std::size_t i = 0; i < accounts; ++i) {
    Account& a = s.accounts[s.account_id(numbered("user", i))];
    a.wallet.at_or_insert(usd) = U256(1'000'000 + i);
    a.wallet.at_or_insert(dai) = U256(2'000'000 + i);
  }
  return s;
}

constexpr std::size_t kChangedPerBlock = 10'000;

void change_accounts(State& s, std::uint64_t round) {
  for (std::size_t i = 0; i < kChangedPerBlock; ++i) {
    const std::size_t id = (round * kChangedPerBlock + i) % s.accounts.size();
    s.accounts[id].wallet.at_or_insert(0) += U256(1);
  }
}

void BM_BlockStateHashFlat(benchmark::State& st) {
  State s = accounts_state(static_cast<std::size_t>(st.range(0)));
  std::uint64_t round = 0;
  for (auto _ : st) {
    st.PauseTiming();
    change_accounts(s, round++);
    st.ResumeTiming();
    benchmark::DoNotOptimize(state_hash(s));
  }
}
BENCHMARK(BM_BlockStateHashFlat)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_BlockStateRoot(benchmark::State& st) {
  State s = accounts_state(static_cast<std::size_t>(st.range(0)));
  MerkleMap map;
  put_state(map, s);
  map.root();
  std::uint64_t round = 0;
  for (auto _ : st) {
    st.PauseTiming();
    change_accounts(s, round);
    st.ResumeTiming();
    for (std::size_t i = 0; i < kChangedPerBlock; ++i)
      put_entry(map, s, EntryKey{EntryKind::account, (round * kChangedPerBlock + i) % s.accounts.size()});
    benchmark::DoNotOptimize(map.root());
    ++round;
  }
}
BENCHMARK(BM_BlockStateRoot)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flux

BENCHMARK_MAIN();
