#include "cli/node_commands.hpp"

#include "cli/amounts.hpp"
#include "cli/dev_accounts.hpp"
#include "cli/errors.hpp"
#include "cli/node_session.hpp"
#include "cli/rpc_client.hpp"
#include "cli/tx_builder.hpp"
#include "cli/views.hpp"
#include "crypto/address.hpp"
#include "node/transaction.hpp"

#include <fmt/core.h>

#include <initializer_list>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace flux::cli {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// Every positional and option of the node commands. Only one command runs per
// invocation, so they share one set of variables.
struct Args : SendOptions {
  // positionals
  std::string market, amount, to, tokens, asset, borrower, collateral_market, who, hash,
      block = "latest", action, group, value, type, for_account;
  std::vector<std::string> markets, assignments;
  std::optional<std::string> opt_market;
  // events
  std::optional<std::uint64_t> from_block, to_block;
  std::string event_market, event_account, event_name;
};

std::string lower_hex(const crypto::Address20& a) { return a.hex(true); }

void print_json(const json& j) { std::cout << j.dump(2) << "\n"; }

// flux_getAccount, or nullopt when the node has never seen the address.
std::optional<json> get_account(Session& s, const crypto::Address20& address) {
  try {
    return s.call_raw("flux_getAccount", {{"address", lower_hex(address)}});
  } catch (const RpcError& e) {
    if (e.code == -32001) return std::nullopt;
    throw failed(describe(e));
  }
}

}  // namespace

// Builds, signs, sends and waits for one transaction; prints its outcome.
int send_transaction(const GlobalOptions& g, const SendOptions& a, const DraftFn& make) {
  Session s(g);
  const SignerRef signer = resolve_signer(a.signer, g.keys);
  const TxBuilder builder(s.markets(), a.raw);
  const TxDraft draft = make(builder, signer, s);
  const std::uint64_t chain_id = s.chain_id();
  const json nonce = s.call("flux_getNonce", {{"address", lower_hex(signer.address)}});
  if (!nonce.is_object() || !nonce.contains("next") || !nonce["next"].is_number_unsigned())
    throw CliError(exit_unreachable, "flux_getNonce: the node's answer has no integer \"next\"");
  const crypto::TypedStruct message = finalize(draft, signer.address, nonce["next"].get<std::uint64_t>());
  const crypto::PrivateKey key = signer.unlock();
  if (crypto::address_of(key) != signer.address)
    throw usage_error(fmt::format("the key of {} decrypts to another address", signer.label));
  const node::Transaction tx = node::sign_transaction(message, chain_id, key);

  std::string hash;
  try {
    const json sent = s.call_raw("flux_sendTransaction", node::to_json(tx));
    hash = sent.is_object() && sent.contains("hash") && sent["hash"].is_string()
               ? sent["hash"].get<std::string>()
               : node::transaction_hash(tx, chain_id).hex();
  } catch (const RpcError& e) {
    // "flux_sendTransaction: unauthorized (-32016): ..." without the method's name.
    const std::string why = describe(e).substr(e.method.size() + 2);
    if (is_admission_rejection(e.code)) throw failed(draft.type + " rejected at admission: " + why);
    throw failed(draft.type + " not accepted by the node: " + why);
  }
  if (a.no_wait) {
    if (g.json) print_json({{"hash", hash}});
    else std::cout << fmt::format("sent {} from {}: {}\n", draft.type, signer.label, hash);
    return exit_ok;
  }
  json receipt;
  try {
    receipt = s.call_raw("flux_waitForReceipt", {{"hash", hash}, {"timeout_ms", a.wait_ms}},
                         std::chrono::milliseconds(a.wait_ms) + 10s);
  } catch (const RpcError& e) {
    if (e.code == -32002)
      throw failed(fmt::format("{} {} was admitted but is not in a block after {} ms; look later with: flux receipt {}",
                               draft.type, hash, a.wait_ms, hash));
    throw failed(describe(e));
  }
  if (!receipt.is_object()) throw CliError(exit_unreachable, "flux_waitForReceipt: the node did not answer a receipt");
  if (g.json) print_json(receipt);
  else {
    // A listing (an executed proposal) names a market the directory fetched before
    // the send does not know yet: read the markets again to show its amounts.
    bool listed = false;
    if (receipt.contains("events") && receipt["events"].is_array())
      for (const json& e : receipt["events"]) listed = listed || e.value("event", "") == "market_listed";
    Session after(g);
    print_receipt(std::cout, receipt, listed ? after.markets() : s.markets(), s.labels());
  }
  const bool ok = receipt.contains("ok") && receipt["ok"].is_boolean() && receipt["ok"].get<bool>();
  if (!ok) {
    const std::string block = receipt.contains("block_number") ? receipt["block_number"].dump() : "?";
    const std::string action = describe_failed_action(receipt);
    std::cerr << fmt::format("flux: {} failed in block {}: {}{}\n", draft.type, block,
                             describe_receipt_error(receipt.contains("error") ? receipt["error"] : json(nullptr)),
                             action.empty() ? "" : "; " + action);
    return exit_failed;
  }
  return exit_ok;
}

