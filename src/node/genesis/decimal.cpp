#include "node/genesis/decimal.hpp"

#include <string>

namespace flux::genesis {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

DecimalError error(std::string message) { return DecimalError{std::move(message)}; }

}  // namespace

// Built by appending: GCC 12 warns falsely (-Wrestrict) on `"\"" + std::string(...)`.
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  out.append(text);
  out.push_back('"');
  return out;
}

U256 pow10(unsigned k) {
  U256 v = 1;
  for (unsigned i = 0; i < k; ++i) v *= 10U;
  return v;
}

DecimalResult parse_scaled_decimal(std::string_view text, unsigned scale) {
  if (text.empty()) return error("is empty; expected a decimal number such as \"0.85\" or \"1000\"");
  if (text.front() == '-') return error("is negative (" + quoted(text) + "); only non-negative numbers are allowed");
  if (text.front() == '+') return error("has a sign (" + quoted(text) + "); write the digits only");
  const auto point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  if (is_digit(text.front()) && text.find_first_of("eE") != std::string_view::npos)
    return error("uses exponent notation (" + quoted(text) + "), which is not accepted; write the digits out");
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) && !(text[i] == '.' && i == point))
      return error("is not a decimal number (" + quoted(text) + "); expected digits with at most one '.'");
  }
  if (whole.empty() || (point != std::string_view::npos && fraction.empty()))
    return error("is not a decimal number (" + quoted(text) + "); write a digit on both sides of the '.'");
  if (fraction.size() > scale) {
    if (scale == 0) return error("must be a whole number here (" + quoted(text) + ")");
    return error("has " + std::to_string(fraction.size()) + " decimal places (" + quoted(text) + "); at most " +
                 std::to_string(scale) + " are allowed here");
  }
  std::string digits;
  digits.reserve(whole.size() + scale);
  digits.append(whole).append(fraction).append(scale - fraction.size(), '0');
  const auto first = digits.find_first_not_of('0');
  const std::string_view significant =
      first == std::string::npos ? std::string_view("0") : std::string_view(digits).substr(first);
  const std::optional<U256> value = parse_u256(significant);
  if (!value)
    return error("is too large (" + quoted(text) + "): scaled by 10^" + std::to_string(scale) +
                 " it does not fit in 256 bits");
  return *value;
}

}  // namespace flux::genesis
