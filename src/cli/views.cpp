#include "cli/views.hpp"

#include "cli/amounts.hpp"
#include "cli/table.hpp"

#include <fmt/core.h>

#include <cmath>
#include <ctime>

namespace flux::cli {
namespace {

using json = nlohmann::json;
using Align = Table::Align;

std::string str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return {};
  const json& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return {};
}

U256 num(const json& j, const char* key) {
  const auto v = parse_u256(str(j, key));
  return v ? *v : U256(0);
}

std::uint64_t u64(const json& j, const char* key, std::uint64_t fallback = 0) {
  if (j.is_object() && j.contains(key) && j[key].is_number_unsigned()) return j[key].get<std::uint64_t>();
  const auto v = parse_u256(str(j, key));
  return v && fits_u64(*v) ? low_u64(*v) : fallback;
}

bool flag(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}

// 2 to 6 fractional digits: "1.00", "0.000123".
std::string money(const U256& raw, unsigned decimals) {
  return format_display(raw, decimals, std::min(decimals, 6u), std::min(decimals, 2u));
}

// A mantissa given as a decimal string (1e18 = 100%), or a JSON number as a fraction.
std::string fraction_percent(const json& j, const char* key) {
  if (!j.contains(key)) return "-";
  if (j[key].is_number_float()) return fmt::format("{:.2f}%", j[key].get<double>() * 100.0);
  const auto v = parse_u256(str(j, key));
  return v ? format_percent(*v) : "-";
}

std::string cap(const json& j, const char* key, unsigned decimals) {
  const U256 v = num(j, key);
  return v.is_zero() ? "-" : format_display(v, decimals, 2);
}

std::string time_text(std::uint64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} UTC", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
}

}  // namespace

std::string apy_percent(const std::string& rate_per_block, std::uint64_t blocks_per_year) {
  const auto v = parse_u256(rate_per_block);
  if (!v) return "-";
  const double rate = static_cast<double>(*v) / 1e18;
  const double apy = std::expm1(static_cast<double>(blocks_per_year) * std::log1p(rate));
  if (!std::isfinite(apy)) return "-";
  return fmt::format("{:.2f}%", apy * 100.0);
}

std::string usd_price(const std::string& raw, unsigned decimals) {
  const auto v = parse_u256(raw);
  if (!v) return raw;
  return money(*v, price_scale(std::min(decimals, 36u)));
}

void print_markets(std::ostream& out, const json& markets) {
  Table t({{"market"},
           {"asset"},
           {"price USD", Align::right},
           {"supplied", Align::right},
           {"borrowed", Align::right},
           {"util", Align::right},
           {"supply APY", Align::right},
           {"borrow APY", Align::right},
           {"CF", Align::right},
           {"access"},
           {"borrow cap", Align::right},
           {"supply cap", Align::right},
           {"paused"}});
  for (const json& m : markets) {
    const unsigned decimals = static_cast<unsigned>(u64(m, "decimals", 18));
    // What suppliers own: the node's total_supplied, else cash + borrows - reserves.
    U256 supplied = num(m, "total_supplied");
    if (!m.contains("total_supplied")) {
      supplied = num(m, "cash") + num(m, "total_borrows");
      const U256 reserves = num(m, "total_reserves");
      supplied = supplied > reserves ? supplied - reserves : U256(0);
    }
    const std::uint64_t bpy = u64(m, "blocks_per_year", 2628000);
    std::string access = str(m, "access");
    if (access != "open" && !str(m, "kyc_group").empty()) access += " (KYC " + str(m, "kyc_group") + ")";
    std::string paused;
    if (flag(m, "mint_paused")) paused = "mint";
    if (flag(m, "borrow_paused")) paused += paused.empty() ? "borrow" : ", borrow";
    std::string price = usd_price(str(m, "price"), decimals);
    if (!num(m, "price_cap").is_zero()) price += " (cap " + usd_price(str(m, "price_cap"), decimals) + ")";
    t.add_row({str(m, "symbol"), str(m, "asset"), price, format_display(supplied, decimals, 2),
               format_display(num(m, "total_borrows"), decimals, 2), fraction_percent(m, "utilization"),
               apy_percent(str(m, "supply_rate_per_block"), bpy), apy_percent(str(m, "borrow_rate_per_block"), bpy),
               fraction_percent(m, "collateral_factor"), access, cap(m, "borrow_cap", decimals),
               cap(m, "supply_cap", decimals), paused.empty() ? "-" : paused});
  }
  t.print(out);
}