void add_signer_options(CLI::App* sub, SendOptions& a, bool amounts) {
  sub->add_option("--from", a.signer.from, "Sign with this keystore key (name or address)");
  sub->add_option("--dev-account", a.signer.dev_account,
                  "Sign with a dev chain account: " + dev_account_names() +
                      ". These are the PUBLIC Hardhat keys of config/dev.toml: dev chain only");
  if (amounts) sub->add_flag("--raw", a.raw, "Take amounts, prices and factors as raw integers (engine units)");
  sub->add_flag("--no-wait", a.no_wait, "Print the transaction hash once admitted; do not wait for its block");
  sub->add_option("--wait-ms", a.wait_ms, "How long to wait for the receipt (at most 30000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{30000}));
}

namespace {

// Registers one sending command.
CLI::App* sender(CLI::App& parent, Commands& commands, const GlobalOptions& g, const std::shared_ptr<Args>& a,
                 const std::string& name, const std::string& help, DraftFn make, bool amounts = true) {
  CLI::App* sub = parent.add_subcommand(name, help);
  add_signer_options(sub, *a, amounts);
  commands.push_back({sub, [&g, a, make = std::move(make)] { return send_transaction(g, *a, make); }});
  return sub;
}

// Liquidity mining (engine/rewards.hpp): flux rewards claim [MARKET...] and flux
// rewards show WHO. Amounts are raw FLUX units (1e-18 FLUX).
void add_rewards_commands(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* rewards = app.add_subcommand("rewards", "Liquidity mining: FLUX earned by supplying and borrowing");
  rewards->require_subcommand(1);
  CLI::App* claim = sender(
      *rewards, commands, g, a, "claim", "Claim the FLUX accrued in MARKETs (none named: every market) (ClaimRewards)",
      [a](const TxBuilder& b, const SignerRef&, Session&) { return b.claim_rewards(a->markets); }, false);
  claim->add_option("markets", a->markets, "Markets (fUSDC ...); none: every market");
  CLI::App* show = rewards->add_subcommand("show", "The FLUX an account has accrued, and what a claim would pay now");
  show->add_option("who", a->who, "Address, keystore key name, or dev:NAME")->required();
  commands.push_back({show, [&g, a] {
                        const crypto::Address20 address = resolve_account(a->who, g.keys);
                        Session s(g);
                        const auto account = get_account(s, address);
                        if (!account)
                          throw failed(fmt::format("the node has never seen {}", crypto::to_checksum_address(address)));
                        if (!account->contains("rewards"))
                          throw failed("this chain has no governance token, so no liquidity mining");
                        const json& r = (*account)["rewards"];
                        if (g.json) print_json(r);
                        else
                          std::cout << fmt::format("{}: accrued {} FLUX units; a claim now pays {} (1e-18 FLUX)\n",
                                                   crypto::to_checksum_address(address), r.value("accrued", "0"),
                                                   r.value("claimable", "0"));
                        return exit_ok;
                      }});
}

// --- Queries -------------------------------------------------------------------------

void add_markets_command(CLI::App& app, const GlobalOptions& g, Commands& commands) {
  CLI::App* markets = app.add_subcommand("markets", "The node's markets: price, supplied, borrowed, rates, factors");
  commands.push_back({markets, [&g] {
                        Session s(g);
                        const json& m = s.markets_json();
                        if (g.json) print_json(m);
                        else print_markets(std::cout, m);
                        return exit_ok;
                      }});
}

void add_account_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* account = app.add_subcommand("account", "An account: wallet, positions, liquidity, health factor");
  account->add_option("who", a->who, "Address, keystore key name, or dev:NAME");
  account->add_option("--dev-account", a->signer.dev_account, "A dev account's name: " + dev_account_names());
  commands.push_back({account, [&g, a] {
                        if (a->who.empty() == a->signer.dev_account.empty())
                          throw usage_error(
                              "name one account: an address, a key name, dev:NAME, or --dev-account NAME");
                        const crypto::Address20 address =
                            resolve_account(a->who.empty() ? "dev:" + a->signer.dev_account : a->who, g.keys);
                        Session s(g);
                        const auto result = get_account(s, address);
                        if (!result)
                          throw failed(fmt::format("the node has never seen {} (no transaction, balance or role)",
                                                   crypto::to_checksum_address(address)));
                        if (g.json) print_json(*result);
                        else print_account(std::cout, *result, s.markets(), s.labels());
                        return exit_ok;
                      }});
}

void add_block_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* block = app.add_subcommand("block", "A block: header and transactions with their outcome");
  block->add_option("number", a->block, "A block number, or latest (the default)");
  commands.push_back({block, [&g, a] {
                        json number;
                        if (a->block == "latest") {
                          number = "latest";
                        } else {
                          std::string error;
                          const auto n = parse_raw(a->block, error);
                          if (!n || !fits_u64(*n)) throw usage_error("block: expected a block number or latest");
                          number = low_u64(*n);
                        }
                        Session s(g);
                        const json result = s.call("flux_getBlock", {{"number", number}, {"transactions", true}});
                        if (g.json) print_json(result);
                        else print_block(std::cout, result, s.labels());
                        return exit_ok;
                      }});
}

