// What a successful operation reports. Failed operations report nothing.
//
// One struct per kind of event, with the fields that kind has, and `Event`, the
// variant of them all. Readers tell the kinds apart with std::visit or std::get
// (kind_of gives the kind's number, event_name its name). The node shows events as
// JSON (node/block_json.cpp, documented in docs/rpc.md), where the fields have
// generic names ("account", "other", "amount", "amount2"); each struct below says
// which of its fields is which there.
//
// Amounts are in the units the state keeps them in: underlying and FLUX amounts in
// the asset's smallest unit, fTokens in fToken units, indexes as 1e18 fixed point
// (borrow index) or the rewards index (rewards.hpp).
#pragma once

#include "engine/state.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace flux {

// The kinds, numbered by position: the number is each struct's place in `Event`.
// Appended, never reordered.
enum class EventKind : std::uint8_t {
  interest_accrued,
  minted,
  redeemed,
  borrowed,
  repaid,
  transferred,
  liquidated,
  seized,
  reserves_added,
  reserves_reduced,
  market_entered,
  market_exited,
  parameter_changed,
  faucet,
  compliance_changed,
  market_listed,
  asset_issued,
  asset_burnt,
  asset_transferred,
  // Governance (governor.hpp).
  role_changed,
  delegate_changed,
  votes_changed,
  proposal_created,
  vote_cast,
  proposal_canceled,
  proposal_queued,
  proposal_executed,
  // Liquidity mining (rewards.hpp).
  reward_speeds_set,
  rewards_funded,
  rewards_claimed,
  supplier_rewards_distributed,
  borrower_rewards_distributed,
  // Upgrades (upgrade.hpp).
  upgrade_scheduled,
  upgrade_canceled,
  rule_version_activated,
};

// Every kind above, for readers that list or look up kinds by name.
inline constexpr int event_kind_count = static_cast<int>(EventKind::rule_version_activated) + 1;

// --- Markets ---------------------------------------------------------------------

// An operation brought the market's interest up to the current block (it runs before
// the operation's own event). JSON: market, amount = interest, amount2 = borrow_index.
struct InterestAccrued {
  static constexpr EventKind kind = EventKind::interest_accrued;
  MarketId market = 0;
  U256 interest;      // added to the market's total borrows (may be 0)
  U256 borrow_index;  // the market's borrow index after
  bool operator==(const InterestAccrued&) const = default;
};

// `account` supplied `underlying` to the market and received `tokens` fTokens.
// JSON: market, account, amount = underlying, amount2 = tokens.
struct Minted {
  static constexpr EventKind kind = EventKind::minted;
  MarketId market = 0;
  AccountId account = 0;
  U256 underlying;
  U256 tokens;
  bool operator==(const Minted&) const = default;
};

// `account` gave back `tokens` fTokens and took out `underlying` from the market.
// JSON: market, account, amount = underlying, amount2 = tokens.
struct Redeemed {
  static constexpr EventKind kind = EventKind::redeemed;
  MarketId market = 0;
  AccountId account = 0;
  U256 underlying;
  U256 tokens;
  bool operator==(const Redeemed&) const = default;
};

// `account` borrowed `amount` of the market's underlying.
// JSON: market, account, amount, amount2 = borrow_balance.
struct Borrowed {
  static constexpr EventKind kind = EventKind::borrowed;
  MarketId market = 0;
  AccountId account = 0;
  U256 amount;
  U256 borrow_balance;  // what the account owes the market after
  bool operator==(const Borrowed&) const = default;
};

// `payer` paid back `amount` of `borrower`'s borrow (the same account for a Repay of
// one's own; a liquidator for the repay inside a liquidation).
// JSON: market, account = payer, other = borrower, amount, amount2 = borrow_balance.
struct Repaid {
  static constexpr EventKind kind = EventKind::repaid;
  MarketId market = 0;
  AccountId payer = 0;
  AccountId borrower = 0;
  U256 amount;
  U256 borrow_balance;  // what the borrower owes the market after
  bool operator==(const Repaid&) const = default;
};

// `tokens` fTokens of the market moved from `from` to `to`.
// JSON: market, account = from, other = to, amount = tokens.
struct Transferred {
  static constexpr EventKind kind = EventKind::transferred;
  MarketId market = 0;
  AccountId from = 0;
  AccountId to = 0;
  U256 tokens;
  bool operator==(const Transferred&) const = default;
};

