// Governance: the FLUX token's votes, the governor and the timelock, as state.
//
// Compound's model, as Flux Finance runs it (docs/protocol.md#flux-finance-production-numbers):
//   - Votes (Comp). FLUX is an asset of the asset ledger. An account's FLUX counts
//     only once it has a delegate (itself included: delegating to oneself activates
//     one's own votes); the delegate then holds votes equal to the FLUX of everyone
//     delegating to it. Every change of a delegate's votes — a transfer, issue or burn
//     of FLUX, a faucet of it, a change of delegation — writes a checkpoint
//     (from_block, votes): one per block at most, the last of the block kept.
//     votes_at(account, b) is the votes as of the end of block b, found by binary
//     search (Comp's getPriorVotes). FLUX cannot be a market's underlying, so FLUX
//     moves only through the asset ledger and every movement is seen.
//   - Governor (GovernorBravo). A proposal holds 1 to 10 typed actions
//     (admin_requests.hpp: GovernanceAction, never opaque bytes). Proposing needs
//     votes_at(proposer, block - 1) > proposal_threshold and no pending or active
//     proposal of the same proposer. Made at block b, a proposal has start block
//     b + voting delay and end block start + voting period (durations converted to
//     blocks, see Time below); votes are accepted at blocks start < x <= end (the
//     start block itself is still pending, as in Bravo); each account votes once (against 0, for 1, abstain 2) with
//     its votes as of the proposal's start block, so FLUX bought after that block buys
//     nothing. A proposal succeeds with for > against and for >= quorum.
//   - Timelock. Queueing a succeeded proposal sets eta = block + timelock delay; it may
//     execute at blocks eta <= b < eta + grace period (Bravo's state() calls it Expired
//     from eta + grace on). Executing runs its actions in order, all or none, each as
//     the timelock. The timelock is an account with no key: no request is accepted
//     from it, so once it is the admin (roles.admin), every admin operation comes from
//     an executed proposal.
//
// Time: governance durations are SECONDS, counted in blocks. The engine has no clock
// (blocks carry no timestamp yet), so the chain's block interval is part of the
// governance state (Governance::block_interval_ms, set once at install: the genesis's
// block_interval_ms for a node, 12,000 ms — Flux Finance's 12-second blocks — for
// scenarios), and a duration of s seconds lasts blocks_for_seconds(s) =
// ceil(s * 1000 / block_interval_ms) blocks. Bravo's and the timelock's day-
// denominated numbers thus mean days on every chain: the timelock delay is 1 to 30
// days, one day being 86,400 blocks at 1-second blocks and 7,200 at 12-second ones
// (with blocks counted as 12-second ones everywhere, a 1-second chain's "one day"
// was two hours). Rounding up means a duration never lasts less than it says.
//
// Where Flux departs from Bravo: each proposal records the quorum when it is made, so
// a later change of the quorum never turns a past vote's result around (Bravo's quorum
// is a constant); the governor's parameters, quorum included, change only through a
// proposal (SetGovernanceParameter).
#pragma once

#include "engine/admin_requests.hpp"
#include "engine/state_types.hpp"

#include <map>
#include <string>
#include <vector>

