// The blocks the crash writer commits, as a pure function of the block number, so
// that the crash test can recompute what every committed block and the state after
// it must be without talking to the writer.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "storage/commit.hpp"
#include "storage/layout.hpp"

namespace flux::storage::crash_model {

inline constexpr std::uint64_t kAccounts = 500;

inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

inline std::string account(std::uint64_t i) { return "acct/" + std::to_string(i % kAccounts); }

// Block n: a few state puts (0..19 accounts), at times a delete, one index entry.
// Every 16th block carries 100 KB of block bytes: its WAL record spans several 32 KB
// WAL blocks and several pages, so a kill can tear it in the middle.
inline BlockCommit make_commit(std::uint64_t n) {
  BlockCommit c;
  c.number = n;
  c.block_bytes = "crash-model block " + std::to_string(n) + ";";
  if (n % 16 == 15) c.block_bytes.append(100 * 1024, static_cast<char>('A' + n % 26));
  const std::uint64_t puts = mix(n) % 20;
  const std::uint64_t first = mix(n + 1) % kAccounts;
  for (std::uint64_t i = 0; i < puts; ++i) {
    c.state_puts.emplace_back(account(first + i), "balance of block " + std::to_string(n) + " #" + std::to_string(i));
  }
  if (n % 3 == 2 && puts < kAccounts - 1) c.state_deletes.push_back(account(first + kAccounts - 1));
  std::string number;
  put_u64(number, n);
  c.index_puts.emplace_back("tx/" + std::to_string(n), number);
  c.state_hash.resize(kStateHashBytes);
  for (std::size_t i = 0; i < kStateHashBytes; ++i) c.state_hash[i] = static_cast<char>(mix(n * 64 + i) >> 56);
  return c;
}

// The state after applying commits [from, to] on top of `state`.
inline void apply(std::map<std::string, std::string>& state, std::uint64_t from, std::uint64_t to) {
  for (std::uint64_t n = from; n <= to; ++n) {
    const BlockCommit c = make_commit(n);
    for (const auto& put : c.state_puts) state[put.first] = put.second;
    for (const auto& key : c.state_deletes) state.erase(key);
  }
}

}  // namespace flux::storage::crash_model
