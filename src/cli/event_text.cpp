#include "cli/event_text.hpp"

#include "cli/amounts.hpp"
#include "crypto/address.hpp"
#include "engine/error.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

namespace flux::cli {
namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string str(const json& j, const char* key) {
  if (!j.contains(key)) return {};
  if (j[key].is_string()) return j[key].get<std::string>();
  if (j[key].is_number_unsigned()) return std::to_string(j[key].get<std::uint64_t>());
  if (j[key].is_number_integer()) return std::to_string(j[key].get<std::int64_t>());  // a proposal id from any JSON
  return {};
}

std::optional<U256> number(const json& j, const char* key) {
  const std::string text = str(j, key);
  if (text.empty()) return std::nullopt;
  return parse_u256(text);
}

std::string amount_text(const std::string& raw, unsigned decimals, const std::string& unit) {
  const auto v = parse_u256(raw);
  if (!v) return raw + " " + unit;
  return group_thousands(format_units(*v, decimals)) + " " + unit;
}

std::string mantissa_text(const std::string& raw) {
  const auto v = parse_u256(raw);
  return v ? format_units(*v, mantissa_decimals) : raw;
}

}  // namespace

void Labels::add(const std::string& address, const std::string& label) { by_address_.emplace(lower(address), label); }

std::string Labels::name(const std::string& address) const {
  if (address.empty()) return "?";
  const auto it = by_address_.find(lower(address));
  if (it != by_address_.end()) return it->second;
  auto parsed = crypto::parse_address(address);
  return parsed ? crypto::to_checksum_address(*parsed) : address;
}

std::string underlying_text(const std::string& raw, const MarketInfo* market) {
  if (market == nullptr) return raw + " (raw units)";
  return amount_text(raw, market->decimals, market->asset);
}

