// A proposal's voting window as the engine counts it, for `flux gov show` and
// `flux gov list`: GovernorBravo's state() is still Pending AT the start block, so a
// vote is accepted at blocks start_block < b <= end_block (engine/governor.hpp). The
// first block a vote can land in is start_block + 1; printing start_block itself
// invited a vote that failed with voting_closed.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace flux::cli {

struct VotingWindow {
  std::uint64_t first_block = 0;  // the first block a vote is accepted in
  std::uint64_t last_block = 0;   // the last one
};

// From a proposal as flux_getProposal(s) returns it ("start_block", "end_block").
VotingWindow voting_window(const nlohmann::json& proposal);

// "~3 min", "~1.0 d": a span of blocks as the time it takes at block_interval_ms (an
// estimate: blocks carry no timestamps yet).
std::string approx_time(std::uint64_t blocks, std::uint64_t block_interval_ms);

// When `block` comes, seen from block `now`: "in ~2 h", "~5 min ago", "now".
std::string when(std::uint64_t block, std::uint64_t now, std::uint64_t block_interval_ms);

// show's line: "blocks F to L, both included (opens in ~1 s, closes in ~1.0 d; the
// latest block is N)", N being the proposal's "block" (the head when it was read).
std::string voting_window_text(const nlohmann::json& proposal, std::uint64_t block_interval_ms);

}  // namespace flux::cli
