#include "engine/upgrade.hpp"

#include "engine/state.hpp"

namespace flux {

const ScheduledUpgrade* upgrade_due(const State& state, std::uint64_t block) {
  const auto& s = state.scheduled_upgrade;
  return s && block >= s->activation_block ? &*s : nullptr;
}

std::uint32_t effective_rule_version(const State& state, std::uint64_t block) {
  const ScheduledUpgrade* due = upgrade_due(state, block);
  return due ? due->version : state.rule_version;
}

const ScheduledUpgrade* upgrade_blocking(const State& state, std::uint64_t block, std::uint32_t supported) {
  const ScheduledUpgrade* due = upgrade_due(state, block);
  return due && due->version > supported ? due : nullptr;
}

std::string unsupported_upgrade_message(const ScheduledUpgrade& upgrade, std::string_view implementation) {
  return "protocol rule version " + std::to_string(upgrade.version) + " activates at block " +
         std::to_string(upgrade.activation_block) + "; " + std::string(implementation) + " implements up to version " +
         std::to_string(rule_version_supported);
}

}  // namespace flux
