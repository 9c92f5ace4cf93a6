#include "cli/markets_table.hpp"

#include "engine/failure.hpp"
#include "engine/interest.hpp"

#include <fmt/core.h>

namespace flux::cli {
namespace {

// A raw integer with `decimals` decimal places, shown with `shown` of them (truncated).
std::string scaled(const U256& raw, unsigned decimals, unsigned shown) {
  std::string digits = to_string(raw);
  if (digits.size() <= decimals) digits.insert(0, decimals - digits.size() + 1, '0');
  std::string whole = digits.substr(0, digits.size() - decimals);
  std::string frac = digits.substr(digits.size() - decimals, std::min(shown, decimals));
  return frac.empty() ? whole : whole + "." + frac;
}

std::string per_year_percent(const State& state, const U256& per_block) {
  return scaled(per_block * state.blocks_per_year * 100, 18, 2) + "%";
}

template <class F>
std::string or_error(F&& f) {
  try {
    return f();
  } catch (const Failure& e) {
    return std::string(error_name(e.error));
  }
}

}  // namespace

void print_markets_table(std::ostream& out, const State& state) {
  out << fmt::format("  {:<8} {:>22} {:>22} {:>16} {:>22} {:>14} {:>9} {:>9}\n", "market", "cash", "borrows",
                     "reserves", "fTokens", "exchange rate", "borrow", "supply");
  for (const Market& m : state.markets) {
    const unsigned decimals = state.assets[m.config.asset].decimals;
    const MarketBook& b = m.book;
    const RateModel& model = m.config.rate_model;
    // exchange rate in underlying per fToken: mantissa * 1e8 / 10^decimals / 1e18
    const std::string rate = or_error([&] { return scaled(exchange_rate_stored(m.config, b), 18 + decimals - 8, 6); });
    const std::string borrow = or_error([&] {
      return per_year_percent(state, borrow_rate_per_block(model, b.cash, b.total_borrows, b.total_reserves));
    });
    const std::string supply = or_error([&] {
      return per_year_percent(
          state, supply_rate_per_block(model, b.cash, b.total_borrows, b.total_reserves, m.config.reserve_factor));
    });
    out << fmt::format("  {:<8} {:>22} {:>22} {:>16} {:>22} {:>14} {:>9} {:>9}\n", m.config.symbol,
                       scaled(b.cash, decimals, 2), scaled(b.total_borrows, decimals, 2),
                       scaled(b.total_reserves, decimals, 2), scaled(b.total_supply, 8, 2), rate, borrow, supply);
  }
}

}  // namespace flux::cli
