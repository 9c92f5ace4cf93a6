// The node's genesis configuration: a TOML file that describes the chain's first
// state. This file parses and validates it; genesis.hpp turns it into a State by
// calling the engine.
//
// ---------------------------------------------------------------------------------
// Schema (config/dev.toml is a complete example)
// ---------------------------------------------------------------------------------
//
// Numbers that are fractions, prices or token amounts are written as DECIMAL STRINGS
// in human units ("0.85", "1.05", "1000000", "0.000001") and converted exactly, with
// no floating point (decimal.hpp). A TOML integer is accepted too where a decimal is
// expected (`seed = 1`); a TOML float is refused, because it is not exact ("0.83" is
// not a double). There is no raw-integer form: every value is in human units, so a
// file never mixes 0.85 and 850000000000000000.
//
//   chain_id              integer >= 1, required
//   block_interval_ms     integer in [10, 60000]; default 1000
//   blocks_per_year       integer >= 1; default 2628000 (Flux Finance, i.e. 12 s
//                         blocks). It only converts the rate models' per-year
//                         parameters to per block: with 1 s blocks and the default,
//                         the real yearly rates are 12x the nominal ones.
//   rule_version          integer in [1, the highest this build implements]; default 1.
//                         The protocol rules the chain starts under (engine/upgrade.hpp):
//                         from 2, a block's state hash is the state root, updated from
//                         what each transaction changed (engine/state_root.hpp).
//   start_block           integer >= 0; default 0. The genesis requests run at this
//                         block (markets accrue from it); the first block the node
//                         produces is start_block + 1.
//   close_factor          decimal in [0.05, 0.9]; default "0.5" (Flux Finance)
//   liquidation_incentive decimal in [1.0, 1.5]; default "1.05" (Flux Finance)
//                         Both bounds are the NODE's: the engine has none, as the
//                         reference Comptroller has none. 0.05..0.9 keeps a
//                         liquidation meaningful but partial; 1.0..1.5 never pays
//                         less than the debt repaid and caps the liquidator's bonus.
//   transfer_paused       bool, default false: pause fToken transfers protocol-wide
//   seize_paused          bool, default false: pause liquidation seizes protocol-wide
//   sanctions             array of addresses on the sanctions list; default []
//
//   [roles]                    every value an address
//   admin, oracle, pause_guardian, compliance      required (one account may hold several)
//   sanctions_admin            optional delegate for the sanctions list
//   locked_supply_holder       default 0x000000000000000000000000000000000000dEaD,
//                              which no key controls; receives every market's seed fTokens
//   [roles.kyc_group_admins]   group = address, e.g. `1 = "0x..."`: a delegate per group
//
//   [[assets]]            the underlying tokens, in id order
//   symbol                required, unique ("USDC")
//   decimals              integer in [0, 36], required (prices are scaled by 10^(36-decimals))
//   issuer                optional address allowed to issue and burn it
//   permissioned          bool, default false: holders must be KYC'd in kyc_group
//   kyc_group             integer, default 1; only for a permissioned asset
//
//   [[markets]]           listed in this order (market id = index)
//   symbol                required, unique ("fUSDC")
//   asset                 required: an [[assets]] symbol
//   template              required: "stablecoin", "volatile" or "permissioned-fund"
//   every other field overrides the template (see below):
//   collateral_factor, reserve_factor, protocol_seize_share     decimals (mantissas)
//   rate_model            table: kind ("jump" or "linear"), base_per_year,
//                         multiplier_per_year, jump_multiplier_per_year, kink (decimals;
//                         the last two for "jump" only). Fields not given keep the
//                         template's; switching a jump template to "linear" drops its
//                         jump fields.
//   access                "open", "permissionless" or "permissioned"
//   kyc_group             integer >= 0
//   borrow_cap, supply_cap   whole tokens; "0" (the default) means no cap
//   initial_exchange_rate whole underlying tokens per whole fToken; default "0.02",
//                         i.e. one whole token mints 50 fTokens (see below)
//   price                 USD per whole token ("1", "100.25"); default none (0). The
//                         engine refuses a non-zero collateral factor without a price.
//   price_cap             USD per whole token; default none (0)
//   seed                  whole tokens the admin supplies at listing (the fTokens go
//                         to locked_supply_holder forever); default "1"
//   mint_paused, borrow_paused   bools
//
//   [[balances]]          dev wallets: account (address), asset (symbol), amount (whole tokens)
//
//   protocol              "compound" (the default: everything above) or "flux-protocol":
//                         01 Finance's rules (docs/flux-protocol.md). A Flux Protocol
//                         file has no close_factor, liquidation_incentive, pauses,
//                         [governance], [[delegations]], [[kyc]] or sanctions (Compound's
//                         rules only; each is an error there), and:
//   start_time            Flux Protocol only: the genesis's time, Unix seconds; default 0.
//                         Blocks carry their own time; interest accrues per second.
//   [roles]               admin (the owner) and oracle; pause_guardian and compliance
//                         default to the admin; no sanctions_admin, kyc_group_admins or
//                         locked_supply_holder, no permissioned asset, no blocks_per_year
//   [flux_protocol]       required with "flux-protocol":
//   guard                 required address: the Guard's account (margin calls move
//                         positions nobody liquidates to it); not the admin, the oracle
//                         or the team
//   team                  optional address: receives withdrawn reserves and half of each
//                         liquidation fee (none: the Guard keeps the whole fee)
//   tax_rate              decimal in [0, 1]; default "0.1": the share of interest to reserves
//   liquidation_fee       decimal in [0, 0.1]; default "0.06"
//   [flux_protocol.fixes] each deliberate fix (docs/flux-protocol.md) = true or false;
//                         every one is on unless switched off here
//   [[markets]]           symbol, asset, collateral_ratio (required, decimal in (1, 10]),
//                         tax_rate (optional, [0, 1]; 0: the deployment's), price,
//                         borrow_cap (as above). No template, price cap or seed:
//                         a pool starts empty, with an exchange rate of 1.
//   [[kyc]]               KYC grants: account (address), group (integer)
//
//   [governance]          optional: FLUX votes, the governor and the timelock
//                         (src/engine/governor.hpp). Without it the chain has none and
//                         the admin keeps its key.
//   token                 required: an [[assets]] symbol with 18 decimals that no
//                         [[markets]] entry uses (FLUX is never a market's underlying)
//   timelock              address; default 0x000000000000000000000000000000000000f10c,
//                         which no key controls (like 0x…dEaD: nobody knows a key for
//                         it). It must not be the locked supply holder.
//   proposal_threshold    whole FLUX, decimal string; default "100000000" (Flux Finance)
//   quorum                whole FLUX, decimal string; default "1000000" (Flux Finance).
//                         Both within [1000, 1000000000] FLUX (the engine's bounds).
//   voting_delay          SECONDS, [1, 604800] (a week); default 1
//   voting_period         SECONDS, [86400, 1209600] (1 to 14 days); default 259200 (3 days)
//   timelock_delay        SECONDS, [86400, 2592000] (1 to 30 days); default 86400 (1 day)
//   A value outside its bounds is an error naming its path and line. The engine
//   counts each duration as ceil(seconds * 1000 / block_interval_ms) blocks of this
//   chain (engine/governor.hpp), so a day is 86,400 blocks at the default 1 s blocks;
//   the timelock's 14-day grace period is converted alike.
//
//   [[delegations]]       requires [governance]: account (address) delegates its FLUX
//   account, delegatee    votes to delegatee (itself: its own votes count). Applied
//                         last, so dev holders have active votes from block 1.
//
// With [governance], the genesis runs everything above with the configured admin key
// (market listings, faucets, pauses), then installs governance: from then on the
// timelock is the ONLY admin, so every admin operation (listing a market, setting a
// factor, a cap, unpausing, the governor's own parameters) comes from an executed
// proposal. The pause guardian can still pause (never unpause); the oracle, the
// compliance account and the asset issuers keep their keys. A ListMarket action pays
// its seed from the admin's wallet, which is then the timelock's: give the timelock a
// [[balances]] entry of each asset a proposal may list.
//
// Unknown keys are errors (a misspelt override must not be ignored silently).
//
// Units. Mantissas are value * 1e18. Token amounts are value * 10^decimals. Prices are
// Compound's oracle unit, USD per whole token * 10^(36 - decimals), so "1" for USDC
// (6 decimals) is 1e30 and for DAI (18) is 1e18. The initial exchange rate is a
// mantissa of underlying units per fToken unit (fTokens have 8 decimals):
//   mantissa = rate * 10^decimals / 10^8 * 1e18 = rate * 10^(10 + decimals),
// so "0.02" is 2e26 for 18 decimals and 2e14 for 6 (Flux Finance's values), and
// seeding 1 USDC = 1e6 units mints 1e6 * 1e18 / 2e14 = 5e9 fToken units = 50 fTokens.
//
// ---------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------
//
//                      stablecoin          volatile            permissioned-fund
//   collateral_factor  0.85                0.70                0.92
//   reserve_factor     0                   0.20                0
//   protocol_seize_share 0.0175            0.028               0
//   rate_model         jump 0 / 0.0383 / 0.35 / kink 0.9       (all three; volatile:)
//                                          jump 0.02 / 0.23 / 1.0 / kink 0.8
//   access, kyc_group  permissionless, 1   permissionless, 1   permissioned, 1
//   borrow_paused      false               false               true (collateral only)
//   caps, price        none; initial_exchange_rate "0.02"; seed "1"
//
// Sources. stablecoin and permissioned-fund are Flux Finance's production markets
// (docs/protocol.md#flux-finance-production-numbers): reserve factor 0; one jump model for every market (base
// 0, 3.83%/yr at the kink 0.9, jump 35%/yr); USDC's collateral factor 0.85 (DAI's
// 0.83 is an override); seize share 1.75% on permissionless markets and 0 on the fund
// market; the fund (OUSG) is collateral only with factor 0.92; all use KYC group 1.
// volatile has no Flux Finance counterpart, so it takes Compound V2's numbers for its
// volatile markets (cWBTC2/cETH), because Flux is Compound V2 and those values have
// run in production: collateral factor 0.70 (cWBTC2), reserve factor 0.20 (cWBTC2,
// cETH), protocol seize share 2.8% (Compound's), a jump model with base 2%/yr and
// 25%/yr at an 0.8 kink (cWBTC's on-chain rate at 80% utilization), and a jump of
// 100%/yr beyond the kink (a round value in Compound's range; tune per asset). Access
// stays Flux's permissionless with group 1, like every Flux Finance market.
//
// ---------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------
//
// Accounts are Ethereum addresses: "0x" + 40 hex digits. They are normalised to
// lowercase, and the engine's account name is that lowercase string. This library
// does not depend on flux_crypto, so it does not verify EIP-55 checksums itself: a
// caller that can (the node) passes ParseOptions::checksum_valid, which is asked
// about every mixed-case address; without it, mixed case is accepted unchecked.
// All-lowercase and all-uppercase addresses carry no checksum, as in EIP-55.
//
// Errors throw GenesisError, whose message names the file, the line where toml++
// knows it, the TOML path ("markets[1].collateral_factor") and what is wrong.
#pragma once

