// The closed set of reasons an operation can fail.
//
// Names are the ones of the scenario format (SCENARIO_FORMAT.md) plus a few the
// engine needs beyond it; each has a stable snake_case name and a message. An
// operation reports exactly one: the first check that fails in the order REFERENCE.md
// §1 gives, so the order of checks inside each operation, not the order here, decides
// which error a user sees.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace flux {

enum class Error : std::uint8_t {
  ok = 0,
  // Named by the scenario format.
  insufficient_liquidity,
  insufficient_cash,
  insufficient_balance,
  market_not_listed,
  price_error,
  too_much_repay,
  liquidate_self,
  insufficient_shortfall,
  seize_too_much,
  borrow_cap_reached,
  supply_cap_reached,
  paused,
  kyc_required,
  sanctioned,
  nonzero_borrow_balance,
  invalid_amount,
  repay_exceeds_debt,
  self_transfer,
  insufficient_reserves,
  invalid_parameter,
  rate_too_high,
  math_error,
  // Flux's own.
  unauthorized,     // the sender does not hold the role the operation needs
  block_in_past,    // blocks only move forward
  unknown_asset,    // no such underlying token
  unknown_account,  // an account id the state has never seen
  limit_reached,    // a fixed capacity of the engine (markets, assets, accounts)
};

inline constexpr int error_count = static_cast<int>(Error::limit_reached) + 1;

std::string_view error_name(Error e);
std::string_view error_message(Error e);
std::optional<Error> error_from_name(std::string_view name);

}  // namespace flux
