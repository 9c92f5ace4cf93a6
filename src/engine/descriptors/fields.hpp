// Transaction fields that many descriptors share, with their units (docs/rpc.md,
// "Units"). Only for engine/descriptors/*.cpp.
#pragma once

#include "engine/operation_registry.hpp"

namespace flux::fields {

inline constexpr TransactionField market{"market", "string", "market symbol"};
inline constexpr TransactionField markets{"markets", "string[]", "market symbols"};
inline constexpr TransactionField asset{"asset", "string", "asset symbol"};
inline constexpr TransactionField amount{"amount", "uint256", "underlying units"};
inline constexpr TransactionField tokens{"tokens", "uint256", "fToken units, 8 decimals"};
inline constexpr TransactionField mantissa{"value", "uint256", "1e18 mantissa"};
inline constexpr TransactionField cap{"value", "uint256", "underlying units (0: no cap)"};
inline constexpr TransactionField account{"account", "address", "account"};
inline constexpr TransactionField to{"to", "address", "account"};
inline constexpr TransactionField borrower{"borrower", "address", "account"};
inline constexpr TransactionField proposal{"proposal", "uint64", "proposal id"};
inline constexpr TransactionField group{"group", "uint32", "KYC group"};
inline constexpr TransactionField granted{"granted", "bool", "true grants, false revokes"};
inline constexpr TransactionField price{"price", "uint256", "USD per whole token * 10^(36 - decimals)"};

// A rate model's fields, as SetRateModel and ListMarket carry them.
inline constexpr TransactionField rate_kind{"kind", "string", "linear or jump"};
inline constexpr TransactionField base_per_year{"basePerYear", "uint256", "1e18 mantissa per year"};
inline constexpr TransactionField multiplier_per_year{"multiplierPerYear", "uint256", "1e18 mantissa per year"};
inline constexpr TransactionField jump_multiplier_per_year{"jumpMultiplierPerYear", "uint256",
                                                           "1e18 mantissa per year"};
inline constexpr TransactionField kink{"kink", "uint256", "1e18 mantissa (utilization)"};

}  // namespace flux::fields