#include "engine/error.hpp"
#include "engine/flux_protocol/deployment.hpp"
#include "engine/numbers/uint256.hpp"
#include "engine/rate_model.hpp"
#include "engine/state.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flux::genesis {

// The unspendable address (no known key): the default locked supply holder.
inline constexpr std::string_view dead_address = "0x000000000000000000000000000000000000dead";

// The node's bounds.
inline constexpr std::uint64_t min_block_interval_ms = 10;
inline constexpr std::uint64_t max_block_interval_ms = 60'000;
inline constexpr std::uint64_t default_block_interval_ms = 1'000;
inline constexpr std::uint64_t default_blocks_per_year = 2'628'000;
inline constexpr unsigned max_decimals = 36;
// The latest genesis time (Unix seconds): 9999-12-31T23:59:59Z.
inline constexpr std::int64_t max_start_time = 253'402'300'799;
// As decimal strings, parsed like the file's values: close factor [0.05, 0.9],
// liquidation incentive [1.0, 1.5].
inline constexpr std::string_view min_close_factor = "0.05";
inline constexpr std::string_view max_close_factor = "0.9";
inline constexpr std::string_view min_liquidation_incentive = "1.0";
inline constexpr std::string_view max_liquidation_incentive = "1.5";
inline constexpr std::string_view default_close_factor = "0.5";
inline constexpr std::string_view default_liquidation_incentive = "1.05";

