#include "cli/amounts.hpp"

#include "node/genesis/decimal.hpp"

#include <stdexcept>

namespace flux::cli {
namespace {

using genesis::quoted;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `digits` (at least one) split at `decimals` places from the right.
std::pair<std::string, std::string> split(const U256& raw, unsigned decimals) {
  std::string digits = to_string(raw);
  if (digits.size() <= decimals) digits.insert(0, decimals - digits.size() + 1, '0');
  return {digits.substr(0, digits.size() - decimals), digits.substr(digits.size() - decimals)};
}

}  // namespace

// The genesis file's rules for human decimals (node/genesis/decimal.hpp), so that an
// amount means the same on the command line as in a genesis file.
std::optional<U256> parse_units(std::string_view text, unsigned decimals, std::string& error) {
  genesis::DecimalResult parsed = genesis::parse_scaled_decimal(text, decimals);
  if (const auto* refused = std::get_if<genesis::DecimalError>(&parsed)) {
    error = "the amount " + refused->message;
    return std::nullopt;
  }
  return std::get<U256>(parsed);
}

std::optional<U256> parse_raw(std::string_view text, std::string& error) {
  if (text.empty()) {
    error = "an empty amount; expected a raw integer";
    return std::nullopt;
  }
  if (text.front() == '-') {
    error = quoted(text) + " is negative; amounts are never negative";
    return std::nullopt;
  }
  for (char c : text) {
    if (!is_digit(c)) {
      error = quoted(text) + " is not a raw integer (digits only: --raw takes the engine's units)";
      return std::nullopt;
    }
  }
  const auto first = text.find_first_not_of('0');
  std::optional<U256> value = parse_u256(first == std::string_view::npos ? std::string_view("0") : text.substr(first));
  if (!value) error = quoted(text) + " exceeds 2^256-1";
  return value;
}

unsigned price_scale(unsigned decimals) {
  if (decimals > 36) throw std::invalid_argument("a token has at most 36 decimals");
  return 36 - decimals;
}

std::string format_units(const U256& raw, unsigned decimals) {
  auto [whole, frac] = split(raw, decimals);
  const auto last = frac.find_last_not_of('0');
  frac = last == std::string::npos ? std::string() : frac.substr(0, last + 1);
  return frac.empty() ? whole : whole + "." + frac;
}

std::string group_thousands(std::string_view decimal) {
  const auto point = decimal.find('.');
  const std::string_view whole = decimal.substr(0, point);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  if (point != std::string_view::npos) out.append(decimal.substr(point));
  return out;
}

std::string format_display(const U256& raw, unsigned decimals, unsigned max_fraction, unsigned min_fraction) {
  auto [whole, frac] = split(raw, decimals);
  if (frac.size() > max_fraction) frac.resize(max_fraction);
  while (frac.size() > min_fraction && !frac.empty() && frac.back() == '0') frac.pop_back();
  while (frac.size() < min_fraction) frac.push_back('0');
  return group_thousands(frac.empty() ? whole : whole + "." + frac);
}

std::string format_percent(const U256& mantissa) { return format_display(mantissa, 16, 2, 2) + "%"; }

}  // namespace flux::cli
