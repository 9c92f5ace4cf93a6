// Governance through a running node, and the dev chain's block miner.
//
//   flux gov delegate self|none|WHO                  Delegate (none: delegate to no one)
//   flux gov propose --description TEXT [--action JSON]... [ACTION...]
//   flux gov vote ID for|against|abstain [--reason TEXT]
//   flux gov queue ID | execute ID | cancel ID
//   flux gov show ID | list [--state S] | votes WHO [--block N] | params
//   flux dev mine N | --seconds S                    N empty blocks at once, or as many as governance
//                                                    counts in S seconds (fluxd --dev only)
//
// A proposal's actions are written as subcommand-like specs after propose's own
// options (--description, --action, the signer options), each starting with its name:
//   list-market SYMBOL --asset A --template stablecoin|volatile|permissioned-fund
//       [--price USD] [--price-cap USD] [--collateral-factor F] [--reserve-factor F]
//       [--seize-share F] [--seed N] [--borrow-cap N] [--supply-cap N]
//       [--access open|permissionless|permissioned] [--kyc-group G]
//       [--initial-exchange-rate R] [--mint-paused true|false] [--borrow-paused true|false]
//     every field the template does not override comes from the same template table
//     as the genesis (src/node/genesis/config.hpp), in the same human units
//   set-collateral-factor MARKET F | set-reserve-factor MARKET F
//   set-borrow-cap MARKET AMOUNT | set-supply-cap MARKET AMOUNT      (0: no cap)
//   set-governance-parameter NAME VALUE   proposal_threshold and quorum_votes in whole
//       FLUX, voting_delay, voting_period and timelock_delay in seconds
// and --action JSON gives any action as the node takes it (docs/rpc.md), e.g.
//   --action '{"type":"SetCloseFactor","value":"400000000000000000"}'
// --action actions come first, then the specs, in the order given.
#pragma once

#include "cli/command.hpp"
#include "cli/market_directory.hpp"

#include <map>
#include <string>
#include <vector>

namespace flux::cli {

// The action specs (the words after propose's options) as the action texts a Propose
// carries (compact JSON objects). `asset_decimals`: every asset of the node by symbol.
// Throws CliError (usage) naming the spec and what is wrong.
std::vector<std::string> parse_action_specs(const std::vector<std::string>& words, const MarketDirectory& markets,
                                            const std::map<std::string, unsigned>& asset_decimals, bool raw);

void add_gov_commands(CLI::App& app, GlobalOptions& globals, Commands& commands);

}  // namespace flux::cli