// Where a value is in the TOML file.
struct Location {
  std::string path;        // "markets[1].collateral_factor"; "" for the whole document
  std::uint32_t line = 0;  // 1-based; 0 when unknown
  bool operator==(const Location&) const = default;
};

// A configuration error: "<source>:<line>: <path>: <problem>".
class GenesisError : public std::runtime_error {
 public:
  GenesisError(const std::string& source, Location where, std::string problem,
               std::optional<Error> engine_error = std::nullopt);
  const Location& where() const { return where_; }
  const std::string& problem() const { return problem_; }
  // Set when the engine refused a genesis request.
  std::optional<Error> engine_error() const { return engine_error_; }

 private:
  Location where_;
  std::string problem_;
  std::optional<Error> engine_error_;
};

struct RolesConfig {
  std::string admin, oracle, pause_guardian, compliance;  // lowercase addresses
  std::optional<std::string> sanctions_admin;
  std::map<std::uint32_t, std::string> kyc_group_admins;
  std::string locked_supply_holder{dead_address};
  Location where;
};

struct AssetSpec {
  std::string symbol;
  std::uint8_t decimals = 18;
  std::optional<std::string> issuer;
  bool permissioned = false;
  std::uint32_t kyc_group = 0;
  Location where;
};

// A market with its template applied and every value converted to engine units.
struct MarketSpec {
  std::string symbol;
  std::string asset;           // an AssetSpec symbol
  std::string template_name;   // for display
  U256 collateral_factor;      // mantissa
  U256 reserve_factor;         // mantissa
  U256 protocol_seize_share;   // mantissa
  RateModelParams rate_model;  // per-year mantissas
  Access access = Access::permissionless;
  std::uint32_t kyc_group = 1;
  U256 borrow_cap;             // underlying units
  U256 supply_cap;             // underlying units
  U256 initial_exchange_rate;  // mantissa
  U256 price;                  // USD per whole token * 10^(36 - decimals)
  U256 price_cap;              // same unit
  U256 seed;                   // underlying units
  bool mint_paused = false;
  bool borrow_paused = false;
  // Flux Protocol only (protocol = "flux-protocol"): the pool's terms.
  U256 collateral_ratio;  // mantissa, > 1
  U256 tax_rate;          // mantissa; 0: the deployment's
  Location where;         // the [[markets]] entry
  Location seed_where;    // its seed (the faucet step)
};