void add_receipt_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* receipt = app.add_subcommand("receipt", "A transaction's receipt, with its events in words");
  receipt->add_option("hash", a->hash, "The transaction hash (0x + 64 hex digits)")->required();
  commands.push_back({receipt, [&g, a] {
                        if (!crypto::Hash32::from_hex(a->hash, crypto::HexPrefix::required))
                          throw usage_error("receipt: expected a transaction hash, 0x + 64 hex digits");
                        Session s(g);
                        const json r = s.call("flux_getTransactionReceipt", {{"hash", a->hash}});
                        if (r.is_null())
                          throw failed(fmt::format("no receipt for {}: pending, or unknown to the node", a->hash));
                        if (g.json) print_json(r);
                        else print_receipt(std::cout, r, s.markets(), s.labels());
                        return exit_ok;
                      }});
}

void add_events_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* events = app.add_subcommand("events", "Engine events in a range of blocks (at most 1000)");
  events->add_option("--from", a->from_block, "First block (default: 999 before --to, or 0)");
  events->add_option("--to", a->to_block, "Last block (default: the latest)");
  events->add_option("--market", a->event_market, "Only this market's events");
  events->add_option("--account", a->event_account, "Only events of this account (address, key name, dev:NAME)");
  events->add_option("--event", a->event_name, "Only events of this kind (minted, borrowed, liquidated, ...)");
  commands.push_back({events, [&g, a] {
                        Session s(g);
                        std::uint64_t to = 0;
                        if (a->to_block) {
                          to = *a->to_block;
                        } else {
                          const json latest = s.call("flux_blockNumber");
                          if (!latest.is_number_unsigned())
                            throw CliError(exit_unreachable, "flux_blockNumber: the node did not answer an integer");
                          to = latest.get<std::uint64_t>();
                        }
                        const std::uint64_t from = a->from_block ? *a->from_block : (to >= 999 ? to - 999 : 0);
                        if (from > to) throw usage_error(fmt::format("events: --from {} is after --to {}", from, to));
                        if (to - from >= 1000) throw usage_error("events: at most 1000 blocks at once");
                        json params = {{"from_block", from}, {"to_block", to}};
                        if (!a->event_market.empty()) params["market"] = s.markets().market(a->event_market).symbol;
                        if (!a->event_account.empty())
                          params["account"] = lower_hex(resolve_account(a->event_account, g.keys));
                        if (!a->event_name.empty()) params["event"] = a->event_name;
                        const json result = s.call("flux_getEvents", params);
                        if (g.json) {
                          print_json(result);
                          return exit_ok;
                        }
                        // What a parameter or compliance change was depends on its transaction's type.
                        std::map<std::string, std::string> tx_types;
                        for (const json& e : result) {
                          const std::string kind = e.value("event", "");
                          const std::string hash = e.value("transaction_hash", "");
                          if ((kind != "parameter_changed" && kind != "compliance_changed") || hash.empty() ||
                              tx_types.count(hash) != 0)
                            continue;
                          const json r = s.call("flux_getTransactionReceipt", {{"hash", hash}});
                          tx_types[hash] = r.is_object() ? r.value("type", "") : "";
                        }
                        print_events(std::cout, result, s.markets(), s.labels(), tx_types);
                        return exit_ok;
                      }});
}

