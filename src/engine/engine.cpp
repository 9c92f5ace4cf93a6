#include "engine/engine.hpp"

#include "engine/authorization.hpp"
#include "engine/operations/context.hpp"

namespace flux {
namespace {

// Step 1 of every operation: the request alone. Every account it names must exist,
// those of a proposal's actions too (their sender excepted: the timelock replaces it).
struct AccountsKnown {
  const State& state;
  bool check_sender = true;
  bool known(AccountId id) const { return id < state.accounts.size(); }
  template <class R>
  bool operator()(const R& r) const {
    bool ok = !check_sender || known(r.sender);
    if constexpr (requires { r.borrower; }) ok = ok && known(r.borrower);
    if constexpr (requires { r.to; }) ok = ok && known(r.to);
    if constexpr (requires { r.account; }) ok = ok && known(r.account);
    if constexpr (requires { r.delegatee; }) ok = ok && (r.delegatee == no_account || known(r.delegatee));
    if constexpr (requires { r.actions; })
      for (const GovernanceAction& action : r.actions) ok = ok && std::visit(AccountsKnown{state, false}, action);
    return ok;
  }
};

}  // namespace

bool request_accounts_known(const State& state, const Request& request) {
  return std::visit(AccountsKnown{state}, request);
}

Outcome apply(State& state, std::uint64_t block, const Request& request) {
  Outcome outcome;
  if (block < state.block) {
    outcome.error = Error::block_in_past;
    return outcome;
  }
  if (!request_accounts_known(state, request)) {
    outcome.error = Error::unknown_account;
    return outcome;
  }
  if (const Error denied = authorize(state, request); denied != Error::ok) {
    outcome.error = denied;
    return outcome;
  }
  Context ctx{state, block, outcome.events};
  try {
    std::visit([&ctx](const auto& r) { run(ctx, r); }, request);
    state.block = block;
  } catch (const ActionFailed& failure) {
    outcome.error = failure.error;
    outcome.failed_action = failure.index;
    outcome.action_error = failure.action_error;
    outcome.events.clear();
  } catch (const Failure& failure) {
    outcome.error = failure.error;
    outcome.events.clear();
  }
  return outcome;
}

}  // namespace flux
