// The flux commands that talk to a running node (docs/rpc.md): queries and
// transactions. Global options: --rpc URL (else $FLUX_RPC, else
// http://127.0.0.1:8545) and --json (print the node's JSON result instead of tables).
//
// Queries
//   flux markets                       every market: price, supplied, borrowed, rates, factors, caps
//   flux account [WHO] [--dev-account NAME]   wallet, positions, liquidity, health factor
//   flux block [N|latest]              a header and its transactions with their outcome
//   flux receipt HASH                  a transaction's receipt, its events in words
//   flux events [--from N] [--to M] [--market M] [--account WHO] [--event NAME]
//   flux nonce WHO                     confirmed and next nonce
//   flux compliance WHO                KYC groups and sanctions
// WHO is an address, a keystore key's name, or dev:NAME for a dev account.
//
// Transactions (each is signed with EIP-712, sent with flux_sendTransaction, and
// waited for with flux_waitForReceipt; the outcome is printed: ok with its events,
// or the engine's error). Signer: --from NAME|ADDRESS (keystore) or --dev-account
// NAME (the dev chain's public keys). AMOUNTs are whole-token decimals of the
// market's underlying ("1000.5"); --raw takes raw integers for every number.
//   flux supply MARKET AMOUNT                       Mint
//   flux withdraw MARKET AMOUNT|all                 RedeemUnderlying (all: Redeem every fToken)
//   flux borrow MARKET AMOUNT                       Borrow
//   flux repay MARKET AMOUNT|all [--for WHO]        Repay (all: the whole borrow)
//   flux liquidate BORROWER MARKET AMOUNT COLLATERAL_MARKET
//   flux transfer MARKET TO TOKENS                  Transfer (fTokens, 8 decimals)
//   flux send-asset ASSET TO AMOUNT                 TransferAsset (wallet tokens)
//   flux enter MARKET...  /  flux exit MARKET       EnterMarkets / ExitMarket
//   flux admin set-price MARKET USD | set-collateral-factor MARKET F | set-reserve-factor MARKET F
//              | set-borrow-cap MARKET AMOUNT | set-supply-cap MARKET AMOUNT
//              | pause ACTION [MARKET] | unpause ACTION [MARKET]
//              | kyc grant|revoke WHO GROUP | sanction WHO | unsanction WHO | issue ASSET TO AMOUNT
//   flux tx TYPE field=value...                     any transaction type, raw values
//   flux rewards claim [MARKET...]                  ClaimRewards (none named: every market)
//   flux rewards show WHO                           FLUX accrued and claimable now (raw units)
// Exit codes: errors.hpp.
#pragma once

#include "cli/command.hpp"

namespace flux::cli {

void add_node_commands(CLI::App& app, GlobalOptions& globals, Commands& commands);

}  // namespace flux::cli