void add_nonce_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* nonce = app.add_subcommand("nonce", "An account's confirmed and next nonce");
  nonce->add_option("who", a->who, "Address, keystore key name, or dev:NAME")->required();
  commands.push_back({nonce, [&g, a] {
                        const crypto::Address20 address = resolve_account(a->who, g.keys);
                        Session s(g);
                        const json r = s.call("flux_getNonce", {{"address", lower_hex(address)}});
                        if (g.json) print_json(r);
                        else
                          std::cout << fmt::format("{}: confirmed {}, next {}\n", crypto::to_checksum_address(address),
                                                   r.value("confirmed", json()).dump(), r.value("next", json()).dump());
                        return exit_ok;
                      }});
}

void add_compliance_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* compliance = app.add_subcommand("compliance", "An account's KYC groups and sanctions status");
  compliance->add_option("who", a->who, "Address, keystore key name, or dev:NAME")->required();
  commands.push_back({compliance, [&g, a] {
                        const crypto::Address20 address = resolve_account(a->who, g.keys);
                        Session s(g);
                        const json r = s.call("flux_getCompliance", {{"address", lower_hex(address)}});
                        if (g.json) {
                          print_json(r);
                          return exit_ok;
                        }
                        std::string groups;
                        if (r.contains("kyc_groups") && r["kyc_groups"].is_array())
                          for (const json& gr : r["kyc_groups"]) groups += (groups.empty() ? "" : ", ") + gr.dump();
                        const bool sanctioned = r.value("sanctioned", false);
                        std::cout << fmt::format("{}: KYC groups: {}; sanctioned: {}\n",
                                                 crypto::to_checksum_address(address), groups.empty() ? "none" : groups,
                                                 sanctioned ? "YES" : "no");
                        return exit_ok;
                      }});
}

// --- Transactions ----------------------------------------------------------------------

