// Building transactions from command-line arguments: pure, no I/O.
//
// A draft is a transaction type and its own fields in wire form (docs/rpc.md,
// src/node/transaction.hpp), without sender and nonce; finalize() adds those and
// checks the whole message against the node's type table, so a message the node
// would refuse as malformed is refused here first, with the same detail.
//
// Amounts are human decimals in the market's underlying asset ("1000.5" USDC), or
// raw integers when `raw` is set. fToken amounts (transfer) have 8 decimals. Prices
// are USD per whole token, sent as USD * 10^(36 - decimals); factors are decimals
// ("0.8"), sent as 1e18 mantissas.
#pragma once

#include "cli/market_directory.hpp"
#include "crypto/eip712.hpp"
#include "engine/numbers/uint256.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace flux::cli {

struct TxDraft {
  std::string type;       // "Mint"
  nlohmann::json fields;  // {"market": "fUSDC", "amount": "1000000"}: every field but sender and nonce
};

class TxBuilder {
 public:
  TxBuilder(const MarketDirectory& markets, bool raw) : markets_(markets), raw_(raw) {}

  // An amount of `market`'s underlying (human, or raw with --raw); throws CliError
  // (usage) naming what was wrong and where.
  U256 underlying_amount(const MarketInfo& market, const std::string& text, const std::string& what) const;

  TxDraft supply(const std::string& market, const std::string& amount) const;  // Mint
  // RedeemUnderlying of an amount; "all" is Redeem of `all_tokens` (the sender's fTokens).
  TxDraft withdraw(const std::string& market, const std::string& amount, const std::optional<U256>& all_tokens) const;
  TxDraft borrow(const std::string& market, const std::string& amount) const;
  // "all" repays the whole borrow (2^256 - 1).
  TxDraft repay(const std::string& market, const std::string& amount, const crypto::Address20& borrower) const;
  TxDraft liquidate(const crypto::Address20& borrower, const std::string& market, const std::string& amount,
                    const std::string& collateral_market) const;
  TxDraft transfer(const std::string& market, const crypto::Address20& to, const std::string& tokens) const;
  TxDraft send_asset(const std::string& asset, const crypto::Address20& to, const std::string& amount) const;
  TxDraft enter(const std::vector<std::string>& markets) const;
  TxDraft exit(const std::string& market) const;
  TxDraft claim_rewards(const std::vector<std::string>& markets) const;  // ClaimRewards; empty: every market

  TxDraft set_price(const std::string& market, const std::string& usd_per_token) const;
  TxDraft set_collateral_factor(const std::string& market, const std::string& factor) const;
  TxDraft set_reserve_factor(const std::string& market, const std::string& factor) const;
  TxDraft set_borrow_cap(const std::string& market, const std::string& amount) const;  // 0: no cap
  TxDraft set_supply_cap(const std::string& market, const std::string& amount) const;
  // mint and borrow pause one market; transfer and seize are protocol-wide (no market).
  TxDraft pause(bool paused, const std::string& action, const std::optional<std::string>& market) const;
  TxDraft kyc(bool grant, const crypto::Address20& account, const std::string& group) const;
  TxDraft sanction(bool sanctioned, const crypto::Address20& account) const;
  TxDraft issue(const std::string& asset, const crypto::Address20& to, const std::string& amount) const;

 private:
  const MarketDirectory& markets_;
  bool raw_;
  U256 mantissa(const std::string& text, const std::string& what) const;
  U256 asset_amount(const std::string& asset, const std::string& text, std::string& symbol) const;
};

// `flux tx TYPE field=value...`: any transaction type with raw values (a string[]
// field takes comma-separated items, a bool field true or false, or 1 or 0). sender
// and nonce are filled in by flux.
TxDraft generic_draft(const std::string& type, const std::vector<std::string>& assignments);

// The draft as a complete typed message for `sender` and `nonce`. Throws CliError
// (usage) with the node's own detail if the message is malformed.
crypto::TypedStruct finalize(const TxDraft& draft, const crypto::Address20& sender, std::uint64_t nonce);

// The transaction type's field list for help and errors: "market string, amount uint256",
// and with each field's unit: "market string (market symbol), amount uint256 (underlying units)".
std::string describe_fields(const std::string& type);
std::string describe_fields_with_units(const std::string& type);

}  // namespace flux::cli
