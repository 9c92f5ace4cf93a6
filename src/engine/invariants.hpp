// Invariant checkers, run after every operation in tests and in replay (rippled's
// InvariantCheck). Each looks at the state before and after one request and reports
// what it found wrong; an empty list means all hold.
//
//   failed_changes_nothing     a failed request leaves the state exactly as it was
//   exchange_rate_consistent   cash + borrows - reserves is never negative, and a
//                              remembered exchange rate equals backing / supply
//   supply_matches_balances    total supply equals the sum of fToken balances
//   index_and_block_forward    borrow index and accrual block never go back
//   borrows_cover_balances     the sum of stored borrow balances exceeds total
//                              borrows by no more than rounding can explain
//   debts_in_entered_markets   an account owes only in markets it entered, each
//                              debt with the index it was borrowed at
//   no_user_shortfall          redeem, borrow, transfer or exit never leaves its
//                              sender in shortfall (beyond one unit of rounding)
//   permitted_holders          balances in an access-controlled market, and wallets
//                              of a permissioned asset, change only for accounts
//                              allowed to hold them
//   protected_parameters       configuration, risk settings, roles, the compliance
//                              registry, the governor's parameters and reward
//                              speeds change only
//                              by admin requests (execute counts as one)
//   underlying_conserved       per asset, wallets + market cash (+ for FLUX the
//                              rewards reserve) = units issued
//   votes_match_delegations    each delegate's votes = the FLUX of those delegating
//                              to it (so all votes = FLUX held by accounts with a
//                              delegate)
//   checkpoints_forward        vote checkpoints strictly increase by block, none
//                              after the state's block; past ones never change
//   proposals_consistent       proposals numbered in order, 1-10 actions sent by the
//                              timelock, tallies = sums of receipts; what was fixed
//                              at proposing, cast votes, eta, cancel and execution
//                              never change back
//   rewards_backed             liquidity mining never owes more than its reserve
//                              holds: distributed <= allocated <= funded, accrued
//                              rewards + paid = distributed; none without governance
//   reward_indices_forward     reward indices start at 1e36 and never go back, an
//                              account's never passes its market's; the reserve's
//                              counters only grow
//   rules_forward              the rule version changes only by activating the
//                              scheduled upgrade at or after its block, never back;
//                              otherwise only admin requests change the schedule
#pragma once

#include "engine/engine.hpp"

#include <string>
#include <vector>

namespace flux {

struct Violation {
  std::string invariant;
  std::string detail;
};

std::vector<Violation> check_invariants(const State& before, const State& after, const Request& request,
                                        const Outcome& outcome);

}  // namespace flux