// Longer than most functions on purpose: one short sentence per event kind, a table
// read top to bottom (docs/rpc.md lists the same kinds in the same order).
// NOLINTNEXTLINE(readability-function-size)
std::string describe_event(const json& e, const MarketDirectory& markets, const Labels& labels,
                           const std::string& tx_type) {
  const std::string kind = str(e, "event");
  const std::string market_name = str(e, "market");
  const MarketInfo* m = market_name.empty() ? nullptr : markets.find_market(market_name);
  const std::string account = labels.name(str(e, "account"));
  const std::string other = labels.name(str(e, "other"));
  const std::string amount = str(e, "amount");
  const std::string amount2 = str(e, "amount2");
  const auto underlying = [&](const std::string& raw) { return underlying_text(raw, m); };
  const auto ftokens = [&](const std::string& raw) { return amount_text(raw, ftoken_decimals, market_name); };

  if (kind == "interest_accrued") return fmt::format("{} accrued {} of interest", market_name, underlying(amount));
  if (kind == "minted")
    return fmt::format("{} supplied {} to {} and received {}", account, underlying(amount), market_name,
                       ftokens(amount2));
  if (kind == "redeemed")
    return fmt::format("{} withdrew {} from {}, redeeming {}", account, underlying(amount), market_name,
                       ftokens(amount2));
  if (kind == "borrowed")
    return fmt::format("{} borrowed {} from {} (borrow balance now {})", account, underlying(amount), market_name,
                       underlying(amount2));
  if (kind == "repaid") {
    if (str(e, "account") == str(e, "other") || str(e, "other").empty())
      return fmt::format("{} repaid {} to {} (borrow balance now {})", account, underlying(amount), market_name,
                         underlying(amount2));
    return fmt::format("{} repaid {} of {}'s {} borrow (borrow balance now {})", account, underlying(amount), other,
                       market_name, underlying(amount2));
  }
  if (kind == "transferred") return fmt::format("{} transferred {} to {}", account, ftokens(amount), other);
  if (kind == "liquidated")
    return fmt::format("{} liquidated {}, repaying {} of the {} borrow", account, other, underlying(amount),
                       market_name);
  if (kind == "seized") {
    std::string text = fmt::format("{} seized {} of {}'s collateral", account, ftokens(amount), other);
    const auto protocol = number(e, "amount2");
    if (protocol && !protocol->is_zero()) text += fmt::format(" (and {} to the protocol's reserves)", ftokens(amount2));
    return text;
  }
  if (kind == "reserves_added") return fmt::format("{} reserves increased by {}", market_name, underlying(amount));
  if (kind == "reserves_reduced") return fmt::format("{} reserves reduced by {}", market_name, underlying(amount));
  if (kind == "market_entered") return fmt::format("{} entered {}", account, market_name);
  if (kind == "market_exited") return fmt::format("{} exited {}", account, market_name);
  if (kind == "parameter_changed" && tx_type == "Execute" && !str(e, "parameter").empty()) {
    // An executed proposal's action: the node names the parameter.
    const std::string parameter = str(e, "parameter");
    const bool fraction = parameter == "collateral_factor" || parameter == "reserve_factor" ||
                          parameter == "protocol_seize_share" || parameter == "close_factor" ||
                          parameter == "liquidation_incentive";
    return fmt::format("{}{} set to {}", parameter, market_name.empty() ? "" : " of " + market_name,
                       fraction ? mantissa_text(amount) : amount + " (raw)");
  }
  if (kind == "parameter_changed") {
    if ((tx_type == "SetPrice" || tx_type == "SetPriceCap") && m != nullptr) {
      const auto v = parse_u256(amount);
      const std::string usd = v ? group_thousands(format_units(*v, price_scale(m->decimals))) : amount;
      return fmt::format("{} of {} set to {} USD per {}", tx_type == "SetPrice" ? "price" : "price cap", market_name,
                         usd, m->asset);
    }
    if (tx_type == "SetCollateralFactor")
      return fmt::format("collateral factor of {} set to {}", market_name, mantissa_text(amount));
    if (tx_type == "SetReserveFactor")
      return fmt::format("reserve factor of {} set to {}", market_name, mantissa_text(amount));
    if (tx_type == "SetProtocolSeizeShare")
      return fmt::format("protocol seize share of {} set to {}", market_name, mantissa_text(amount));
    if (tx_type == "SetBorrowCap" || tx_type == "SetSupplyCap") {
      const auto v = number(e, "amount");
      return fmt::format("{} cap of {} set to {}", tx_type == "SetBorrowCap" ? "borrow" : "supply", market_name,
                         v && v->is_zero() ? std::string("none") : underlying(amount));
    }
    if (tx_type == "SetCloseFactor") return "close factor set to " + mantissa_text(amount);
    if (tx_type == "SetLiquidationIncentive") return "liquidation incentive set to " + mantissa_text(amount);
    if (tx_type == "Pause" || tx_type == "Unpause") return fmt::format("{}: the pause flag is now {}", tx_type, amount);
    return fmt::format("a parameter{} set to {} (raw)", market_name.empty() ? "" : " of " + market_name, amount);
  }
  if (kind == "faucet") return fmt::format("{} received {} raw units from the faucet", account, amount);
  if (kind == "compliance_changed") {
    const bool on = amount2 == "1";
    const bool sanctions = tx_type == "Sanction" || tx_type == "Unsanction" || (tx_type.empty() && amount == "0");
    if (sanctions)
      return fmt::format("{} {}", account, on ? "added to the sanctions list" : "removed from the sanctions list");
    return fmt::format("{} {} KYC group {}", account, on ? "granted" : "revoked from", amount);
  }
  if (kind == "market_listed")
    return fmt::format("{} listed with a seed of {} ({} to {})", market_name, underlying(amount), ftokens(amount2),
                       account);
  if (kind == "asset_issued" || kind == "asset_burnt" || kind == "asset_transferred") {
    const std::string asset = str(e, "asset");
    const auto decimals = markets.asset_decimals(asset);
    const std::string value = decimals ? amount_text(amount, *decimals, asset) : amount + " " + asset + " (raw units)";
    if (kind == "asset_issued") return fmt::format("{} issued to {}", value, account);
    if (kind == "asset_burnt") return fmt::format("{} burnt by {}", value, account);
    return fmt::format("{} sent {} to {}", account, value, other);
  }
  // Governance: votes are FLUX units (18 decimals).
  const auto votes = [](const std::string& raw) { return amount_text(raw, 18, "votes"); };
  const std::string proposal = str(e, "proposal");
  if (kind == "delegate_changed")
    return str(e, "other").empty() || str(e, "other") == "0x0000000000000000000000000000000000000000"
               ? fmt::format("{} delegates to no one", account)
               : fmt::format("{} delegates its votes to {}", account, other);
  if (kind == "votes_changed") return fmt::format("{} now has {} (had {})", account, votes(amount2), votes(amount));
  if (kind == "proposal_created") {
    // The event carries the start and end blocks; votes are accepted from the block
    // after the start block (cli/voting_window.hpp), and that is the block printed.
    std::uint64_t start = 0;
    const auto [end, error] = std::from_chars(amount.data(), amount.data() + amount.size(), start);
    const std::string first =
        error == std::errc() && end == amount.data() + amount.size() ? std::to_string(start + 1) : amount;
    return fmt::format("{} made proposal {} (voting blocks {} to {}): {}", account, proposal, first, amount2,
                       str(e, "text").substr(0, str(e, "text").find('\n')));
  }
  if (kind == "vote_cast") {
    const std::string support = amount2 == "1" ? "for" : amount2 == "0" ? "against" : "abstain";
    const std::string reason = str(e, "text");
    return fmt::format("{} voted {} proposal {} with {}{}", account, support, proposal, votes(amount),
                       reason.empty() ? "" : " (\"" + reason + "\")");
  }
  if (kind == "proposal_canceled") return fmt::format("{} canceled proposal {}", account, proposal);
  if (kind == "proposal_queued")
    return fmt::format("{} queued proposal {}: executable from block {}", account, proposal, amount);
  if (kind == "proposal_executed") return fmt::format("{} executed proposal {}", account, proposal);
  // Liquidity mining: amounts are FLUX (18 decimals).
  const auto flux = [](const std::string& raw) { return amount_text(raw, 18, "FLUX"); };
  if (kind == "reward_speeds_set")
    return fmt::format("{} now emits {} per block to suppliers and {} to borrowers", market_name, flux(amount),
                       flux(amount2));
  if (kind == "rewards_funded")
    return fmt::format("{} put {} into the rewards reserve (it holds {})", account, flux(amount), flux(amount2));
  if (kind == "rewards_claimed")
    return fmt::format("{} claimed {} from the rewards reserve (it holds {})", account, flux(amount), flux(amount2));
  if (kind == "supplier_rewards_distributed" || kind == "borrower_rewards_distributed")
    return fmt::format("{} earned {} as a {} of {}", account, flux(amount),
                       kind == "supplier_rewards_distributed" ? "supplier" : "borrower", market_name);
  return fmt::format("{} {}", kind.empty() ? "event" : kind, e.dump());
}