void print_account(std::ostream& out, const json& a, const MarketDirectory& markets, const Labels& labels) {
  const std::string address = str(a, "address");
  const std::string label = labels.name(address);
  out << "account " << label;
  if (label != address && label.rfind("0x", 0) != 0) out << " (" << address << ")";
  out << "\n";
  std::string groups;
  if (a.contains("kyc_groups") && a["kyc_groups"].is_array())
    for (const json& g : a["kyc_groups"]) groups += (groups.empty() ? "" : ", ") + g.dump();
  out << fmt::format("  nonce {}   KYC groups: {}   sanctioned: {}\n", str(a, "nonce"),
                     groups.empty() ? "none" : groups, flag(a, "sanctioned") ? "YES" : "no");

  out << "wallet\n";
  Table wallet({{"asset"}, {"amount", Align::right}});
  if (a.contains("wallet") && a["wallet"].is_object())
    for (const auto& item : a["wallet"].items()) {
      const auto decimals = markets.asset_decimals(item.key());
      const auto v = parse_u256(str(a["wallet"], item.key().c_str()));
      wallet.add_row({item.key(), decimals && v ? format_display(*v, *decimals, *decimals)
                                                : str(a["wallet"], item.key().c_str()) + " (raw)"});
    }
  if (wallet.empty()) out << "  (empty)\n";
  else wallet.print(out);

  out << "positions\n";
  Table positions({{"market"},
                   {"fTokens", Align::right},
                   {"supplied", Align::right},
                   {"borrowed", Align::right},
                   {"entered"},
                   {"CF", Align::right},
                   {"liquidation price USD", Align::right}});
  if (a.contains("positions") && a["positions"].is_array())
    for (const json& p : a["positions"]) {
      const MarketInfo* m = markets.find_market(str(p, "market"));
      const unsigned decimals = m ? m->decimals : 18;
      const json& lp = p.contains("liquidation_price") ? p["liquidation_price"] : json(nullptr);
      positions.add_row({str(p, "market"), format_display(num(p, "ftokens"), ftoken_decimals, 4),
                         format_display(num(p, "supplied"), decimals, 6),
                         format_display(num(p, "borrowed"), decimals, 6), flag(p, "entered") ? "yes" : "no",
                         fraction_percent(p, "collateral_factor"),
                         lp.is_null() ? "-" : usd_price(str(p, "liquidation_price"), decimals)});
    }
  if (positions.empty()) out << "  (none)\n";
  else positions.print(out);

  const U256 shortfall = num(a, "shortfall");
  out << fmt::format("liquidity {} USD   shortfall {} USD", format_display(num(a, "liquidity"), 18, 2, 2),
                     format_display(shortfall, 18, 2, 2));
  const json& hf = a.contains("health_factor") ? a["health_factor"] : json(nullptr);
  if (hf.is_number()) out << fmt::format("   health factor {:.4f}", hf.get<double>());
  else if (hf.is_string()) out << "   health factor " << hf.get<std::string>();
  else out << "   health factor - (no borrows)";
  out << (shortfall.is_zero() ? "\n" : "\n  IN SHORTFALL: the account can be liquidated\n");
}

void print_block(std::ostream& out, const json& block, const Labels& labels) {
  const json& h = block.contains("header") ? block["header"] : block;
  out << fmt::format("block {}  {}\n", str(h, "number"), time_text(u64(h, "time_ms")));
  out << "  hash         " << str(h, "hash") << "\n";
  out << "  parent       " << str(h, "parent_hash") << "\n";
  out << "  state hash   " << str(h, "state_hash") << "\n";
  out << "  tx root      " << str(h, "transactions_root") << "\n";
  const json hashes = block.contains("transaction_hashes") ? block["transaction_hashes"] : json::array();
  out << "  transactions " << hashes.size() << "\n";
  if (hashes.empty()) return;
  Table t({{"#", Align::right}, {"hash"}, {"type"}, {"sender"}, {"result"}});
  const json receipts = block.contains("receipts") && block["receipts"].is_array() ? block["receipts"] : json::array();
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    const json r = i < receipts.size() ? receipts[i] : json::object();
    std::string result = "-";
    if (r.contains("ok")) result = flag(r, "ok") ? "ok" : "failed: " + describe_receipt_error(r["error"]);
    if (const std::string action = describe_failed_action(r); !action.empty()) result += "; " + action;
    t.add_row({std::to_string(i), hashes[i].is_string() ? hashes[i].get<std::string>() : hashes[i].dump(),
               str(r, "type"), r.contains("sender") ? labels.name(str(r, "sender")) : "", result});
  }
  t.print(out);
}

void print_receipt(std::ostream& out, const json& r, const MarketDirectory& markets, const Labels& labels) {
  const bool ok = flag(r, "ok");
  out << fmt::format("{}  {} by {} (nonce {}) in block {}, tx {}\n", ok ? "ok" : "FAILED", str(r, "type"),
                     labels.name(str(r, "sender")), str(r, "nonce"), str(r, "block_number"),
                     str(r, "transaction_hash"));
  if (!ok) {
    out << "  " << describe_receipt_error(r.contains("error") ? r["error"] : json(nullptr)) << "\n";
    if (const std::string action = describe_failed_action(r); !action.empty()) out << "  " << action << "\n";
    return;
  }
  const std::string type = str(r, "type");
  if (r.contains("events") && r["events"].is_array())
    for (const json& e : r["events"]) {
      // Accrual is in every market operation; a zero accrual says nothing.
      if (e.value("event", "") == "interest_accrued" && e.value("amount", "") == "0") continue;
      out << "  - " << describe_event(e, markets, labels, type) << "\n";
    }
}

void print_events(std::ostream& out, const json& events, const MarketDirectory& markets, const Labels& labels,
                  const std::map<std::string, std::string>& tx_types) {
  Table t({{"block", Align::right}, {"tx", Align::right}, {"event"}, {"what"}});
  for (const json& e : events) {
    const auto type = tx_types.find(str(e, "transaction_hash"));
    t.add_row({str(e, "block_number"), str(e, "transaction_index"), str(e, "event"),
               describe_event(e, markets, labels, type == tx_types.end() ? std::string() : type->second)});
  }
  if (t.empty()) out << "no events\n";
  else t.print(out);
}

}  // namespace flux::cli
