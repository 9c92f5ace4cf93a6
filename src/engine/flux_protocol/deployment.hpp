// What a Flux Protocol deployment keeps beyond the markets and accounts it shares with
// Compound's rules (state_types.hpp): each pool's terms and escalator, the
// deployment's settings (FluxApp's switches and configuration, the Guard, the team
// account), and per account the ordered set of markets it is in, its fToken
// allowances and its credit line. docs/flux-protocol.md describes the rules.
//
// Units as in state_types.hpp, except that a Flux Protocol fToken has the decimals of
// its underlying, a price is USD per whole token as a 1e18 mantissa (converted from
// the Compound unit the market stores), and a market's book counts time in seconds:
// its accrual_block is the timestamp of its last accrual.
#pragma once

#include "engine/flux_protocol/escalator.hpp"
#include "engine/numbers/uint256.hpp"

#include <cstdint>
#include <vector>

namespace flux {

// The rules a deployment runs under, chosen in its genesis.
enum class Protocol : std::uint8_t {
  compound = 0,       // Compound V2 / Flux Finance: per-block interest, close factor, incentive
  flux_protocol = 1,  // 01 Finance's Flux Protocol: per-second interest, whole positions, the Guard
};
const char* protocol_name(Protocol p);  // "compound", "flux-protocol"

}  // namespace flux

namespace flux::flux_protocol {

enum class MarketStatus : std::uint8_t { opened = 1, stopped = 2 };

// One pool's own terms (FluxApp's market record) and its rate escalator.
struct PoolTerms {
  U256 collateral_ratio;  // > 1e18: the borrow limit is the supply value divided by it
  U256 tax_rate;          // share of interest to reserves; 0: the deployment's
  MarketStatus status = MarketStatus::opened;
  Escalator escalator;
  bool operator==(const PoolTerms&) const = default;
};

// Where Flux departs from the reference contracts, each a named rule a deployment can
// switch off (all off to replay the reference's traces; all on by default).
struct Fixes {
  // The escalator's previous slot is the one 15 hours before (escalator.hpp).
  bool escalator_by_time = true;
  // A pool whose reserves exceed its cash still accrues (accrual.hpp).
  bool accrue_beyond_reserves = true;
  // Redeeming an amount of underlying burns the fTokens rounded up, not down.
  bool redeem_rounds_up = true;
  // Collateral in a market without the cash to pay it out moves as fTokens, to the
  // liquidator or the Guard, without a redeem check on the underwater borrower (the
  // reference fails both, so the position stays underwater).
  bool illiquid_collateral_moves = true;
  // Liquidation and margin call judge the borrower on every market it holds or owes in,
  // accrued to now (the reference reads them as last accrued).
  bool fresh_eligibility = true;
  // Withdrawing reserves accrues the market first (the reference pays those of the
  // last accrual).
  bool reserves_after_accrual = true;
  // A full repay, a liquidation and a margin call take the market out of the
  // borrower's set when nothing is left there (the reference leaves it, counting
  // towards the 20-market limit).
  bool membership_updates = true;
  bool operator==(const Fixes&) const = default;
};

// Every fix off: the reference contracts exactly (to replay their traces).
constexpr Fixes reference_rules() {
  return Fixes{.escalator_by_time = false,
               .accrue_beyond_reserves = false,
               .redeem_rounds_up = false,
               .illiquid_collateral_moves = false,
               .fresh_eligibility = false,
               .reserves_after_accrual = false,
               .membership_updates = false};
}

// FluxApp's switches, configuration and the Guard.
struct Settings {
  bool supply_disabled = false;
  bool borrow_disabled = false;
  bool liquidation_disabled = false;
  bool all_actions_locked = false;
  U256 tax_rate;              // the deployment's share of interest to reserves, a mantissa
  U256 liquidation_fee_rate;  // taken from seized collateral, a mantissa, at most 10%
  // Receives withdrawn reserves and half of every liquidation fee; no_account: none
  // (then the Guard keeps the whole fee and reserves cannot be withdrawn).
  std::uint32_t team = 0xFFFF'FFFFU;
  // The backstop's account: absorbs positions nobody liquidates (margin call).
  std::uint32_t guard = 0xFFFF'FFFFU;
  Fixes fixes;
  bool operator==(const Settings&) const = default;
};

// One fToken allowance: `spender` may move `amount` of the owner's fTokens in `market`.
struct Allowance {
  std::uint16_t market = 0;
  std::uint32_t spender = 0;
  U256 amount;
  bool operator==(const Allowance&) const = default;
};

// A credit line's limit in one market: USD x 1e18, compared with the account's whole
// borrow value.
struct CreditLimit {
  std::uint16_t market = 0;
  U256 limit;
  bool operator==(const CreditLimit&) const = default;
};

// What one account has beyond its wallet and positions.
struct ProtocolAccount {
  // The markets it is in, in the order the reference keeps them (appended on joining,
  // the last moved into the gap on leaving): liquidation and margin call visit them in
  // this order. At most 20.
  std::vector<std::uint16_t> joined;
  std::vector<Allowance> allowances;  // sorted by (market, spender); no zero amounts
  bool credit_borrower = false;
  std::vector<CreditLimit> credit_limits;  // sorted by market; no zero limits
  bool operator==(const ProtocolAccount&) const = default;

  bool empty() const { return joined.empty() && allowances.empty() && !credit_borrower && credit_limits.empty(); }
  U256 allowance(std::uint16_t market, std::uint32_t spender) const;
  void set_allowance(std::uint16_t market, std::uint32_t spender, const U256& amount);
  U256 credit_limit(std::uint16_t market) const;
  void set_credit_limit(std::uint16_t market, const U256& limit);
};

// The most markets an account may be in (the reference's JOINED_MKT_LIMIT).
inline constexpr std::size_t max_joined_markets = 20;

}  // namespace flux::flux_protocol