// In the debt market: `liquidator` repaid `repaid` of `borrower`'s borrow and took
// `tokens_seized` of the borrower's fTokens in the collateral market (the Seized
// event that follows splits them). JSON: market, account = liquidator,
// other = borrower, amount = repaid, amount2 = tokens_seized.
struct Liquidated {
  static constexpr EventKind kind = EventKind::liquidated;
  MarketId market = 0;  // the debt market
  AccountId liquidator = 0;
  AccountId borrower = 0;
  U256 repaid;
  U256 tokens_seized;
  bool operator==(const Liquidated&) const = default;
};

// In the collateral market: of the borrower's seized fTokens, `liquidator_tokens`
// went to the liquidator and `protocol_tokens` to the market's reserves.
// JSON: market, account = liquidator, other = borrower, amount = liquidator_tokens,
// amount2 = protocol_tokens.
struct Seized {
  static constexpr EventKind kind = EventKind::seized;
  MarketId market = 0;  // the collateral market
  AccountId liquidator = 0;
  AccountId borrower = 0;
  U256 liquidator_tokens;
  U256 protocol_tokens;
  bool operator==(const Seized&) const = default;
};

// `account` (the admin) added `amount` of the underlying to the market's reserves.
// JSON: market, account, amount.
struct ReservesAdded {
  static constexpr EventKind kind = EventKind::reserves_added;
  MarketId market = 0;
  AccountId account = 0;
  U256 amount;
  bool operator==(const ReservesAdded&) const = default;
};

// `amount` left the market's reserves. JSON: market, account, amount.
struct ReservesReduced {
  static constexpr EventKind kind = EventKind::reserves_reduced;
  MarketId market = 0;
  // ReduceReserves: its sender (the units leave the system); ReduceReservesTo: the
  // account whose wallet received them.
  AccountId account = 0;
  U256 amount;
  bool operator==(const ReservesReduced&) const = default;
};

// `account` now uses the market as collateral. JSON: market, account (amount "0").
struct MarketEntered {
  static constexpr EventKind kind = EventKind::market_entered;
  MarketId market = 0;
  AccountId account = 0;
  bool operator==(const MarketEntered&) const = default;
};

// `account` no longer uses the market as collateral. JSON: market, account
// (amount "0").
struct MarketExited {
  static constexpr EventKind kind = EventKind::market_exited;
  MarketId market = 0;
  AccountId account = 0;
  bool operator==(const MarketExited&) const = default;
};

// A setting changed to `value`. Which setting is the transaction's (the JSON names
// it, node/block_json.cpp); `value` is the new value in the setting's own units (a
// pause: 1 paused, 0 unpaused; SetMarketAccess: the access mode's number;
// SetRateModel: 0). JSON: market (when there is one), amount = value.
struct ParameterChanged {
  static constexpr EventKind kind = EventKind::parameter_changed;
  MarketId market = no_market;  // no_market: a protocol-wide setting
  U256 value;
  bool operator==(const ParameterChanged&) const = default;
};

// The admin's faucet created `amount` units of `asset` in `account`'s wallet (test
// networks). JSON: asset, account, amount.
struct FaucetPaid {
  static constexpr EventKind kind = EventKind::faucet;
  AssetId asset = 0;
  AccountId account = 0;
  U256 amount;
  bool operator==(const FaucetPaid&) const = default;
};

// `account` joined (`added`) or left a KYC group, or the sanctions list when
// `kyc_group` is 0 (SetSanctioned; added = sanctioned).
// JSON: account, amount = kyc_group, amount2 = added (1 or 0).
struct ComplianceChanged {
  static constexpr EventKind kind = EventKind::compliance_changed;
  AccountId account = 0;
  std::uint32_t kyc_group = 0;
  bool added = false;
  bool operator==(const ComplianceChanged&) const = default;
};

// A new market, seeded: the admin paid `seed_underlying`, and the `seed_tokens`
// fTokens it minted belong to `seed_holder` (the locked supply holder) for ever.
// JSON: market, account = seed_holder, amount = seed_underlying, amount2 = seed_tokens.
struct MarketListed {
  static constexpr EventKind kind = EventKind::market_listed;
  MarketId market = 0;
  AccountId seed_holder = 0;
  U256 seed_underlying;
  U256 seed_tokens;
  bool operator==(const MarketListed&) const = default;
};

// --- The asset ledger --------------------------------------------------------------

// `asset`'s issuer created `amount` units in `recipient`'s wallet.
// JSON: asset, account = recipient, amount.
struct AssetIssued {
  static constexpr EventKind kind = EventKind::asset_issued;
  AssetId asset = 0;
  AccountId recipient = 0;
  U256 amount;
  bool operator==(const AssetIssued&) const = default;
};

