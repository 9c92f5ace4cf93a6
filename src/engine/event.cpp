#include "engine/event.hpp"

namespace flux {

const char* event_name(EventKind kind) {
  switch (kind) {
    case EventKind::interest_accrued: return "interest_accrued";
    case EventKind::minted: return "minted";
    case EventKind::redeemed: return "redeemed";
    case EventKind::borrowed: return "borrowed";
    case EventKind::repaid: return "repaid";
    case EventKind::transferred: return "transferred";
    case EventKind::liquidated: return "liquidated";
    case EventKind::seized: return "seized";
    case EventKind::reserves_added: return "reserves_added";
    case EventKind::reserves_reduced: return "reserves_reduced";
    case EventKind::market_entered: return "market_entered";
    case EventKind::market_exited: return "market_exited";
    case EventKind::parameter_changed: return "parameter_changed";
    case EventKind::faucet: return "faucet";
    case EventKind::compliance_changed: return "compliance_changed";
    case EventKind::market_listed: return "market_listed";
    case EventKind::asset_issued: return "asset_issued";
    case EventKind::asset_burnt: return "asset_burnt";
    case EventKind::asset_transferred: return "asset_transferred";
    case EventKind::role_changed: return "role_changed";
    case EventKind::delegate_changed: return "delegate_changed";
    case EventKind::votes_changed: return "votes_changed";
    case EventKind::proposal_created: return "proposal_created";
    case EventKind::vote_cast: return "vote_cast";
    case EventKind::proposal_canceled: return "proposal_canceled";
    case EventKind::proposal_queued: return "proposal_queued";
    case EventKind::proposal_executed: return "proposal_executed";
    case EventKind::reward_speeds_set: return "reward_speeds_set";
    case EventKind::rewards_funded: return "rewards_funded";
    case EventKind::rewards_claimed: return "rewards_claimed";
    case EventKind::supplier_rewards_distributed: return "supplier_rewards_distributed";
    case EventKind::borrower_rewards_distributed: return "borrower_rewards_distributed";
    case EventKind::upgrade_scheduled: return "upgrade_scheduled";
    case EventKind::upgrade_canceled: return "upgrade_canceled";
    case EventKind::rule_version_activated: return "rule_version_activated";
  }
  return "unknown";
}

}  // namespace flux
