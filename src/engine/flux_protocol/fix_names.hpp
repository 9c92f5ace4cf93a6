// The deliberate fixes by name, as a genesis file, the CLI and RPC answers spell
// them (docs/flux-protocol.md, "Deliberate fixes"). A node stores the fixes in force
// as bits in this order (node/protocol_codec.cpp): append, never reorder.
#pragma once

#include "engine/flux_protocol/deployment.hpp"

#include <array>
#include <string_view>

namespace flux::flux_protocol {

struct FixName {
  std::string_view name;
  bool Fixes::*field;
};

inline constexpr std::array<FixName, 7> fix_names{{
    {"escalator_by_time", &Fixes::escalator_by_time},
    {"accrue_beyond_reserves", &Fixes::accrue_beyond_reserves},
    {"redeem_rounds_up", &Fixes::redeem_rounds_up},
    {"illiquid_collateral_moves", &Fixes::illiquid_collateral_moves},
    {"fresh_eligibility", &Fixes::fresh_eligibility},
    {"reserves_after_accrual", &Fixes::reserves_after_accrual},
    {"membership_updates", &Fixes::membership_updates},
}};

}  // namespace flux::flux_protocol