namespace flux {

struct State;

// --- Time and bounds, in seconds ---------------------------------------------------
inline constexpr std::uint64_t seconds_per_day = 86'400;
inline constexpr std::uint64_t timelock_delay_default = 1 * seconds_per_day;  // 86,400
inline constexpr std::uint64_t timelock_delay_min = 1 * seconds_per_day;      // 86,400
inline constexpr std::uint64_t timelock_delay_max = 30 * seconds_per_day;     // 2,592,000
inline constexpr std::uint64_t timelock_grace_period = 14 * seconds_per_day;  // 1,209,600
inline constexpr std::uint64_t voting_delay_default = 1;  // the next block, at any interval of 1 s or more
inline constexpr std::uint64_t voting_delay_min = 1;
inline constexpr std::uint64_t voting_delay_max = 7 * seconds_per_day;       // 604,800: a week
inline constexpr std::uint64_t voting_period_default = 3 * seconds_per_day;  // 259,200
inline constexpr std::uint64_t voting_period_min = 1 * seconds_per_day;      // 86,400
inline constexpr std::uint64_t voting_period_max = 14 * seconds_per_day;     // 1,209,600: two weeks
// The block interval the governance counts with: Flux Finance's 12-second blocks unless
// the setup says otherwise; within [1 ms, 1 day] (0 would divide by zero).
inline constexpr std::uint64_t reference_block_interval_ms = 12'000;
inline constexpr std::uint64_t block_interval_ms_min = 1;
inline constexpr std::uint64_t block_interval_ms_max = seconds_per_day * 1'000;

// ceil(seconds * 1000 / block_interval_ms): the blocks a duration lasts (2^64 - 1 if it
// does not fit, which no bounded duration comes near). block_interval_ms >= 1.
std::uint64_t blocks_for_seconds(std::uint64_t seconds, std::uint64_t block_interval_ms);
inline constexpr std::size_t max_proposal_actions = 10;
// Limits on everything: text a proposal or a vote carries, and proposals in all.
inline constexpr std::size_t max_description_bytes = 16'384;
inline constexpr std::size_t max_reason_bytes = 1'024;
inline constexpr std::size_t max_proposals = 1'000'000;

// Votes are FLUX units (18 decimals). Flux Finance: quorum 1,000,000 FLUX; its governor
// (the Ondo DAO's Bravo fork) asks 100,000,000 votes to propose. Both may be set within
// [1,000, 1,000,000,000] FLUX.
const U256& proposal_threshold_default();  // 100,000,000e18
const U256& quorum_votes_default();        // 1,000,000e18
const U256& governance_votes_min();        // 1,000e18
const U256& governance_votes_max();        // 1,000,000,000e18

struct GovernorParams {
  U256 proposal_threshold;                              // votes at block - 1 must exceed it to propose
  std::uint64_t voting_delay = voting_delay_default;    // seconds from proposing to the start block
  std::uint64_t voting_period = voting_period_default;  // seconds from the start block to the end block
  U256 quorum_votes;                                    // for-votes a proposal needs
  bool operator==(const GovernorParams&) const = default;
};
GovernorParams default_governor_params();

// Error::ok or invalid_parameter: a parameter outside its bounds (durations in seconds).
Error check_governance_parameter(GovernanceParameter parameter, const U256& value);

// --- Bounds by the supply (issue 9) -------------------------------------------------
// Threshold and quorum are FLUX counts, so fixed bounds cannot keep them reachable:
// a quorum above the FLUX that can vote (or a threshold above any holder's votes)
// disables governance for good, since the proposal undoing it would get every vote
// and still be defeated. Bravo bounds its threshold by constants fitted to COMP's
// supply (1,000 to 100,000 COMP, 0.01% to 1% of 10,000,000); Flux bounds both by a
// share of the voting supply, as it is when the value is set and again whenever a
// proposal is made:
//   - setting (SetGovernanceParameter, at execution and when proposed): threshold at
//     most 10% and quorum at most 40% of voting_supply(), besides the fixed bounds;
//   - using: a proposal needs votes above min(threshold, 10% of the voting supply
//     now) and records as its quorum min(quorum, 40% of the voting supply now). If
//     FLUX leaves circulation after a value was set (burnt, given to the timelock or
//     the rewards reserve), the next proposal is measured against what is left, so a
//     proposal that every remaining holder votes for can pass whatever is stored.
// 10% lets any holder (or group delegating to one) with a tenth of the votes propose,
// and 40% leaves a quorum reachable with well under half of the holders voting — the
// most an attacker who owned the vote could demand of everyone after him. Shrinking
// the supply to lower them costs more FLUX than voting with it: taking X out of
// circulation lowers the quorum by 0.4 X, voting with X counts X.
const U256& proposal_threshold_max_share();  // 0.1e18 of the voting supply
const U256& quorum_votes_max_share();        // 0.4e18 of the voting supply

// The FLUX accounts can vote with: all issued, less what the timelock and the locked
// supply holder hold (neither can ever send a request, so never delegate) and the
// rewards reserve's FLUX not yet distributed to accounts (distributed but unclaimed
// FLUX is its accounts' to claim). 0 without governance.
U256 voting_supply(const State& state);
U256 proposal_threshold_cap(const State& state);  // voting supply * 10%, truncated
U256 quorum_votes_cap(const State& state);        // voting supply * 40%, truncated
// What a proposal made now is measured against: min(stored value, its cap).
U256 effective_proposal_threshold(const State& state);
U256 effective_quorum_votes(const State& state);
// check_governance_parameter and, for the threshold and the quorum, at most their cap
// now: Error::ok or invalid_parameter.
Error check_governance_parameter(const State& state, GovernanceParameter parameter, const U256& value);

// --- Votes -------------------------------------------------------------------------
struct Checkpoint {
  std::uint64_t from_block = 0;
  U256 votes;  // held from the end of from_block until the next checkpoint
  bool operator==(const Checkpoint&) const = default;
};

// An account's part in governance: whom its FLUX votes for, and the votes others
// (itself included) delegate to it.
struct Voter {
  AccountId delegate = no_account;      // none: its FLUX counts for no one
  std::vector<Checkpoint> checkpoints;  // strictly increasing from_block
  bool operator==(const Voter&) const = default;
  bool empty() const { return delegate == no_account && checkpoints.empty(); }
};

// --- Proposals ---------------------------------------------------------------------
enum class ProposalState : std::uint8_t { pending, active, canceled, defeated, succeeded, queued, expired, executed };
const char* proposal_state_name(ProposalState state);

inline constexpr std::uint8_t vote_against = 0;
inline constexpr std::uint8_t vote_for = 1;
inline constexpr std::uint8_t vote_abstain = 2;

struct VoteReceipt {
  std::uint8_t support = 0;  // vote_against, vote_for or vote_abstain
  U256 votes;
  bool operator==(const VoteReceipt&) const = default;
};

struct Proposal {
  std::uint64_t id = 0;  // 1, 2, ...: its index in Governance::proposals plus 1
  AccountId proposer = no_account;
  std::vector<GovernanceAction> actions;  // senders set to the timelock
  std::string description;
  std::uint64_t start_block = 0;  // votes are counted as of the end of this block
  std::uint64_t end_block = 0;    // the last block of voting
  U256 quorum_votes;              // the quorum when it was proposed
  std::uint64_t eta = 0;          // 0 until queued
  U256 for_votes, against_votes, abstain_votes;
  bool canceled = false;
  bool executed = false;
  std::map<AccountId, VoteReceipt> receipts;  // who voted, how, with how many votes
  bool operator==(const Proposal&) const = default;
};

struct Governance {
  AssetId token = no_asset;         // FLUX; no_asset: this state has no governance
  AccountId timelock = no_account;  // executes proposals; holds no key
  GovernorParams params;
  std::uint64_t timelock_delay = timelock_delay_default;          // seconds
  std::uint64_t block_interval_ms = reference_block_interval_ms;  // fixed at install
  std::map<AccountId, Voter> voters;                              // accounts that delegate or hold votes; none empty
  std::vector<Proposal> proposals;
  std::map<AccountId, std::uint64_t> latest_proposal;  // proposer -> its latest proposal's id
  bool operator==(const Governance&) const = default;