// `issuer` destroyed `amount` units of `asset` from its own wallet.
// JSON: asset, account = issuer, amount.
struct AssetBurnt {
  static constexpr EventKind kind = EventKind::asset_burnt;
  AssetId asset = 0;
  AccountId issuer = 0;
  U256 amount;
  bool operator==(const AssetBurnt&) const = default;
};

// `amount` units of `asset` moved from `from`'s wallet to `to`'s.
// JSON: asset, account = from, other = to, amount.
struct AssetTransferred {
  static constexpr EventKind kind = EventKind::asset_transferred;
  AssetId asset = 0;
  AccountId from = 0;
  AccountId to = 0;
  U256 amount;
  bool operator==(const AssetTransferred&) const = default;
};

// --- Governance (governor.hpp) -----------------------------------------------------

// `account` now holds (`granted`) or no longer holds the role the transaction sets:
// pause guardian, oracle, a KYC group's admin (`kyc_group`; 0 for the other roles),
// the sanctions admin, or the admin (the timelock).
// JSON: account, amount = kyc_group, amount2 = granted (1 or 0).
struct RoleChanged {
  static constexpr EventKind kind = EventKind::role_changed;
  AccountId account = 0;
  std::uint32_t kyc_group = 0;
  bool granted = false;
  bool operator==(const RoleChanged&) const = default;
};

// `delegator`'s FLUX votes now count for `delegate` (no_account: for no one).
// JSON: account = delegator, other = delegate ("" for no one); amount "0".
struct DelegateChanged {
  static constexpr EventKind kind = EventKind::delegate_changed;
  AccountId delegator = 0;
  AccountId delegate = no_account;
  bool operator==(const DelegateChanged&) const = default;
};

// `delegate`'s votes went from `before` to `after` (FLUX units).
// JSON: account = delegate, amount = before, amount2 = after.
struct VotesChanged {
  static constexpr EventKind kind = EventKind::votes_changed;
  AccountId delegate = 0;
  U256 before;
  U256 after;
  bool operator==(const VotesChanged&) const = default;
};

// `proposer` made proposal `proposal`, open for votes from `start_block` to
// `end_block`. JSON: proposal, account = proposer, amount = start_block,
// amount2 = end_block, text = description.
struct ProposalCreated {
  static constexpr EventKind kind = EventKind::proposal_created;
  std::uint64_t proposal = 0;
  AccountId proposer = 0;
  std::uint64_t start_block = 0;
  std::uint64_t end_block = 0;
  std::string description;
  bool operator==(const ProposalCreated&) const = default;
};

// `voter` cast `votes` votes on the proposal. JSON: proposal, account = voter,
// amount = votes, amount2 = support, text = reason.
struct VoteCast {
  static constexpr EventKind kind = EventKind::vote_cast;
  std::uint64_t proposal = 0;
  AccountId voter = 0;
  U256 votes;
  std::uint8_t support = 0;  // 0 against, 1 for, 2 abstain (CastVote's)
  std::string reason;
  bool operator==(const VoteCast&) const = default;
};

// `canceled_by` canceled the proposal. JSON: proposal, account = canceled_by
// (amount "0").
struct ProposalCanceled {
  static constexpr EventKind kind = EventKind::proposal_canceled;
  std::uint64_t proposal = 0;
  AccountId canceled_by = 0;
  bool operator==(const ProposalCanceled&) const = default;
};

// `queued_by` queued the proposal in the timelock; it may execute from block `eta`.
// JSON: proposal, account = queued_by, amount = eta.
struct ProposalQueued {
  static constexpr EventKind kind = EventKind::proposal_queued;
  std::uint64_t proposal = 0;
  AccountId queued_by = 0;
  std::uint64_t eta = 0;
  bool operator==(const ProposalQueued&) const = default;
};

// `executed_by` executed the proposal; the events of its actions come before this
// one. JSON: proposal, account = executed_by (amount "0").
struct ProposalExecuted {
  static constexpr EventKind kind = EventKind::proposal_executed;
  std::uint64_t proposal = 0;
  AccountId executed_by = 0;
  bool operator==(const ProposalExecuted&) const = default;
};

// --- Liquidity mining (rewards.hpp) ------------------------------------------------

// The market's FLUX emission is now `supply_speed` to its suppliers and
// `borrow_speed` to its borrowers, in FLUX units per block.
// JSON: market, amount = supply_speed, amount2 = borrow_speed.
struct RewardSpeedsSet {
  static constexpr EventKind kind = EventKind::reward_speeds_set;
  MarketId market = 0;
  U256 supply_speed;
  U256 borrow_speed;
  bool operator==(const RewardSpeedsSet&) const = default;
};

