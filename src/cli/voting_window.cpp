#include "cli/voting_window.hpp"

#include <fmt/core.h>

namespace flux::cli {
namespace {

std::uint64_t u64_of(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number_unsigned() ? j[key].get<std::uint64_t>() : 0;
}

}  // namespace

VotingWindow voting_window(const nlohmann::json& proposal) {
  // Bravo: Pending while block <= start_block, Active while block <= end_block.
  return {u64_of(proposal, "start_block") + 1, u64_of(proposal, "end_block")};
}

std::string approx_time(std::uint64_t blocks, std::uint64_t block_interval_ms) {
  const double seconds = static_cast<double>(blocks) * static_cast<double>(block_interval_ms) / 1000.0;
  if (seconds < 120) return fmt::format("~{:.0f} s", seconds);
  if (seconds < 7'200) return fmt::format("~{:.0f} min", seconds / 60);
  if (seconds < 2 * 86'400) return fmt::format("~{:.1f} h", seconds / 3'600);
  return fmt::format("~{:.1f} d", seconds / 86'400);
}

std::string when(std::uint64_t block, std::uint64_t now, std::uint64_t block_interval_ms) {
  if (block == now) return "now";
  return block > now ? "in " + approx_time(block - now, block_interval_ms)
                     : approx_time(now - block, block_interval_ms) + " ago";
}

std::string voting_window_text(const nlohmann::json& proposal, std::uint64_t block_interval_ms) {
  const VotingWindow w = voting_window(proposal);
  const std::uint64_t now = u64_of(proposal, "block");
  return fmt::format("blocks {} to {}, both included (opens {}, closes {}; the latest block is {})", w.first_block,
                     w.last_block, when(w.first_block, now, block_interval_ms),
                     when(w.last_block, now, block_interval_ms), now);
}

}  // namespace flux::cli