  bool enabled() const { return token != no_asset; }
  // The durations in blocks of this chain (blocks_for_seconds).
  std::uint64_t blocks(std::uint64_t seconds) const { return blocks_for_seconds(seconds, block_interval_ms); }
  std::uint64_t voting_delay_blocks() const { return blocks(params.voting_delay); }
  std::uint64_t voting_period_blocks() const { return blocks(params.voting_period); }
  std::uint64_t timelock_delay_blocks() const { return blocks(timelock_delay); }
  std::uint64_t grace_period_blocks() const { return blocks(timelock_grace_period); }
  AccountId delegate_of(AccountId account) const;
  const Proposal* find_proposal(std::uint64_t id) const {
    return id >= 1 && id <= proposals.size() ? &proposals[id - 1] : nullptr;
  }
};

// The account's votes now (its last checkpoint), and as of the end of `block`.
U256 current_votes(const Governance& g, AccountId account);
U256 votes_at(const Governance& g, AccountId account, std::uint64_t block);

// Bravo's state(), at `block`; a queued proposal expires grace_period_blocks after its
// eta (Governance::grace_period_blocks()).
ProposalState proposal_state(const Proposal& p, std::uint64_t block, std::uint64_t grace_period_blocks);

// --- Setup (genesis) ----------------------------------------------------------------

struct GovernanceSetup {
  AssetId token = no_asset;         // an existing asset of 18 decimals that no market uses
  AccountId timelock = no_account;  // an existing account, not the locked supply holder
  GovernorParams params = default_governor_params();
  std::uint64_t timelock_delay = timelock_delay_default;  // seconds
  std::uint64_t block_interval_ms = reference_block_interval_ms;
  // The timelock becomes the admin at once, as a genesis should have it. A setup
  // that keeps its admin for a while hands over later (TransferAdminToTimelock).
  bool timelock_is_admin = true;
};

// Installs governance directly, like State::add_asset; throws Failure
// (invalid_parameter, unknown_asset, unknown_account) when the setup is not usable.
void install_governance(State& state, const GovernanceSetup& setup);

}  // namespace flux
