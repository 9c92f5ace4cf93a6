#include "engine/change_checks.hpp"

#include "engine/membership.hpp"
#include "engine/state.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <map>
#include <set>
#include <vector>

namespace flux {
namespace {

// Signed sums of 256-bit amounts.
using Wide = boost::multiprecision::cpp_int;

Wide wide(const U256& v) { return Wide(v); }

std::string market_name(const State& s, std::uint64_t id) {
  return id < s.markets.size() ? s.markets[id].config.symbol : "#" + std::to_string(id);
}
std::string account_name(const State& s, std::uint64_t id) {
  return id < s.account_names.size() ? s.account_names[id] : "#" + std::to_string(id);
}

// An entry's value as the given type, or nullptr when it did not exist (monostate).
template <class T>
const T* as(const EntryImage& image) {
  return std::get_if<T>(&image);
}

// What each changed entry held before and holds now, summed per asset and per market.
struct Deltas {
  std::map<AssetId, Wide> issued;   // change of Asset::issued
  std::map<AssetId, Wide> held;     // change of wallets, market cash, the rewards reserve
  std::map<MarketId, Wide> supply;  // change of MarketBook::total_supply
  std::map<MarketId, Wide> tokens;  // change of accounts' fToken balances

  void account(const Account& a, int sign) {
    for (const auto& [asset, units] : a.wallet.entries()) held[asset] += sign * wide(units);
    for (const auto& [market, position] : a.positions.entries()) tokens[market] += sign * wide(position.tokens);
  }
  void market(MarketId id, const Market& m, int sign) {
    held[m.config.asset] += sign * wide(m.book.cash);
    supply[id] += sign * wide(m.book.total_supply);
  }
  void image(const State& s, const EntryKey& key, const EntryImage& value, int sign) {
    if (const auto* a = as<Account>(value)) account(*a, sign);
    else if (const auto* m = as<Market>(value)) market(static_cast<MarketId>(key.id), *m, sign);
    else if (const auto* asset = as<Asset>(value)) issued[static_cast<AssetId>(key.id)] += sign * wide(asset->issued);
    else if (const auto* pool = as<RewardsPool>(value))
      held[s.governance.token] += sign * (wide(pool->funded) - wide(pool->paid));
  }
};

using Found = std::optional<std::string>;

// Per asset: wallets + market cash (+ the rewards reserve for FLUX) moved by exactly
// what the asset issued. Per market: the fToken supply moved by exactly what the
// balances moved.
Found conservation(const State& after, const ChangeSet& changes, const std::vector<EntryImage>& now) {
  Deltas d;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    d.image(after, changes[i].key, changes[i].before, -1);
    d.image(after, changes[i].key, now[i], +1);
  }
  for (const auto& [asset, change] : d.held) {
    const auto it = d.issued.find(asset);
    const Wide issued = it == d.issued.end() ? Wide(0) : it->second;
    if (change != issued) {
      const std::string symbol = asset < after.assets.size() ? after.assets[asset].symbol : std::to_string(asset);
      return "asset " + symbol + ": wallets, market cash and reserves changed by " + change.str() +
             " units but its issued units by " + issued.str();
    }
  }
  for (const auto& [asset, change] : d.issued)
    if (change != 0 && !d.held.contains(asset))
      return "asset " + std::to_string(asset) + ": issued units changed by " + change.str() + " and no holder changed";
  for (const auto& [market, change] : d.supply) {
    const auto it = d.tokens.find(market);
    const Wide tokens = it == d.tokens.end() ? Wide(0) : it->second;
    if (change != tokens)
      return "market " + market_name(after, market) + ": fToken supply changed by " + change.str() +
             " but balances by " + tokens.str();
  }
  for (const auto& [market, change] : d.tokens)
    if (change != 0 && !d.supply.contains(market))
      return "market " + std::to_string(market) + ": fToken balances changed by " + change.str() +
             " and its supply did not change";
  return std::nullopt;
}

// A changed market still backs its fTokens (cash + borrows >= reserves) and its borrow
// index and accrual block did not go back.
Found market_books(const Change& c, const EntryImage& image) {
  const Market* now = as<Market>(image);
  if (now == nullptr) return std::nullopt;
  const MarketBook& b = now->book;
  if (wide(b.cash) + wide(b.total_borrows) < wide(b.total_reserves))
    return "market " + now->config.symbol + ": reserves " + b.total_reserves.str() + " exceed cash + borrows";
  if (const Market* was = as<Market>(c.before))
    if (b.borrow_index < was->book.borrow_index || b.accrual_block < was->book.accrual_block)
      return "market " + now->config.symbol + ": borrow index or accrual block went back";
  return std::nullopt;
}

// No hidden debt: a changed account owes only in markets it has entered (so account
// liquidity counts the debt), each with the interest index it was borrowed at.
// Under Flux Protocol a change of the joined markets alone (a protocol_account entry)
// is checked too: leaving a market must not hide a debt there.
Found account_debts(const State& after, const Change& c, const EntryImage& image) {
  const Account* now = c.key.kind == EntryKind::protocol_account && c.key.id < after.accounts.size()
                           ? &after.accounts[static_cast<AccountId>(c.key.id)]
                           : as<Account>(image);
  if (now == nullptr) return std::nullopt;
  for (const auto& [market, position] : now->positions.entries()) {
    if (position.principal.is_zero()) continue;
    if (!is_in_market(after, static_cast<AccountId>(c.key.id), market))
      return account_name(after, c.key.id) + " owes " + position.principal.str() + " in " + market_name(after, market) +
             ", a market it has not entered";
    if (position.interest_index.is_zero())
      return account_name(after, c.key.id) + " owes in " + market_name(after, market) + " with no interest index";
  }
  return std::nullopt;
}

// A changed voter's history: the checkpoints it had stay as they were, except the one
// of the state's block, which a second vote-moving request in that block rewrites;
// what is new is at most one checkpoint, of the state's block, after every earlier one.
// A voter entry with history is never removed.
Found checkpoints(const State& after, AccountId id, const Voter* was, const Voter* now) {
  const std::size_t kept = was ? was->checkpoints.size() : 0;
  const std::size_t size = now ? now->checkpoints.size() : 0;
  if (size < kept) return account_name(after, id) + ": checkpoints removed";
  for (std::size_t i = 0; i < size; ++i) {
    const Checkpoint& c = now->checkpoints[i];
    if (i < kept && c == was->checkpoints[i]) continue;
    const bool open_block = c.from_block == after.block && (i + 1 >= kept) &&
                            (i < kept ? was->checkpoints[i].from_block == after.block : true) &&
                            (i == 0 || now->checkpoints[i - 1].from_block < c.from_block);
    if (!open_block) return account_name(after, id) + ": a checkpoint other than the block's own changed";
  }
  return std::nullopt;
}

// Votes follow delegations: each delegate's votes moved by exactly the FLUX that moved
// in the wallets of the accounts delegating to it (a changed delegation moves the
// delegator's whole balance from the old delegate to the new).
Found votes(const State& after, const ChangeSet& changes, const std::vector<EntryImage>& now) {
  const Governance& g = after.governance;
  if (!g.enabled()) return std::nullopt;
  // Each entry's image before and after: the recorded ones if it changed, else the
  // state's (the same before and after, read once into `unchanged`).
  std::map<EntryKey, const EntryImage*> before, current;
  std::map<EntryKey, EntryImage> unchanged;
  std::set<AccountId> holders;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    before[c.key] = &c.before;
    current[c.key] = &now[i];
    if (c.key.kind == EntryKind::account || c.key.kind == EntryKind::voter)
      holders.insert(static_cast<AccountId>(c.key.id));
  }
  const auto image_in = [&](const std::map<EntryKey, const EntryImage*>& images, EntryKind kind,
                            AccountId id) -> const EntryImage& {
    const EntryKey key{kind, id};
    if (const auto it = images.find(key); it != images.end()) return *it->second;
    auto [it, fresh] = unchanged.try_emplace(key);
    if (fresh) it->second = read_entry(after, key);
    return it->second;
  };
  const auto flux = [&g](const EntryImage& image) {
    const Account* a = as<Account>(image);
    return a ? wide(a->wallet_balance(g.token)) : Wide(0);
  };
  const auto votes_of = [](const Voter* v) {
    return v && !v->checkpoints.empty() ? wide(v->checkpoints.back().votes) : Wide(0);
  };
  std::map<AccountId, Wide> delegated;  // change of the FLUX delegated to each account
  std::map<AccountId, Wide> counted;    // change of each account's votes
  for (AccountId id : holders) {
    const Voter* was = as<Voter>(image_in(before, EntryKind::voter, id));
    const Voter* voter = as<Voter>(image_in(current, EntryKind::voter, id));
    if (was && was->delegate != no_account) delegated[was->delegate] -= flux(image_in(before, EntryKind::account, id));
    if (voter && voter->delegate != no_account)
      delegated[voter->delegate] += flux(image_in(current, EntryKind::account, id));
    counted[id] += votes_of(voter) - votes_of(was);
    if (Found f = checkpoints(after, id, was, voter)) return f;
  }
  for (const auto& [id, change] : delegated)
    if (change != 0 && counted[id] != change)
      return account_name(after, id) + ": votes changed by " + counted[id].str() + " but the FLUX delegated to it by " +
             change.str();
  for (const auto& [id, change] : counted)
    if (change != 0 && (!delegated.contains(id) || delegated[id] != change))
      return account_name(after, id) + ": votes changed by " + change.str() + " but the FLUX delegated to it did not";
  return std::nullopt;
}