std::string describe_receipt_error(const json& error) {
  if (error.is_string()) {
    const std::string name = error.get<std::string>();
    const auto known = error_from_name(name);
    if (!known) return name;
    return fmt::format("{} ({}): {}", name, 1000 + static_cast<int>(*known), error_message(*known));
  }
  if (error.is_object()) {
    const std::string name = str(error, "name");
    std::string message = str(error, "message");
    const auto known = error_from_name(name);
    if (message.empty() && known) message = std::string(error_message(*known));
    std::string code;
    if (error.contains("code") && error["code"].is_number_integer()) code = std::to_string(error["code"].get<int>());
    return fmt::format("{}{}{}", name.empty() ? "error" : name, code.empty() ? "" : " (" + code + ")",
                       message.empty() ? "" : ": " + message);
  }
  return error.dump();
}

std::string describe_failed_action(const json& receipt) {
  if (!receipt.is_object() || !receipt.contains("failed_action") || !receipt["failed_action"].is_object()) return {};
  const json& f = receipt["failed_action"];
  const bool indexed = f.contains("index") && f["index"].is_number_integer() && f["index"].get<std::int64_t>() >= 0;
  const std::string number = indexed ? std::to_string(f["index"].get<std::uint64_t>() + 1) : "?";
  return fmt::format("action {} ({}) failed: {}", number, str(f, "type"),
                     describe_receipt_error(f.contains("error") ? f["error"] : json(nullptr)));
}

}  // namespace flux::cli