struct BalanceSpec {
  std::string account;
  std::string asset;
  U256 amount;  // underlying units
  Location where;
};

struct KycGrant {
  std::string account;
  std::uint32_t group = 0;
  Location where;
};

struct Sanction {
  std::string account;
  Location where;
};

// The default timelock: an address no key controls (see [governance] above).
inline constexpr std::string_view default_timelock_address = "0x000000000000000000000000000000000000f10c";

struct GovernanceConfig {
  std::string token;  // an AssetSpec symbol
  std::string timelock{default_timelock_address};
  U256 proposal_threshold;                                                // votes (1e-18 FLUX)
  U256 quorum;                                                            // votes
  std::uint64_t voting_delay = 0, voting_period = 0, timelock_delay = 0;  // seconds
  Location where;
};

// [flux_protocol]: a Flux Protocol deployment's settings (engine/flux_protocol/deployment.hpp).
struct FluxProtocolConfig {
  U256 tax_rate;         // mantissa
  U256 liquidation_fee;  // mantissa
  std::optional<std::string> team;
  std::string guard;
  flux_protocol::Fixes fixes;  // all on unless the file switches one off
  Location where;
};

struct DelegationSpec {
  std::string account;
  std::string delegatee;
  Location where;
};

struct GenesisConfig {
  std::string source;  // the file name, for error messages
  Protocol protocol = Protocol::compound;
  std::uint64_t start_time = 0;                     // Flux Protocol: the genesis's time, Unix seconds
  std::optional<FluxProtocolConfig> flux_protocol;  // set exactly when protocol is flux_protocol
  std::uint64_t chain_id = 0;
  std::uint64_t block_interval_ms = default_block_interval_ms;
  std::uint64_t blocks_per_year = default_blocks_per_year;
  std::uint32_t rule_version = 1;
  std::uint64_t start_block = 0;
  U256 close_factor;           // mantissa
  U256 liquidation_incentive;  // mantissa
  bool transfer_paused = false;
  bool seize_paused = false;
  Location close_factor_where, liquidation_incentive_where, transfer_paused_where, seize_paused_where;
  RolesConfig roles;
  std::vector<AssetSpec> assets;
  std::vector<MarketSpec> markets;
  std::vector<BalanceSpec> balances;
  std::vector<KycGrant> kyc;
  std::vector<Sanction> sanctions;
  std::optional<GovernanceConfig> governance;
  std::vector<DelegationSpec> delegations;
};

struct ParseOptions {
  // Asked about every mixed-case address exactly as written; false means it is not a
  // valid EIP-55 checksum (the node passes flux::crypto::parse_address). Unset: no
  // checksum check.
  std::function<bool(std::string_view address)> checksum_valid;
};

// The names of the built-in templates, in documentation order.
const std::vector<std::string>& template_names();

// A template's values for an asset with `decimals` decimals (symbol, asset and
// location left empty). Throws std::invalid_argument for an unknown name.
MarketSpec template_defaults(std::string_view template_name, std::uint8_t decimals);

// Parses and validates a genesis file's text. Throws GenesisError.
GenesisConfig parse_genesis_config(std::string_view toml_text, std::string source_name = "genesis.toml",
                                   const ParseOptions& options = {});

// Reads and parses a file. Throws GenesisError (also when it cannot be read).
GenesisConfig load_genesis_config(const std::string& path, const ParseOptions& options = {});

// "0x" + 40 hex digits, returned lowercase; nothing if the text is not one.
std::optional<std::string> normalise_address(std::string_view text);

}  // namespace flux::genesis
