#include "cli/tx_builder.hpp"

#include "cli/amounts.hpp"
#include "cli/errors.hpp"
#include "crypto/address.hpp"
#include "engine/operation_registry.hpp"
#include "node/transaction.hpp"

#include <fmt/core.h>

#include <set>

namespace flux::cli {
namespace {

using json = nlohmann::json;

std::string address_text(const crypto::Address20& a) { return crypto::to_checksum_address(a); }

U256 check_fraction(const U256& value, const std::string& text, const std::string& what, bool raw) {
  static const U256 one = U256(1000000000000000000ull);
  if (!raw && value > one)
    throw usage_error(fmt::format("{} \"{}\" is above 1: write a fraction such as 0.8 (80%)", what, text));
  return value;
}

}  // namespace

U256 TxBuilder::underlying_amount(const MarketInfo& market, const std::string& text, const std::string& what) const {
  std::string error;
  const auto value = raw_ ? parse_raw(text, error) : parse_units(text, market.decimals, error);
  if (!value) {
    if (raw_) throw usage_error(fmt::format("bad {} for {}: {}", what, market.symbol, error));
    throw usage_error(fmt::format("bad {} for {}: {} ({} has {} decimals)", what, market.symbol, error, market.asset,
                                  market.decimals));
  }
  return *value;
}

U256 TxBuilder::mantissa(const std::string& text, const std::string& what) const {
  std::string error;
  const auto value = raw_ ? parse_raw(text, error) : parse_units(text, mantissa_decimals, error);
  if (!value) throw usage_error(fmt::format("bad {}: {}", what, error));
  return *value;
}

U256 TxBuilder::asset_amount(const std::string& asset, const std::string& text, std::string& symbol) const {
  const auto decimals = markets_.asset_decimals(asset);
  symbol = markets_.asset_symbol(asset).value_or(asset);
  std::string error;
  if (raw_) {
    const auto value = parse_raw(text, error);
    if (!value) throw usage_error(fmt::format("bad amount of {}: {}", symbol, error));
    return *value;
  }
  if (!decimals)
    throw usage_error(
        fmt::format("unknown asset \"{}\": no market of the node has it, so its decimals are unknown "
                    "(give the amount in raw units with --raw)",
                    asset));
  const auto value = parse_units(text, *decimals, error);
  if (!value)
    throw usage_error(fmt::format("bad amount of {}: {} ({} has {} decimals)", symbol, error, symbol, *decimals));
  return *value;
}

TxDraft TxBuilder::supply(const std::string& market, const std::string& amount) const {
  const MarketInfo& m = markets_.market(market);
  return {"Mint", {{"market", m.symbol}, {"amount", underlying_amount(m, amount, "amount").str()}}};
}

TxDraft TxBuilder::withdraw(const std::string& market, const std::string& amount,
                            const std::optional<U256>& all_tokens) const {
  const MarketInfo& m = markets_.market(market);
  if (amount == "all") {
    if (!all_tokens || all_tokens->is_zero()) throw failed(fmt::format("nothing to withdraw: no {} held", m.symbol));
    return {"Redeem", {{"market", m.symbol}, {"tokens", all_tokens->str()}}};
  }
  return {"RedeemUnderlying", {{"market", m.symbol}, {"amount", underlying_amount(m, amount, "amount").str()}}};
}

TxDraft TxBuilder::borrow(const std::string& market, const std::string& amount) const {
  const MarketInfo& m = markets_.market(market);
  return {"Borrow", {{"market", m.symbol}, {"amount", underlying_amount(m, amount, "amount").str()}}};
}

TxDraft TxBuilder::repay(const std::string& market, const std::string& amount,
                         const crypto::Address20& borrower) const {
  const MarketInfo& m = markets_.market(market);
  const U256 value = amount == "all" ? u256_max() : underlying_amount(m, amount, "amount");
  return {"Repay", {{"market", m.symbol}, {"borrower", address_text(borrower)}, {"amount", value.str()}}};
}

TxDraft TxBuilder::liquidate(const crypto::Address20& borrower, const std::string& market, const std::string& amount,
                             const std::string& collateral_market) const {
  const MarketInfo& m = markets_.market(market);
  const MarketInfo& c = markets_.market(collateral_market);
  return {"Liquidate",
          {{"borrower", address_text(borrower)},
           {"market", m.symbol},
           {"amount", underlying_amount(m, amount, "amount").str()},
           {"collateralMarket", c.symbol}}};
}

TxDraft TxBuilder::transfer(const std::string& market, const crypto::Address20& to, const std::string& tokens) const {
  const MarketInfo& m = markets_.market(market);
  std::string error;
  const auto value = raw_ ? parse_raw(tokens, error) : parse_units(tokens, ftoken_decimals, error);
  if (!value)
    throw usage_error(
        fmt::format("bad fToken amount for {}: {}{}", m.symbol, error, raw_ ? "" : " (fTokens have 8 decimals)"));
  return {"Transfer", {{"market", m.symbol}, {"to", address_text(to)}, {"tokens", value->str()}}};
}

TxDraft TxBuilder::send_asset(const std::string& asset, const crypto::Address20& to, const std::string& amount) const {
  std::string symbol;
  const U256 value = asset_amount(asset, amount, symbol);
  return {"TransferAsset", {{"asset", symbol}, {"to", address_text(to)}, {"amount", value.str()}}};
}

TxDraft TxBuilder::enter(const std::vector<std::string>& markets) const {
  if (markets.empty()) throw usage_error("enter: name at least one market");
  json symbols = json::array();
  for (const std::string& name : markets) symbols.push_back(markets_.market(name).symbol);
  return {"EnterMarkets", {{"markets", symbols}}};
}

TxDraft TxBuilder::exit(const std::string& market) const {
  return {"ExitMarket", {{"market", markets_.market(market).symbol}}};
}

TxDraft TxBuilder::claim_rewards(const std::vector<std::string>& markets) const {
  json symbols = json::array();
  for (const std::string& name : markets) symbols.push_back(markets_.market(name).symbol);
  return {"ClaimRewards", {{"markets", symbols}}};
}

TxDraft TxBuilder::set_price(const std::string& market, const std::string& usd_per_token) const {
  const MarketInfo& m = markets_.market(market);
  std::string error;
  const auto value =
      raw_ ? parse_raw(usd_per_token, error) : parse_units(usd_per_token, price_scale(m.decimals), error);
  if (!value) throw usage_error(fmt::format("bad price for {}: {}", m.symbol, error));
  return {"SetPrice", {{"market", m.symbol}, {"price", value->str()}}};
}

TxDraft TxBuilder::set_collateral_factor(const std::string& market, const std::string& factor) const {
  const MarketInfo& m = markets_.market(market);
  const U256 value = check_fraction(mantissa(factor, "collateral factor"), factor, "the collateral factor", raw_);
  return {"SetCollateralFactor", {{"market", m.symbol}, {"value", value.str()}}};
}

TxDraft TxBuilder::set_reserve_factor(const std::string& market, const std::string& factor) const {
  const MarketInfo& m = markets_.market(market);
  const U256 value = check_fraction(mantissa(factor, "reserve factor"), factor, "the reserve factor", raw_);
  return {"SetReserveFactor", {{"market", m.symbol}, {"value", value.str()}}};
}

TxDraft TxBuilder::set_borrow_cap(const std::string& market, const std::string& amount) const {
  const MarketInfo& m = markets_.market(market);
  return {"SetBorrowCap", {{"market", m.symbol}, {"value", underlying_amount(m, amount, "borrow cap").str()}}};
}

TxDraft TxBuilder::set_supply_cap(const std::string& market, const std::string& amount) const {
  const MarketInfo& m = markets_.market(market);
  return {"SetSupplyCap", {{"market", m.symbol}, {"value", underlying_amount(m, amount, "supply cap").str()}}};
}

TxDraft TxBuilder::pause(bool paused, const std::string& action, const std::optional<std::string>& market) const {
  const bool per_market = action == "mint" || action == "borrow";
  if (!per_market && action != "transfer" && action != "seize")
    throw usage_error(fmt::format("unknown action \"{}\": expected mint, borrow, transfer or seize", action));
  std::string symbol;
  if (market) symbol = markets_.market(*market).symbol;
  else if (per_market) throw usage_error(fmt::format("pausing {} is per market: name the market", action));
  return {paused ? "Pause" : "Unpause", {{"market", symbol}, {"action", action}}};
}

TxDraft TxBuilder::kyc(bool grant, const crypto::Address20& account, const std::string& group) const {
  std::string error;
  const auto value = parse_raw(group, error);
  if (!value || *value > U256(0xFFFFFFFFu))
    throw usage_error(fmt::format("bad KYC group \"{}\": expected a whole number below 2^32", group));
  return {grant ? "GrantKyc" : "RevokeKyc", {{"account", address_text(account)}, {"group", value->str()}}};
}

TxDraft TxBuilder::sanction(bool sanctioned, const crypto::Address20& account) const {
  return {sanctioned ? "Sanction" : "Unsanction", {{"account", address_text(account)}}};
}

TxDraft TxBuilder::issue(const std::string& asset, const crypto::Address20& to, const std::string& amount) const {
  std::string symbol;
  const U256 value = asset_amount(asset, amount, symbol);
  return {"IssueAsset", {{"asset", symbol}, {"to", address_text(to)}, {"amount", value.str()}}};
}

// Both read the registry of operations (engine/descriptors/), which the node's type
// table is built from.
std::string describe_fields(const std::string& type) {
  const TransactionDescriptor* t = transaction_descriptor(type);
  if (t == nullptr) return {};
  std::string out;
  for (const TransactionField& f : t->fields) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", f.name, f.type);
  return out.empty() ? "no fields" : out;
}

std::string describe_fields_with_units(const std::string& type) {
  const TransactionDescriptor* t = transaction_descriptor(type);
  if (t == nullptr) return {};
  std::string out;
  for (const TransactionField& f : t->fields)
    out += fmt::format("{}{} {} ({})", out.empty() ? "" : ", ", f.name, f.type, f.unit);
  return out.empty() ? "no fields" : out;
}

TxDraft generic_draft(const std::string& type, const std::vector<std::string>& assignments) {
  const node::TransactionType* t = node::find_transaction_type(type);
  if (t == nullptr) {
    std::string names;
    for (const node::TransactionType& known : node::transaction_types())
      names += (names.empty() ? "" : ", ") + known.name;
    throw usage_error(fmt::format("unknown transaction type \"{}\"; the types are {}", type, names));
  }
  TxDraft draft{type, json::object()};
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw usage_error(
          fmt::format("\"{}\": expected field=value ({} has {})", a, type, describe_fields_with_units(type)));
    const std::string name = a.substr(0, eq);
    const std::string value = a.substr(eq + 1);
    if (name == "sender" || name == "nonce")
      throw usage_error(fmt::format("{} is filled in by flux (the signer and its next nonce)", name));
    const node::FieldSpec* spec = nullptr;
    for (const node::FieldSpec& f : t->fields)
      if (f.name == name) spec = &f;
    if (spec == nullptr)
      throw usage_error(
          fmt::format("{} has no field \"{}\"; its fields: {}", type, name, describe_fields_with_units(type)));
    if (draft.fields.contains(name)) throw usage_error(fmt::format("field \"{}\" given twice", name));
    if (spec->type == "string[]") {
      json items = json::array();
      std::size_t start = 0;
      while (!value.empty() && start <= value.size()) {
        const auto comma = value.find(',', start);
        items.push_back(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      draft.fields[name] = items;
    } else if (spec->type == "bool") {
      // The signed message holds a JSON boolean; the text "true" would be malformed.
      if (value == "true" || value == "1") draft.fields[name] = true;
      else if (value == "false" || value == "0") draft.fields[name] = false;
      else
        throw usage_error(
            fmt::format("field \"{}\" is a bool: expected true or false (or 1 or 0), got \"{}\"", name, value));
    } else {
      draft.fields[name] = value;
    }
  }
  std::string missing;
  for (const TransactionField& f : transaction_descriptor(type)->fields)
    if (!draft.fields.contains(std::string(f.name)))
      missing += fmt::format("{}{} {} ({})", missing.empty() ? "" : ", ", f.name, f.type, f.unit);
  if (!missing.empty()) throw usage_error(fmt::format("{} also needs {}", type, missing));
  return draft;
}

crypto::TypedStruct finalize(const TxDraft& draft, const crypto::Address20& sender, std::uint64_t nonce) {
  json message = draft.fields;
  message["sender"] = crypto::to_checksum_address(sender);
  message["nonce"] = std::to_string(nonce);
  const json wire = {{"type", draft.type}, {"message", message}, {"signature", "0x" + std::string(130, '0')}};
  auto tx = node::parse_transaction(wire);
  if (!tx) throw usage_error(fmt::format("cannot build {}: {}", draft.type, tx.error().detail));
  return tx->message;
}

}  // namespace flux::cli
