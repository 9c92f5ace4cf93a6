// What a simulator run did and found: the counters of its summary line, and the
// first failure with the seed and the step that reproduce it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace flux::fuzz {

struct FuzzFailure {
  std::uint64_t op = 0;     // the operation index (from 0) at which it was found
  std::uint64_t block = 0;  // the chain's head then
  std::string what;         // which check failed, and how
};

struct FuzzReport {
  std::uint64_t seed = 0;
  std::uint64_t ops_requested = 0;
  std::uint64_t ops_run = 0;
  std::uint64_t blocks = 0;         // blocks produced from the mempool (committed or not)
  std::uint64_t mined_blocks = 0;   // empty blocks mined to move time on
  std::uint64_t head = 0;           // the last committed block at the end
  std::uint64_t restarts = 0;       // clean restarts
  std::uint64_t crashes = 0;        // power cuts (including those after a failed commit)
  std::uint64_t torn_writes = 0;    // commits torn within their WAL record
  std::uint64_t failed_writes = 0;  // commits that failed before writing a byte
  std::uint64_t unsynced_bytes_dropped = 0;
  std::uint64_t lost_blocks = 0;   // blocks whose commit failed and that storage did not keep
  std::uint64_t transactions = 0;  // generated and sent
  std::uint64_t admitted = 0;
  std::map<std::string, std::uint64_t> rejected;  // by rejection kind (malformed, nonce_used, ...)
  std::uint64_t executed_ok = 0;
  std::map<std::string, std::uint64_t> failed;             // executed in a block, by engine error
  std::map<std::string, std::uint64_t> by_type;            // generated, by transaction type
  std::map<std::string, std::uint64_t> succeeded_by_type;  // executed without error, by type
  std::uint64_t invariant_checks = 0;
  std::uint64_t replayed_blocks = 0;
  std::string final_state_hash;  // 0x..., the last committed block's
  std::string dir;               // where storage was (kept when the run failed)
  double elapsed_seconds = 0;
  std::optional<FuzzFailure> failure;

  std::uint64_t violations() const { return failure ? 1 : 0; }
  std::uint64_t faults() const { return crashes + torn_writes + failed_writes; }
};

// One line: seed, ops, blocks, restarts, faults, transactions, violations, time, rate,
// final state hash.
std::string summary_line(const FuzzReport& r);
// Admission rejections and engine errors by kind, one line each.
std::string breakdown(const FuzzReport& r);
// "FAILED seed S at op I (block B): ...", and the command that reproduces it.
std::string failure_text(const FuzzReport& r);

}  // namespace flux::fuzz
