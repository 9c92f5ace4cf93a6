// Protocol rule versions: which rules the state runs under, and an upgrade to new
// rules scheduled for a block.
//
// Rule version 1 is the rules this engine has always had. Rule version 2 changes one
// thing: a block's state hash is the state root (state_root.hpp), updated from what
// each transaction changed, instead of the flat hash of the whole state; every
// operation runs as under version 1. An upgrade is scheduled by
// the admin (ScheduleUpgrade: once governance is installed, only an executed
// proposal), which gives notice through the timelock delay; it names a version above
// the current one and a block after the current one. At that block the new version
// takes effect:
//   - a build that implements it (version <= rule_version_supported) switches: the
//     first request that succeeds at or after the activation block writes the new
//     version into the state (rule_version_activated event), like interest, lazily;
//     effective_rule_version() gives the rules in force at any block meanwhile;
//   - a build that does not fails every request at or after that block with
//     rule_version_unsupported, and changes nothing. A node checks
//     upgrade_blocks() before it produces or replays a block, and stops there
//     rather than run rules it does not know (README, "Upgrades").
// One schedule at a time: a new one replaces it; scheduling the current version
// (activation block 0) cancels it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flux {

// The highest rule version this build implements.
inline constexpr std::uint32_t rule_version_supported = 2;
// The rules of a state that never upgraded (and of every state written before rule
// versions existed).
inline constexpr std::uint32_t rule_version_initial = 1;

struct ScheduledUpgrade {
  std::uint32_t version = 0;
  std::uint64_t activation_block = 0;  // the first block run under `version`
  bool operator==(const ScheduledUpgrade&) const = default;
};

struct State;

// The scheduled upgrade if it is due at `block` (block >= its activation block).
const ScheduledUpgrade* upgrade_due(const State& state, std::uint64_t block);
// The rules in force at `block`, whether or not a request has written them yet.
std::uint32_t effective_rule_version(const State& state, std::uint64_t block);
// The upgrade that keeps a build implementing rules up to `supported` from running
// `block`, if any: due, and of a version above `supported`.
const ScheduledUpgrade* upgrade_blocking(const State& state, std::uint64_t block,
                                         std::uint32_t supported = rule_version_supported);
// "protocol rule version N activates at block B; <implementation> implements up to
// version M": what a node says when upgrade_blocking() stops it.
std::string unsupported_upgrade_message(const ScheduledUpgrade& upgrade,
                                        std::string_view implementation = "this build");

}  // namespace flux
