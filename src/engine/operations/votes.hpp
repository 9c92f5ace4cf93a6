// Votes follow FLUX (governor.hpp): every movement of the governance token between
// wallets, and every change of delegation, moves votes between delegates (Comp's
// _moveDelegates) and writes each changed delegate's checkpoint for the block (Comp's
// _writeCheckpoint: the block's checkpoint is updated if there is one, else added).
//
// An operation plans its vote moves with its other checks, before any write, and
// writes them with its other effects.
#pragma once

#include "engine/operations/context.hpp"

#include <utility>
#include <vector>

namespace flux {

class VotePlan {
 public:
  explicit VotePlan(const State& state) : state_(state) {}

  // `amount` of `asset` leaves `from`'s wallet for `to`'s (no_account: issued, or
  // burnt). Only the governance token moves votes: from `from`'s delegate to `to`'s.
  void token_moved(AssetId asset, AccountId from, AccountId to, const U256& amount);
  // Moves `amount` votes from one delegate to another (either may be no_account).
  void move(AccountId from_delegate, AccountId to_delegate, const U256& amount);
  // Writes the new checkpoints and reports votes_changed for each delegate, in the
  // order they were first changed.
  void write(Context& ctx) const;

 private:
  U256 planned_votes(AccountId delegate) const;
  U256& planned(AccountId delegate);

  const State& state_;
  std::vector<std::pair<AccountId, U256>> votes_after_;
};

}  // namespace flux