// flux supply and flux withdraw.
void add_supply_commands(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* sub =
      sender(app, commands, g, a, "supply", "Supply an amount of the market's underlying (Mint)",
             [a](const TxBuilder& b, const SignerRef&, Session&) { return b.supply(a->market, a->amount); });
  sub->add_option("market", a->market, "Market (fUSDC) or its asset (USDC)")->required();
  sub->add_option("amount", a->amount, "Amount of the underlying, in whole tokens")->required();

  sub = sender(app, commands, g, a, "withdraw",
               "Withdraw an amount of the underlying (RedeemUnderlying), or all (Redeem every fToken)",
               [a](const TxBuilder& b, const SignerRef& signer, Session& s) {
                 std::optional<U256> tokens;
                 if (a->amount == "all") {
                   const std::string symbol = s.markets().market(a->market).symbol;
                   if (const auto acct = get_account(s, signer.address); acct && acct->contains("positions"))
                     for (const json& p : (*acct)["positions"])
                       if (p.value("market", "") == symbol && p.contains("ftokens") && p["ftokens"].is_string())
                         tokens = parse_u256(p["ftokens"].get<std::string>());
                 }
                 return b.withdraw(a->market, a->amount, tokens);
               });
  sub->add_option("market", a->market, "Market (fUSDC) or its asset (USDC)")->required();
  sub->add_option("amount", a->amount, "Amount of the underlying in whole tokens, or all")->required();
}

// flux borrow and flux repay.
void add_borrow_commands(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* sub =
      sender(app, commands, g, a, "borrow", "Borrow an amount of the market's underlying",
             [a](const TxBuilder& b, const SignerRef&, Session&) { return b.borrow(a->market, a->amount); });
  sub->add_option("market", a->market, "Market (fUSDC) or its asset (USDC)")->required();
  sub->add_option("amount", a->amount, "Amount of the underlying, in whole tokens")->required();

  sub = sender(app, commands, g, a, "repay", "Repay a borrow: an amount, or all of it; --for repays someone else's",
               [a, &g](const TxBuilder& b, const SignerRef& signer, Session&) {
                 const crypto::Address20 borrower =
                     a->for_account.empty() ? signer.address : resolve_account(a->for_account, g.keys);
                 return b.repay(a->market, a->amount, borrower);
               });
  sub->add_option("market", a->market, "Market (fUSDC) or its asset (USDC)")->required();
  sub->add_option("amount", a->amount, "Amount of the underlying in whole tokens, or all")->required();
  sub->add_option("--for", a->for_account, "The borrower (address, key name, dev:NAME); default the signer");
}

void add_liquidate_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* sub =
      sender(app, commands, g, a, "liquidate",
             "Repay part of a borrower's debt in MARKET and seize their COLLATERAL_MARKET fTokens",
             [a, &g](const TxBuilder& b, const SignerRef&, Session&) {
               return b.liquidate(resolve_account(a->borrower, g.keys), a->market, a->amount, a->collateral_market);
             });
  sub->add_option("borrower", a->borrower, "The borrower in shortfall (address, key name, dev:NAME)")->required();
  sub->add_option("market", a->market, "The market of the debt")->required();
  sub->add_option("amount", a->amount, "Amount of the debt's underlying to repay, in whole tokens")->required();
  sub->add_option("collateral_market", a->collateral_market, "The market whose fTokens are seized")->required();
}

// flux transfer (fTokens) and flux send-asset (wallet tokens).
void add_transfer_commands(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* sub = sender(app, commands, g, a, "transfer", "Transfer fTokens of a market to another account",
                         [a, &g](const TxBuilder& b, const SignerRef&, Session&) {
                           return b.transfer(a->market, resolve_account(a->to, g.keys), a->tokens);
                         });
  sub->add_option("market", a->market, "Market (fUSDC)")->required();
  sub->add_option("to", a->to, "Recipient (address, key name, dev:NAME)")->required();
  sub->add_option("tokens", a->tokens, "fTokens (8 decimals)")->required();

  sub = sender(app, commands, g, a, "send-asset", "Send wallet tokens of an asset (TransferAsset)",
               [a, &g](const TxBuilder& b, const SignerRef&, Session&) {
                 return b.send_asset(a->asset, resolve_account(a->to, g.keys), a->amount);
               });
  sub->add_option("asset", a->asset, "Asset (USDC)")->required();
  sub->add_option("to", a->to, "Recipient (address, key name, dev:NAME)")->required();
  sub->add_option("amount", a->amount, "Amount in whole tokens")->required();
}