// An account's reward indices in each market (0 stands for the initial index) never
// go back, never pass its market's, and are never dropped while the account has a
// record.
Found account_indices(const State& after, std::uint64_t id, const AccountRewards* was, const AccountRewards* now) {
  static const AccountRewards none;
  static const AccountMarketRewards initial;
  const AccountRewards& current = now ? *now : none;  // a record is removed only once empty
  for (const auto& [m, at] : current.markets.entries()) {
    const MarketRewards market = after.rewards.market(m);
    if (at.supplier_index > market.supply_index || at.borrower_index > market.borrow_index)
      return account_name(after, id) + ": a rewards index beyond " + market_name(after, m) + "'s";
  }
  if (was == nullptr) return std::nullopt;
  for (const auto& [m, old] : was->markets.entries()) {
    const AccountMarketRewards* at = current.markets.find(m);
    const AccountMarketRewards& index = at ? *at : initial;
    if (index.supplier_index < old.supplier_index || index.borrower_index < old.borrower_index)
      return account_name(after, id) + ": a rewards index went back";
  }
  return std::nullopt;
}

// Liquidity mining: the reserve's counters only grow and stay in order
// (paid <= distributed <= allocated <= funded); what was distributed went to accounts'
// accrued rewards or was paid out of them; market and account indices never go back.
Found rewards(const State& after, const ChangeSet& changes, const std::vector<EntryImage>& images) {
  Wide accrued = 0, distributed = 0, paid = 0;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    const EntryImage& now = images[i];
    if (const auto* p = as<RewardsPool>(now)) {
      const RewardsPool was = as<RewardsPool>(c.before) ? *as<RewardsPool>(c.before) : RewardsPool{};
      if (p->funded < was.funded || p->allocated < was.allocated || p->distributed < was.distributed ||
          p->paid < was.paid)
        return std::string("rewards reserve: a counter went back");
      if (p->paid > p->distributed || p->distributed > p->allocated || p->allocated > p->funded ||
          p->funded > rewards_funded_max())
        return std::string("rewards reserve: counters out of order");
      distributed += wide(p->distributed) - wide(was.distributed);
      paid += wide(p->paid) - wide(was.paid);
    } else if (c.key.kind == EntryKind::reward_account) {
      const auto* a = as<AccountRewards>(now);
      const auto* b = as<AccountRewards>(c.before);
      accrued += (a ? wide(a->accrued) : Wide(0)) - (b ? wide(b->accrued) : Wide(0));
      if (Found f = account_indices(after, c.key.id, b, a)) return f;
    } else if (c.key.kind == EntryKind::reward_market) {
      const auto* m = as<MarketRewards>(now);
      const auto* was = as<MarketRewards>(c.before);
      if (m == nullptr) return "market " + market_name(after, c.key.id) + ": its rewards record disappeared";
      if (m->supply_index < reward_initial_index() || m->borrow_index < reward_initial_index() ||
          (was && (m->supply_index < was->supply_index || m->borrow_index < was->borrow_index ||
                   m->supply_block < was->supply_block || m->borrow_block < was->borrow_block)))
        return "market " + market_name(after, c.key.id) + ": a rewards index or its block went back";
    }
  }
  if (accrued + paid != distributed)
    return "rewards: accounts' accrued rewards changed by " + accrued.str() + " and paid by " + paid.str() +
           ", but distributed by " + distributed.str();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_changes(const State& after, const ChangeSet& changes) {
  // Each changed entry's value now, read once for every law.
  std::vector<EntryImage> now;
  now.reserve(changes.size());
  for (const Change& c : changes) now.push_back(read_entry(after, c.key));
  if (Found f = conservation(after, changes, now)) return f;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    Found f = c.key.kind == EntryKind::market ? market_books(c, now[i])
              : c.key.kind == EntryKind::account || c.key.kind == EntryKind::protocol_account
                  ? account_debts(after, c, now[i])
                  : std::nullopt;
    if (f) return f;
  }
  if (Found f = votes(after, changes, now)) return f;
  return rewards(after, changes, now);
}

}  // namespace flux
