#include "engine/invariants.hpp"

#include "engine/access.hpp"
#include "engine/interest.hpp"
#include "engine/membership.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/risk.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <map>
#include <string>

namespace flux {
namespace {

using Wide = boost::multiprecision::cpp_int;  // unbounded: sums here cannot overflow

class Report {
 public:
  void add(const char* invariant, std::string detail) { found_.push_back({invariant, std::move(detail)}); }
  std::vector<Violation> take() { return std::move(found_); }

 private:
  std::vector<Violation> found_;
};

Position position_or_zero(const Account& a, MarketId m) {
  const Position* p = a.position(m);
  return p ? *p : Position{};
}

// The backing of fTokens (cash + borrows - reserves) is never negative, and a market's
// remembered valuation (risk.cpp), wherever its inputs still match the market, holds
// the exchange rate recomputed from them.
void exchange_rate_consistent(const State& s, Report& r) {
  for (const Market& m : s.markets) {
    const Wide backing = Wide(m.book.cash) + Wide(m.book.total_borrows) - Wide(m.book.total_reserves);
    if (backing < 0) {
      r.add("exchange_rate_consistent", m.config.symbol + ": reserves exceed cash + borrows");
      continue;
    }
    const ValuationMemo& memo = m.valuation;
    const bool current = memo.filled && memo.exchange_rate_error == Error::ok && memo.cash == m.book.cash &&
                         memo.total_borrows == m.book.total_borrows && memo.total_reserves == m.book.total_reserves &&
                         memo.total_supply == m.book.total_supply &&
                         memo.initial_exchange_rate == m.config.initial_exchange_rate;
    if (current && to_u256(memo.exchange_rate) != exchange_rate_stored(m.config, m.book))
      r.add("exchange_rate_consistent", m.config.symbol + ": remembered exchange rate " +
                                            to_u256(memo.exchange_rate).str() + " differs from backing / supply " +
                                            exchange_rate_stored(m.config, m.book).str());
  }
}

void supply_matches_balances(const State& s, Report& r) {
  std::vector<Wide> sums(s.markets.size());
  for (const Account& a : s.accounts)
    for (const auto& [m, p] : a.positions.entries())
      if (m < sums.size()) sums[m] += Wide(p.tokens);
  for (std::size_t m = 0; m < s.markets.size(); ++m)
    if (sums[m] != Wide(s.markets[m].book.total_supply))
      r.add("supply_matches_balances", s.markets[m].config.symbol + ": total supply " +
                                           s.markets[m].book.total_supply.str() + " but balances sum to " +
                                           sums[m].str());
}

void index_and_block_forward(const State& before, const State& after, Report& r) {
  for (std::size_t m = 0; m < before.markets.size() && m < after.markets.size(); ++m) {
    const MarketBook& b = before.markets[m].book;
    const MarketBook& a = after.markets[m].book;
    if (a.borrow_index < b.borrow_index || a.accrual_block < b.accrual_block)
      r.add("index_and_block_forward", after.markets[m].config.symbol + ": borrow index or accrual block went back");
  }
}

// Sum of stored balances minus total borrows, and how many accounts owe.
std::pair<Wide, std::size_t> borrow_excess(const State& s, MarketId m) {
  Wide sum = 0;
  std::size_t borrowers = 0;
  for (const Account& a : s.accounts) {
    const Position* p = a.position(m);
    // A debt without an index is debts_in_entered_markets' to report (no division by 0).
    if (p == nullptr || p->principal.is_zero() || p->interest_index.is_zero()) continue;
    ++borrowers;
    sum += Wide(p->principal) * Wide(s.markets[m].book.borrow_index) / Wide(p->interest_index);
  }
  return {sum - Wide(s.markets[m].book.total_borrows), borrowers};
}

// Balances and total borrows truncate separately. An accrual that multiplies
// balances by (1 + r) can release each borrower's truncation slack (< 1 unit) and
// loses < 1 unit on total borrows, so the excess can grow at most to
// (excess + borrowers) * (1 + r) + 1, with 1 + r <= (newIndex + 1) / oldIndex.
void borrows_cover_balances(const State& before, const State& after, Report& r) {
  for (std::size_t i = 0; i < after.markets.size(); ++i) {
    const auto m = static_cast<MarketId>(i);
    const auto [excess_after, borrowers_after] = borrow_excess(after, m);
    if (excess_after <= 0) continue;
    Wide allowed = 0;
    if (i < before.markets.size()) {
      const auto [excess_before, borrowers_before] = borrow_excess(before, m);
      const Wide base =
          (excess_before > 0 ? excess_before : Wide(0)) + Wide(std::max(borrowers_before, borrowers_after));
      const Wide old_index = Wide(before.markets[i].book.borrow_index);
      const Wide new_index = Wide(after.markets[i].book.borrow_index) + 1;
      allowed = (base * new_index + old_index - 1) / old_index + 1;
    }
    if (excess_after > allowed)
      r.add("borrows_cover_balances", after.markets[i].config.symbol + ": stored balances exceed total borrows by " +
                                          excess_after.str() + ", more than rounding allows (" + allowed.str() + ")");
  }
}

void no_user_shortfall(const State& before, const State& after, const Request& request, Report& r) {
  AccountId account = 0;
  MarketId market = 0;
  if (const auto* x = std::get_if<Redeem>(&request)) account = x->sender, market = x->market;
  else if (const auto* y = std::get_if<RedeemUnderlying>(&request)) account = y->sender, market = y->market;
  else if (const auto* z = std::get_if<Borrow>(&request)) account = z->sender, market = z->market;
  else if (const auto* t = std::get_if<Transfer>(&request)) account = t->sender, market = t->market;
  else if (const auto* e = std::get_if<ExitMarket>(&request)) account = e->sender, market = e->market;
  else return;
  // Only where the operation asked the risk engine: the market was (or became) entered.
  // The sender may be an account the operation itself created (not in `before`), or a
  // name the request invented; neither can have entered anything.
  const bool exiting = std::holds_alternative<ExitMarket>(request);
  const State& entered_in = exiting ? before : after;
  if (account >= entered_in.accounts.size() || account >= after.accounts.size()) return;
  const bool checked = entered_in.accounts[account].has_entered(market);
  if (!checked) return;
  // The operation asked for liquidity hypothetically, truncating the action's term
  // separately (price * balance / 1e18 + price * amount / 1e18, as the reference does);
  // recomputed from the state afterwards the two terms are one, which can be one unit
  // larger. So one unit of shortfall is rounding, more is a violation.
  try {
    const Liquidity l = account_liquidity(BookView(after), account, after.accounts[account].entered_markets);
    if (l.shortfall > 1)
      r.add("no_user_shortfall", after.account_names[account] + " left in shortfall " + l.shortfall.str());
  } catch (const Failure& f) {
    r.add("no_user_shortfall",
          "liquidity of " + after.account_names[account] + " not computable: " + std::string(error_name(f.error)));
  }
}

void permitted_holders(const State& before, const State& after, Report& r) {
  // Wallets of a permissioned asset: only KYC'd accounts (and its issuer) move.
  for (std::size_t i = 0; i < after.assets.size(); ++i) {
    const Asset& asset = after.assets[i];
    if (!asset.permissioned) continue;
    const auto id = static_cast<AssetId>(i);
    for (std::size_t a = 0; a < after.accounts.size(); ++a) {
      const U256 was = a < before.accounts.size() ? before.accounts[a].wallet_balance(id) : U256(0);
      if (after.accounts[a].wallet_balance(id) == was || a == asset.issuer) continue;
      if (!kyc_status(after.accounts[a], asset.kyc_group))
        r.add("permitted_holders",
              after.account_names[a] + " changed a " + asset.symbol + " balance without being allowed to hold it");
    }
  }
  for (std::size_t i = 0; i < after.markets.size(); ++i) {
    const MarketConfig& config = after.markets[i].config;
    if (config.access == Access::open) continue;
    const auto m = static_cast<MarketId>(i);
    for (std::size_t a = 0; a < after.accounts.size(); ++a) {
      if (a == after.roles.locked_supply_holder) continue;  // the protocol's own seed supply
      const Position now = position_or_zero(after.accounts[a], m);
      const Position was = a < before.accounts.size() ? position_or_zero(before.accounts[a], m) : Position{};
      if (now.tokens == was.tokens && now.principal == was.principal) continue;
      if (!may_hold(after.accounts[a], config))
        r.add("permitted_holders",
              after.account_names[a] + " changed a balance in " + config.symbol + " without being allowed to hold it");
    }
  }
}

void protected_parameters(const State& before, const State& after, const Request& request, Report& r) {
  if (is_admin_request(request)) return;
  const Governance& gb = before.governance;
  const Governance& ga = after.governance;
  bool same = before.blocks_per_year == after.blocks_per_year && before.risk == after.risk &&
              before.roles == after.roles && before.markets.size() == after.markets.size() && gb.token == ga.token &&
              gb.timelock == ga.timelock && gb.params == ga.params && gb.timelock_delay == ga.timelock_delay &&
              gb.block_interval_ms == ga.block_interval_ms;
  for (std::size_t m = 0; same && m < before.markets.size(); ++m)
    same = before.markets[m].config == after.markets[m].config;
  for (const auto& [m, mr] : after.rewards.markets) {
    const MarketRewards was = before.rewards.market(m);
    same = same && mr.supply_speed == was.supply_speed && mr.borrow_speed == was.borrow_speed;
  }
  for (std::size_t a = 0; same && a < before.accounts.size(); ++a)
    same = before.accounts[a].kyc_groups == after.accounts[a].kyc_groups &&
           before.accounts[a].sanctioned == after.accounts[a].sanctioned;
  if (!same) r.add("protected_parameters", std::string(request_name(request)) + " changed a protected parameter");
}

void underlying_conserved(const State& s, Report& r) {
  std::vector<Wide> held(s.assets.size());
  for (const Account& a : s.accounts)
    for (const auto& [asset, amount] : a.wallet.entries())
      if (asset < held.size()) held[asset] += Wide(amount);
  for (const Market& m : s.markets)
    if (m.config.asset < held.size()) held[m.config.asset] += Wide(m.book.cash);
  // FLUX in the rewards reserve is booked there, as market cash is.
  if (s.governance.enabled() && s.governance.token < held.size())
    held[s.governance.token] += Wide(s.rewards.pool.funded) - Wide(s.rewards.pool.paid);
  for (std::size_t i = 0; i < s.assets.size(); ++i)
    if (held[i] != Wide(s.assets[i].issued))
      r.add("underlying_conserved", s.assets[i].symbol + ": wallets and cash hold " + held[i].str() + " but " +
                                        s.assets[i].issued.str() + " were issued");
}

std::string name(const State& s, AccountId id) {
  return id < s.account_names.size() ? s.account_names[id] : "#" + std::to_string(id);
}

// No hidden debt: an account owes only in markets it has entered (joined, under Flux
// Protocol), so that its liquidity counts every debt, and each debt carries the index
// it was borrowed at.
void debts_in_entered_markets(const State& s, Report& r) {
  for (std::size_t id = 0; id < s.accounts.size(); ++id)
    for (const auto& [m, p] : s.accounts[id].positions.entries())
      if (!p.principal.is_zero() && (!is_in_market(s, static_cast<AccountId>(id), m) || p.interest_index.is_zero()))
        r.add("debts_in_entered_markets", name(s, static_cast<AccountId>(id)) + " owes in market " + std::to_string(m) +
                                              " without having entered it or with no index");
}

// Every delegate's votes (its last checkpoint) equal the FLUX in the wallets of the
// accounts delegating to it; so the votes in all equal the FLUX held by accounts that
// have a delegate.
void votes_match_delegations(const State& s, Report& r) {
  const Governance& g = s.governance;
  if (!g.enabled()) return;
  std::map<AccountId, Wide> delegated;
  for (const auto& [account, voter] : g.voters)
    if (voter.delegate != no_account && account < s.accounts.size())
      delegated[voter.delegate] += Wide(s.accounts[account].wallet_balance(g.token));
  for (const auto& [account, voter] : g.voters) {
    const Wide votes = voter.checkpoints.empty() ? Wide(0) : Wide(voter.checkpoints.back().votes);
    const auto it = delegated.find(account);
    const Wide expected = it == delegated.end() ? Wide(0) : it->second;
    if (votes != expected)
      r.add("votes_match_delegations",
            name(s, account) + " holds " + votes.str() + " votes but " + expected.str() + " FLUX is delegated to it");
  }
  for (const auto& [delegate, amount] : delegated)
    if (amount != 0 && !g.voters.contains(delegate))
      r.add("votes_match_delegations",
            amount.str() + " FLUX is delegated to " + name(s, delegate) + ", which has no votes recorded");
}

// Checkpoints are strictly increasing by block and none is after the state's block;
// history is kept: only the checkpoint of the block being applied may change, and
// none is removed. No voter entry is empty.
void checkpoints_forward(const State& before, const State& after, Report& r) {
  static const std::vector<Checkpoint> none;
  for (const auto& [account, voter] : after.governance.voters) {
    if (voter.empty()) r.add("checkpoints_forward", name(after, account) + " has an empty voter entry");
    const std::vector<Checkpoint>& now = voter.checkpoints;
    for (std::size_t i = 0; i < now.size(); ++i) {
      if (i > 0 && now[i].from_block <= now[i - 1].from_block)
        r.add("checkpoints_forward", name(after, account) + ": checkpoints not in increasing block order");
      if (now[i].from_block > after.block)
        r.add("checkpoints_forward", name(after, account) + ": a checkpoint after the state's block");
    }
    const auto was_it = before.governance.voters.find(account);
    const std::vector<Checkpoint>& was = was_it == before.governance.voters.end() ? none : was_it->second.checkpoints;
    if (now.size() < was.size()) r.add("checkpoints_forward", name(after, account) + ": checkpoints removed");
    for (std::size_t i = 0; i < was.size() && i < now.size(); ++i) {
      const bool open_block =
          i + 1 == was.size() && was[i].from_block == after.block && now[i].from_block == after.block;
      if (!(now[i] == was[i]) && !open_block)
        r.add("checkpoints_forward", name(after, account) + ": a past checkpoint changed");
    }
  }
  for (const auto& [account, voter] : before.governance.voters)
    if (!voter.checkpoints.empty() && !after.governance.voters.contains(account))
      r.add("checkpoints_forward", name(after, account) + ": checkpoints removed");
}

// Proposals are numbered 1, 2, ...; each has 1 to 10 actions sent by the timelock;
// its tallies are the sums of its receipts; executed and canceled exclude each other.
// Compared with before: none disappears; what was fixed when it was made (proposer,
// actions, description, blocks, quorum) never changes; a vote, once cast, stays; an
// eta, once set, stays; canceled and executed stay.
void proposals_consistent(const State& before, const State& after, Report& r) {
  const Governance& g = after.governance;
  const auto fail = [&r](const Proposal& p, const std::string& what) {
    r.add("proposals_consistent", "proposal " + std::to_string(p.id) + ": " + what);
  };
  for (std::size_t i = 0; i < g.proposals.size(); ++i) {
    const Proposal& p = g.proposals[i];
    if (p.id != i + 1) fail(p, "numbered out of order");
    if (p.actions.empty() || p.actions.size() > max_proposal_actions) fail(p, "holds no or too many actions");
    for (const GovernanceAction& action : p.actions)
      if (std::visit([](const auto& a) { return a.sender; }, action) != g.timelock)
        fail(p, "an action is not sent by the timelock");
    if (p.start_block > p.end_block) fail(p, "ends before it starts");
    if (p.executed && (p.canceled || p.eta == 0)) fail(p, "executed, yet canceled or never queued");
    Wide tally[3] = {0, 0, 0};
    for (const auto& [voter, receipt] : p.receipts) {
      if (receipt.support > vote_abstain) fail(p, "a receipt with an unknown support");
      else tally[receipt.support] += Wide(receipt.votes);
    }
    if (tally[vote_against] != Wide(p.against_votes) || tally[vote_for] != Wide(p.for_votes) ||
        tally[vote_abstain] != Wide(p.abstain_votes))
      fail(p, "tallies differ from the sum of its receipts");
  }
  const std::vector<Proposal>& was = before.governance.proposals;
  if (g.proposals.size() < was.size()) r.add("proposals_consistent", "a proposal disappeared");
  for (std::size_t i = 0; i < was.size() && i < g.proposals.size(); ++i) {
    const Proposal& b = was[i];
    const Proposal& a = g.proposals[i];
    if (a.proposer != b.proposer || a.actions != b.actions || a.description != b.description ||
        a.start_block != b.start_block || a.end_block != b.end_block || a.quorum_votes != b.quorum_votes)
      fail(a, "changed what was fixed when it was proposed");
    if ((b.eta != 0 && a.eta != b.eta) || (b.canceled && !a.canceled) || (b.executed && !a.executed))
      fail(a, "an eta, a cancel or an execution was undone");
    for (const auto& [voter, receipt] : b.receipts) {
      const auto it = a.receipts.find(voter);
      if (it == a.receipts.end() || !(it->second == receipt)) fail(a, "a cast vote changed or disappeared");
    }
  }
}

// The reserve never promises more than it holds (rewards.hpp): distributed <=
// allocated <= funded <= the bound; the accounts' accrued rewards sum to distributed -
// paid, so what is owed is always in the reserve (funded - paid). No rewards without
// governance; no empty account entry, none for an unknown account or market.
void rewards_backed(const State& s, Report& r) {
  const Rewards& rw = s.rewards;
  if (!s.governance.enabled()) {
    if (!rw.empty()) r.add("rewards_backed", "rewards exist without governance");
    return;
  }
  const RewardsPool& p = rw.pool;
  if (p.distributed > p.allocated || p.allocated > p.funded || p.funded > rewards_funded_max() ||
      p.paid > p.distributed)
    r.add("rewards_backed", "counters out of order: distributed " + p.distributed.str() + ", allocated " +
                                p.allocated.str() + ", funded " + p.funded.str() + ", paid " + p.paid.str());
  Wide owed = 0;
  for (const auto& [account, ar] : rw.accounts) {
    owed += Wide(ar.accrued);
    if (ar.empty()) r.add("rewards_backed", name(s, account) + " has an empty rewards entry");
    if (account >= s.accounts.size()) r.add("rewards_backed", "rewards for an unknown account");
    for (const auto& [m, at] : ar.markets.entries())
      if (at.empty() || m >= s.markets.size())
        r.add("rewards_backed", name(s, account) + ": an empty or unknown market's rewards entry");
  }
  if (owed + Wide(p.paid) != Wide(p.distributed))
    r.add("rewards_backed", "accrued rewards " + owed.str() + " plus paid " + p.paid.str() +
                                " differ from distributed " + p.distributed.str());
  for (const auto& [m, mr] : rw.markets)
    if (m >= s.markets.size()) r.add("rewards_backed", "rewards for an unlisted market");
}

// Reward indices start at 1e36 and never go back, nor do their blocks (none after
// the state's block); an account's index never passes its market's, and never goes
// back; the reserve's counters only grow.
void reward_indices_forward(const State& before, const State& after, Report& r) {
  const auto fail = [&r](const std::string& what) { r.add("reward_indices_forward", what); };
  for (const auto& [m, mr] : after.rewards.markets) {
    const std::string symbol = m < after.markets.size() ? after.markets[m].config.symbol : "#" + std::to_string(m);
    if (mr.supply_index < reward_initial_index() || mr.borrow_index < reward_initial_index())
      fail(symbol + ": an index below the initial index");
    if (mr.supply_block > after.block || mr.borrow_block > after.block)
      fail(symbol + ": an index block after the state's");
    const auto was = before.rewards.markets.find(m);
    if (was == before.rewards.markets.end()) continue;
    if (mr.supply_index < was->second.supply_index || mr.borrow_index < was->second.borrow_index ||
        mr.supply_block < was->second.supply_block || mr.borrow_block < was->second.borrow_block)
      fail(symbol + ": an index or its block went back");
  }
  for (const auto& [m, mr] : before.rewards.markets)
    if (!after.rewards.markets.contains(m)) fail("a market's rewards disappeared");
  for (const auto& [account, ar] : after.rewards.accounts) {
    const auto was = before.rewards.accounts.find(account);
    for (const auto& [m, at] : ar.markets.entries()) {
      const MarketRewards market = after.rewards.market(m);
      if (at.supplier_index > market.supply_index || at.borrower_index > market.borrow_index)
        fail(name(after, account) + ": an index beyond its market's");
      if (at.supplier_index == reward_initial_index() || at.borrower_index == reward_initial_index())
        fail(name(after, account) + ": the initial index stored (it is stored as 0)");
      if (was == before.rewards.accounts.end()) continue;
      const AccountMarketRewards* old = was->second.markets.find(m);
      if (old != nullptr && (at.supplier_index < old->supplier_index || at.borrower_index < old->borrower_index))
        fail(name(after, account) + ": an account's index went back");
    }
  }
  const RewardsPool& a = after.rewards.pool;
  const RewardsPool& b = before.rewards.pool;
  if (a.funded < b.funded || a.allocated < b.allocated || a.distributed < b.distributed || a.paid < b.paid)
    fail("a reserve counter went back");
}

// The rule version changes only by activating the scheduled upgrade, at or after its
// block, and never goes back; apart from that activation only an admin request
// changes the schedule.
void rules_forward(const State& before, const State& after, const Request& request, Report& r) {
  if (after.rule_version < before.rule_version) r.add("rules_forward", "the rule version went back");
  const bool activated = after.rule_version != before.rule_version && before.scheduled_upgrade &&
                         after.rule_version == before.scheduled_upgrade->version &&
                         after.block >= before.scheduled_upgrade->activation_block;
  if (after.rule_version != before.rule_version && !activated)
    r.add("rules_forward", "the rule version changed without its scheduled activation");
  // An admin request may activate and schedule anew in one go; others only activate.
  const bool only_activated = activated && !after.scheduled_upgrade;
  if (after.scheduled_upgrade != before.scheduled_upgrade && !only_activated && !is_admin_request(request))
    r.add("rules_forward", std::string(request_name(request)) + " changed the upgrade schedule");
}

}  // namespace

std::vector<Violation> check_invariants(const State& before, const State& after, const Request& request,
                                        const Outcome& outcome) {
  Report report;
  if (!outcome.ok() && !(before == after))
    report.add("failed_changes_nothing", std::string(request_name(request)) + " failed with " +
                                             std::string(error_name(outcome.error)) + " but changed the state");
  exchange_rate_consistent(after, report);
  supply_matches_balances(after, report);
  index_and_block_forward(before, after, report);
  borrows_cover_balances(before, after, report);
  debts_in_entered_markets(after, report);
  if (outcome.ok()) no_user_shortfall(before, after, request, report);
  permitted_holders(before, after, report);
  protected_parameters(before, after, request, report);
  underlying_conserved(after, report);
  votes_match_delegations(after, report);
  checkpoints_forward(before, after, report);
  proposals_consistent(before, after, report);
  rewards_backed(after, report);
  reward_indices_forward(before, after, report);
  rules_forward(before, after, request, report);
  return report.take();
}

}  // namespace flux