// flux enter and flux exit.
void add_collateral_commands(CLI::App& app, const GlobalOptions& g, Commands& commands,
                             const std::shared_ptr<Args>& a) {
  CLI::App* sub = sender(
      app, commands, g, a, "enter", "Use supplied markets as collateral (EnterMarkets)",
      [a](const TxBuilder& b, const SignerRef&, Session&) { return b.enter(a->markets); }, false);
  sub->add_option("markets", a->markets, "Markets to enter")->required();

  sub = sender(
      app, commands, g, a, "exit", "Stop using a market as collateral (ExitMarket)",
      [a](const TxBuilder& b, const SignerRef&, Session&) { return b.exit(a->market); }, false);
  sub->add_option("market", a->market, "Market to exit")->required();
}

// flux tx: any transaction type, with raw field values.
void add_tx_command(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* tx = sender(
      app, commands, g, a, "tx",
      "Any transaction type with raw field values: flux tx SetCloseFactor value=500000000000000000",
      [a](const TxBuilder&, const SignerRef&, Session&) { return generic_draft(a->type, a->assignments); }, false);
  tx->add_option("type", a->type, "The transaction type (Mint, SetRateModel, ...)")->required();
  tx->add_option("fields", a->assignments, "field=value for every field but sender and nonce (string[]: a,b,c)");
}

// --- Roles -------------------------------------------------------------------------------

// flux admin set-price, set-collateral-factor, set-reserve-factor, set-borrow-cap, set-supply-cap.
void add_market_parameter_commands(CLI::App& admin, const GlobalOptions& g, Commands& commands,
                                   const std::shared_ptr<Args>& a) {
  CLI::App* sub =
      sender(admin, commands, g, a, "set-price", "Set a market's oracle price, in USD per whole token (oracle)",
             [a](const TxBuilder& b, const SignerRef&, Session&) { return b.set_price(a->market, a->value); });
  sub->add_option("market", a->market, "Market")->required();
  sub->add_option("price", a->value, "USD per whole token (\"99.5\")")->required();

  sub = sender(
      admin, commands, g, a, "set-collateral-factor", "Set a market's collateral factor, e.g. 0.8 (admin)",
      [a](const TxBuilder& b, const SignerRef&, Session&) { return b.set_collateral_factor(a->market, a->value); });
  sub->add_option("market", a->market, "Market")->required();
  sub->add_option("factor", a->value, "A fraction, at most 0.98")->required();

  sub =
      sender(admin, commands, g, a, "set-reserve-factor", "Set a market's reserve factor, e.g. 0.1 (admin)",
             [a](const TxBuilder& b, const SignerRef&, Session&) { return b.set_reserve_factor(a->market, a->value); });
  sub->add_option("market", a->market, "Market")->required();
  sub->add_option("factor", a->value, "A fraction from 0 to 1")->required();

  sub = sender(admin, commands, g, a, "set-borrow-cap", "Set a market's borrow cap in whole tokens, 0 = none (admin)",
               [a](const TxBuilder& b, const SignerRef&, Session&) { return b.set_borrow_cap(a->market, a->value); });
  sub->add_option("market", a->market, "Market")->required();
  sub->add_option("amount", a->value, "Cap in whole tokens of the underlying")->required();

  sub = sender(admin, commands, g, a, "set-supply-cap", "Set a market's supply cap in whole tokens, 0 = none (admin)",
               [a](const TxBuilder& b, const SignerRef&, Session&) { return b.set_supply_cap(a->market, a->value); });
  sub->add_option("market", a->market, "Market")->required();
  sub->add_option("amount", a->value, "Cap in whole tokens of the underlying")->required();
}

