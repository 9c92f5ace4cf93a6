#include "bench/node_bench/workload.hpp"

#include "crypto/keccak.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace flux::bench {
namespace {

crypto::PrivateKey bench_key(const std::string& label) {
  const crypto::Hash32 h = crypto::keccak256(std::string_view("flux-bench-" + label));
  return crypto::PrivateKey::from_bytes(h.view()).value();  // invalid with probability ~2^-128
}

crypto::TypedStruct message(const char* type, const crypto::Address20& sender, std::uint64_t nonce,
                            std::vector<crypto::Field> own) {
  crypto::TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", sender});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}

// The k-th transaction (nonce k) of account i. Per cycle of 10 nonces: 5 TransferAsset,
// 2 Mint, 2 RedeemUnderlying (half of what was just minted), 1 fToken Transfer (1 of the
// 250 fTokens the cycle leaves), so each account only ever spends what it holds and
// every transaction succeeds whatever the interleaving of accounts.
node::Transaction make_transaction(const Accounts& a, std::size_t i, std::uint64_t k) {
  const std::size_t n = a.addresses.size();
  const crypto::Address20& from = a.addresses[i];
  const crypto::Address20& peer = a.addresses[(i + 1 + (k * 7919) % (n - 1)) % n];
  const U256 usdc(1'000'000ULL);
  const U256 dai = U256(1'000'000'000'000'000'000ULL);
  auto transfer_asset = [&](const char* asset, const U256& amount) {
    return message("TransferAsset", from, k,
                   {{"asset", "string", std::string(asset)}, {"to", "address", peer}, {"amount", "uint256", amount}});
  };
  auto market_op = [&](const char* type, const char* market, const U256& amount) {
    return message(type, from, k, {{"market", "string", std::string(market)}, {"amount", "uint256", amount}});
  };
  crypto::TypedStruct m;
  switch (k % 10) {
    case 0: m = market_op("Mint", "fUSDC", usdc * 10); break;
    case 1: m = transfer_asset("USDC", usdc); break;
    case 2: m = transfer_asset("USDC", usdc); break;
    case 3: m = market_op("RedeemUnderlying", "fUSDC", usdc * 5); break;
    case 4: m = transfer_asset("DAI", dai); break;
    case 5: m = market_op("Mint", "fDAI", dai * 10); break;
    case 6: m = transfer_asset("USDC", usdc); break;
    case 7:
      m = message("Transfer", from, k,
                  {{"market", "string", std::string("fUSDC")},
                   {"to", "address", peer},
                   {"tokens", "uint256", U256(100'000'000ULL)}});
      break;
    case 8: m = transfer_asset("DAI", dai); break;
    default: m = market_op("RedeemUnderlying", "fDAI", dai * 5); break;
  }
  return node::sign_transaction(std::move(m), kChainId, a.keys[i]);
}

}  // namespace

Accounts make_accounts(std::size_t n, std::size_t threads) {
  Accounts a;
  a.keys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) a.keys.push_back(bench_key(std::to_string(i)));
  a.addresses.resize(n);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&a, t, threads, n] {
      for (std::size_t i = t; i < n; i += threads) a.addresses[i] = crypto::address_of(a.keys[i]);
    });
  for (auto& th : pool) th.join();
  a.admin = crypto::address_of(bench_key("admin"));
  return a;
}

std::string genesis_toml(const Accounts& a, std::uint64_t interval_ms, std::uint32_t rule_version) {
  std::string t;
  t += "# flux_node_bench genesis: an admin and N funded accounts (keys keccak256(\"flux-bench-\" + i)).\n";
  t += fmt::format("chain_id = {}\nblock_interval_ms = {}\nblocks_per_year = 2628000\nrule_version = {}\n\n", kChainId,
                   interval_ms, rule_version);
  const std::string admin = a.admin.hex();
  t += fmt::format("[roles]\nadmin = \"{0}\"\noracle = \"{0}\"\npause_guardian = \"{0}\"\ncompliance = \"{0}\"\n\n",
                   admin);
  t += "[[assets]]\nsymbol = \"USDC\"\ndecimals = 6\n\n[[assets]]\nsymbol = \"DAI\"\ndecimals = 18\n\n";
  t += "[[markets]]\nsymbol = \"fUSDC\"\nasset = \"USDC\"\ntemplate = \"stablecoin\"\nprice = \"1\"\n\n";
  t += "[[markets]]\nsymbol = \"fDAI\"\nasset = \"DAI\"\ntemplate = \"stablecoin\"\ncollateral_factor = \"0.83\"\n"
       "price = \"1\"\n\n";
  for (const crypto::Address20& addr : a.addresses)
    for (const char* asset : {"USDC", "DAI"})
      t += fmt::format("[[balances]]\naccount = \"{}\"\nasset = \"{}\"\namount = \"1000000\"\n\n", addr.hex(), asset);
  return t;
}

Load make_load(const Accounts& a, const Options& o) {
  const std::size_t n = a.addresses.size();
  const std::size_t rounds = (o.transactions + n - 1) / n;
  // Global index order: round-major; tx (i, k) = k * n + i, for k * n + i < total.
  Load load;
  load.total = o.transactions;
  load.hashes.resize(load.total);
  std::vector<std::string> wire(load.total);
  std::vector<std::thread> pool;
  std::mutex samples_mutex;
  std::atomic<std::size_t> next{0};
  for (std::size_t t = 0; t < o.sign_threads; ++t)
    pool.emplace_back([&] {
      for (;;) {
        const std::size_t start = next.fetch_add(1024);
        if (start >= load.total) return;
        for (std::size_t g = start; g < std::min(load.total, start + 1024); ++g) {
          const std::size_t i = g % n;
          const std::uint64_t k = g / n;
          node::Transaction tx = make_transaction(a, i, k);
          load.hashes[g] = node::transaction_hash(tx, kChainId);
          wire[g] = node::to_json(tx).dump();
          if (g < o.verify_samples) {
            std::lock_guard lock(samples_mutex);
            load.samples.push_back(std::move(tx));
          }
        }
      }
    });
  for (auto& th : pool) th.join();
  for (std::size_t g = 0; g < load.total; ++g) {
    const std::uint64_t k = g / n;
    const int kind = (k % 10 == 0 || k % 10 == 5) ? 1 : (k % 10 == 3 || k % 10 == 9) ? 2 : (k % 10 == 7) ? 3 : 0;
    ++load.type_counts[kind];
  }
  load.batches.resize(o.clients);
  for (std::size_t c = 0; c < o.clients; ++c) {
    std::vector<std::uint32_t> order;
    for (std::size_t k = 0; k < rounds; ++k)
      for (std::size_t i = c; i < n; i += o.clients)
        if (k * n + i < load.total) order.push_back(static_cast<std::uint32_t>(k * n + i));
    for (std::size_t start = 0; start < order.size(); start += o.batch) {
      Batch b;
      b.body = "[";
      for (std::size_t j = start; j < std::min(order.size(), start + o.batch); ++j) {
        if (j != start) b.body += ',';
        b.body += fmt::format(R"({{"jsonrpc":"2.0","id":{},"method":"flux_sendTransaction","params":{}}})", j - start,
                              wire[order[j]]);
        b.txs.push_back(order[j]);
      }
      b.body += "]";
      load.batches[c].push_back(std::move(b));
    }
  }
  return load;
}

}  // namespace flux::bench
