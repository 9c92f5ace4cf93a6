// Amounts as people write them ("1000", "0.5", "12.345678") and as the engine holds
// them (raw unsigned 256-bit integers: token units, 1e18 mantissas, prices in USD per
// whole token * 10^(36 - decimals)).
//
// Parsing is exact, with no floating point: "1.5" with 6 decimals is 1500000. Refused,
// each with its own message: an empty string, a sign ("-1", "+1"), exponent notation
// ("1e18"), anything that is not digits with at most one '.', a bare or trailing point
// (".5", "5."), more fractional digits than the unit has (never silently truncated),
// and a result of 2^256 or more.
#pragma once

#include "engine/numbers/uint256.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace flux::cli {

// fTokens have 8 decimals in every market (Compound's cTokens).
inline constexpr unsigned ftoken_decimals = 8;
// Mantissas (collateral and reserve factors, rates, exchange rates) are scaled by 1e18.
inline constexpr unsigned mantissa_decimals = 18;

// text * 10^decimals, exactly; nullopt with `error` set (a sentence fragment that
// starts with the quoted input, e.g. "\"-1\" is negative") when it is refused.
std::optional<U256> parse_units(std::string_view text, unsigned decimals, std::string& error);

// A raw integer: decimal digits only, below 2^256.
std::optional<U256> parse_raw(std::string_view text, std::string& error);

// The price unit of a token with `decimals` decimals: USD per whole token is scaled by
// 10^(36 - decimals) (Compound's oracle unit). decimals must be <= 36.
unsigned price_scale(unsigned decimals);

// raw / 10^decimals, exactly, without trailing fractional zeros: "1500000" with 6
// decimals is "1.5", "0" is "0".
std::string format_units(const U256& raw, unsigned decimals);

// For tables: raw / 10^decimals truncated to at most `max_fraction` fractional digits
// (trailing zeros dropped, but at least `min_fraction` kept), with ',' between
// thousands: format_display(123456789012, 6, 2, 2) is "123,456.78".
std::string format_display(const U256& raw, unsigned decimals, unsigned max_fraction, unsigned min_fraction = 0);

// A 1e18 mantissa as a percentage with two decimals: 850000000000000000 is "85.00%".
std::string format_percent(const U256& mantissa);

// Groups the whole part of a plain decimal string with ','.
std::string group_thousands(std::string_view decimal);

}  // namespace flux::cli
