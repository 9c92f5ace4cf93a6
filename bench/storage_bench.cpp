// flux_storage: synced commits per second by block size, and the restart path (open
// plus reading every state record) for 1,000,000 records.
//
// The directories go under FLUX_BENCH_DIR, or the system temp dir: it must be a real
// disk (on tmpfs a sync costs nothing and the commit figures mean nothing). Run the
// restart benchmark right after the others and the table files are in the page cache:
// the figure is then CPU (decompression, CRCs, framing), not the disk.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "storage/database.hpp"

namespace {

using namespace flux::storage;

std::filesystem::path bench_dir(const std::string& name) {
  const char* base = std::getenv("FLUX_BENCH_DIR");
  const std::filesystem::path root =
      base != nullptr ? std::filesystem::path(base) : std::filesystem::temp_directory_path();
  const auto path = root / ("flux-storage-bench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  return path;
}

std::unique_ptr<Database> open_or_die(const std::filesystem::path& dir) {
  auto db = Database::open(dir);
  if (!db) throw std::runtime_error(describe(db.error()));
  return std::move(*db);
}

std::string random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Block commits of range(0) state puts of 100-byte values under 32-byte keys, drawn
// from 100,000 accounts, plus one index entry; each commit is one synced WriteBatch.
void BM_SyncedCommit(benchmark::State& state) {
  const auto puts = static_cast<std::size_t>(state.range(0));
  const auto dir = bench_dir("commit-" + std::to_string(puts));
  std::mt19937_64 rng(42);
  // A few prepared commits reused round-robin: the benchmark times the store, not
  // the generation of random bytes.
  std::vector<BlockCommit> prepared(8);
  for (auto& c : prepared) {
    c.block_bytes = random_bytes(rng, 200 + puts * 40);
    c.state_hash = random_bytes(rng, kStateHashBytes);
    for (std::size_t i = 0; i < puts; ++i) {
      std::string key = "account/" + std::to_string(rng() % 100000);
      key.resize(32, '.');
      c.state_puts.emplace_back(std::move(key), random_bytes(rng, 100));
    }
    std::sort(c.state_puts.begin(), c.state_puts.end());
    c.state_puts.erase(std::unique(c.state_puts.begin(), c.state_puts.end(),
                                   [](const auto& a, const auto& b) { return a.first == b.first; }),
                       c.state_puts.end());
  }
  auto db = open_or_die(dir);
  std::uint64_t number = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    BlockCommit& c = prepared[number % prepared.size()];
    c.number = number;
    c.index_puts = {{"tx/" + std::to_string(number), std::to_string(number)}};
    auto r = db->commit(c);
    if (!r) {
      state.SkipWithError(describe(r.error()).c_str());
      break;
    }
    bytes += c.block_bytes.size() + c.state_puts.size() * 132;
    ++number;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(number));  // items/s = commits/s
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["state_puts_per_s"] =
      benchmark::Counter(static_cast<double>(number * puts), benchmark::Counter::kIsRate);
  db.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SyncedCommit)->Arg(1)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The restart path: open the directory (checks included) and read all range(0) state
// records, values of 100 bytes under 32-byte keys, every frame checked.
void BM_OpenAndLoadAllState(benchmark::State& state) {
  const auto records = static_cast<std::uint64_t>(state.range(0));
  const auto dir = bench_dir("load-" + std::to_string(records));
  {
    auto db = open_or_die(dir);
    std::mt19937_64 rng(7);
    constexpr std::uint64_t kPerCommit = 10000;
    for (std::uint64_t n = 0; n * kPerCommit < records; ++n) {
      BlockCommit c;
      c.number = n;
      c.block_bytes = "bulk";
      c.state_hash = random_bytes(rng, kStateHashBytes);
      for (std::uint64_t i = n * kPerCommit; i < std::min(records, (n + 1) * kPerCommit); ++i) {
        std::string key = "account/" + std::to_string(i);
        key.resize(32, '.');
        c.state_puts.emplace_back(std::move(key), random_bytes(rng, 100));
      }
      if (auto r = db->commit(c); !r) throw std::runtime_error(describe(r.error()));
    }
    if (auto r = db->flush(); !r) throw std::runtime_error(describe(r.error()));
  }
  std::uint64_t loaded = 0;
  for (auto _ : state) {
    auto db = open_or_die(dir);
    std::uint64_t count = 0;
    std::size_t bytes = 0;
    auto scan = db->for_each_state_record([&](std::string_view k, std::string_view v) {
      ++count;
      bytes += k.size() + v.size();
    });
    if (!scan || count != records) {
      state.SkipWithError("scan failed or incomplete");
      break;
    }
    benchmark::DoNotOptimize(bytes);
    loaded += count;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(loaded));  // items/s = records/s
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_OpenAndLoadAllState)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