// `funder` (the timelock, for a proposal's action) put `amount` FLUX into the
// rewards reserve, which holds `reserve_after` then.
// JSON: account = funder, amount, amount2 = reserve_after.
struct RewardsFunded {
  static constexpr EventKind kind = EventKind::rewards_funded;
  AccountId funder = 0;
  U256 amount;
  U256 reserve_after;
  bool operator==(const RewardsFunded&) const = default;
};

// `claimer` was paid `amount` FLUX from the rewards reserve into its wallet; the
// reserve holds `reserve_after` then. JSON: account = claimer, amount,
// amount2 = reserve_after.
struct RewardsClaimed {
  static constexpr EventKind kind = EventKind::rewards_claimed;
  AccountId claimer = 0;
  U256 amount;
  U256 reserve_after;
  bool operator==(const RewardsClaimed&) const = default;
};

// `supplier` was credited `credited` FLUX (only reported when above 0) for supplying
// to the market, up to the market's supply index `supply_index`.
// JSON: market, account = supplier, amount = credited, amount2 = supply_index.
struct SupplierRewardsDistributed {
  static constexpr EventKind kind = EventKind::supplier_rewards_distributed;
  MarketId market = 0;
  AccountId supplier = 0;
  U256 credited;
  U256 supply_index;
  bool operator==(const SupplierRewardsDistributed&) const = default;
};

// The same for a borrower, up to the market's borrow (rewards) index.
// JSON: market, account = borrower, amount = credited, amount2 = borrow_index.
struct BorrowerRewardsDistributed {
  static constexpr EventKind kind = EventKind::borrower_rewards_distributed;
  MarketId market = 0;
  AccountId borrower = 0;
  U256 credited;
  U256 borrow_index;
  bool operator==(const BorrowerRewardsDistributed&) const = default;
};

// --- Upgrades (upgrade.hpp) --------------------------------------------------------

// `scheduled_by` scheduled rule version `version` to take effect at
// `activation_block`. JSON: account = scheduled_by, amount = version,
// amount2 = activation_block.
struct UpgradeScheduled {
  static constexpr EventKind kind = EventKind::upgrade_scheduled;
  AccountId scheduled_by = 0;
  std::uint32_t version = 0;
  std::uint64_t activation_block = 0;
  bool operator==(const UpgradeScheduled&) const = default;
};

// `canceled_by` canceled the scheduled upgrade to `version` at `activation_block`.
// JSON: account = canceled_by, amount = version, amount2 = activation_block.
struct UpgradeCanceled {
  static constexpr EventKind kind = EventKind::upgrade_canceled;
  AccountId canceled_by = 0;
  std::uint32_t version = 0;
  std::uint64_t activation_block = 0;
  bool operator==(const UpgradeCanceled&) const = default;
};

// Rule version `version` is in force from `activation_block`: the first event of the
// request that reached it. JSON: amount = version, amount2 = activation_block.
struct RuleVersionActivated {
  static constexpr EventKind kind = EventKind::rule_version_activated;
  std::uint32_t version = 0;
  std::uint64_t activation_block = 0;
  bool operator==(const RuleVersionActivated&) const = default;
};

// In EventKind's order: a kind's number is its index here (checked below).
using Event = std::variant<InterestAccrued, Minted, Redeemed, Borrowed, Repaid, Transferred, Liquidated, Seized,
                           ReservesAdded, ReservesReduced, MarketEntered, MarketExited, ParameterChanged, FaucetPaid,
                           ComplianceChanged, MarketListed, AssetIssued, AssetBurnt, AssetTransferred, RoleChanged,
                           DelegateChanged, VotesChanged, ProposalCreated, VoteCast, ProposalCanceled, ProposalQueued,
                           ProposalExecuted, RewardSpeedsSet, RewardsFunded, RewardsClaimed, SupplierRewardsDistributed,
                           BorrowerRewardsDistributed, UpgradeScheduled, UpgradeCanceled, RuleVersionActivated>;

namespace detail {
template <std::size_t... I>
constexpr bool event_kinds_in_order(std::index_sequence<I...>) {
  return ((std::variant_alternative_t<I, Event>::kind == static_cast<EventKind>(I)) && ...);
}
}  // namespace detail
static_assert(std::variant_size_v<Event> == static_cast<std::size_t>(event_kind_count), "one struct per EventKind");
static_assert(detail::event_kinds_in_order(std::make_index_sequence<std::variant_size_v<Event>>{}),
              "Event's alternatives follow EventKind's order");

inline EventKind kind_of(const Event& event) { return static_cast<EventKind>(event.index()); }

const char* event_name(EventKind kind);
inline const char* event_name(const Event& event) { return event_name(kind_of(event)); }

}  // namespace flux
