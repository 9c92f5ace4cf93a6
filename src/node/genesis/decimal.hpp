// Human decimal numbers ("0.85", "1.05", "1000000", "0.000001") as exact integers.
//
// A genesis file gives every factor, price and amount the way a person reads it; the
// engine wants raw integers: mantissas scaled by 1e18, token amounts by 10^decimals,
// prices by 10^(36 - decimals). `parse_scaled_decimal(text, k)` returns text * 10^k
// exactly, with no floating point anywhere.
//
// Accepted: one or more digits, optionally a '.' and one or more digits ("0.85",
// "1000000", "007.50"). Rejected, each with its own message: the empty string, a
// sign ("-1", "+1"), exponent notation ("1e18"), a bare or trailing point (".5",
// "5."), anything else that is not a digit (spaces, '_', ','), more fractional digits
// than k (even trailing zeros: "1.0000001" for a 6-decimal token is refused, so a
// precision mistake is never silently truncated), and a result of 2^256 or more.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace flux::genesis {

struct DecimalError {
  std::string message;  // what is wrong, without the location (the caller adds it)
};

// Either the scaled value or why the text was refused.
using DecimalResult = std::variant<U256, DecimalError>;

DecimalResult parse_scaled_decimal(std::string_view text, unsigned scale);

// The text in double quotes, for error messages that show what was written.
std::string quoted(std::string_view text);

// 10^k as a U256 (k <= 77).
U256 pow10(unsigned k);

}  // namespace flux::genesis