// flux admin pause and unpause.
void add_pause_commands(CLI::App& admin, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  for (const bool paused : {true, false}) {
    CLI::App* sub = sender(
        admin, commands, g, a, paused ? "pause" : "unpause",
        paused ? "Pause mint or borrow in a market, or transfer or seize everywhere (guardian or admin)"
               : "Unpause mint or borrow in a market, or transfer or seize (admin)",
        [a, paused](const TxBuilder& b, const SignerRef&, Session&) {
          return b.pause(paused, a->action, a->opt_market);
        },
        false);
    sub->add_option("action", a->action, "mint, borrow, transfer or seize")
        ->required()
        ->check(CLI::IsMember({"mint", "borrow", "transfer", "seize"}));
    sub->add_option("market", a->opt_market, "The market (mint and borrow only)");
  }
}

// flux admin kyc, sanction and unsanction.
void add_compliance_role_commands(CLI::App& admin, const GlobalOptions& g, Commands& commands,
                                  const std::shared_ptr<Args>& a) {
  CLI::App* sub = sender(
      admin, commands, g, a, "kyc", "Grant or revoke a KYC group (compliance)",
      [a, &g](const TxBuilder& b, const SignerRef&, Session&) {
        return b.kyc(a->action == "grant", resolve_account(a->who, g.keys), a->group);
      },
      false);
  sub->add_option("action", a->action, "grant or revoke")->required()->check(CLI::IsMember({"grant", "revoke"}));
  sub->add_option("who", a->who, "Account (address, key name, dev:NAME)")->required();
  sub->add_option("group", a->group, "KYC group number")->required();

  for (const bool sanctioned : {true, false}) {
    sub = sender(
        admin, commands, g, a, sanctioned ? "sanction" : "unsanction",
        sanctioned ? "Add an account to the sanctions list (compliance)"
                   : "Remove an account from the sanctions list (compliance)",
        [a, &g, sanctioned](const TxBuilder& b, const SignerRef&, Session&) {
          return b.sanction(sanctioned, resolve_account(a->who, g.keys));
        },
        false);
    sub->add_option("who", a->who, "Account (address, key name, dev:NAME)")->required();
  }
}

void add_issue_command(CLI::App& admin, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* sub =
      sender(admin, commands, g, a, "issue", "Issue new units of an asset to an account (the asset's issuer)",
             [a, &g](const TxBuilder& b, const SignerRef&, Session&) {
               return b.issue(a->asset, resolve_account(a->to, g.keys), a->amount);
             });
  sub->add_option("asset", a->asset, "Asset (OUSG)")->required();
  sub->add_option("to", a->to, "Recipient (address, key name, dev:NAME)")->required();
  sub->add_option("amount", a->amount, "Amount in whole tokens")->required();
}

// flux admin ...: the role operations.
void add_admin_commands(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<Args>& a) {
  CLI::App* admin = app.add_subcommand("admin", "Role operations: admin, oracle, guardian, compliance, issuer");
  admin->require_subcommand(1);
  for (const auto add :
       {add_market_parameter_commands, add_pause_commands, add_compliance_role_commands, add_issue_command})
    add(*admin, g, commands, a);
}

}  // namespace

// In the order `flux --help` lists the commands.
void add_node_commands(CLI::App& app, GlobalOptions& globals, Commands& commands) {
  auto a = std::make_shared<Args>();
  const GlobalOptions& g = globals;
  add_markets_command(app, g, commands);
  for (const auto add : {// Queries
                         add_account_command, add_block_command, add_receipt_command, add_events_command,
                         add_nonce_command, add_compliance_command,
                         // Transactions
                         add_supply_commands, add_borrow_commands, add_liquidate_command, add_transfer_commands,
                         add_collateral_commands, add_tx_command,
                         // Roles, liquidity mining
                         add_admin_commands, add_rewards_commands})
    add(app, g, commands, a);
}

}  // namespace flux::cli
