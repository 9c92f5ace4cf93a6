#include "engine/engine.hpp"

#include "engine/authorization.hpp"
#include "engine/operations/context.hpp"

namespace flux {
namespace {

// Step 1 of every operation: the request alone. Every account it names must exist.
struct AccountsKnown {
  const State& state;
  bool known(AccountId id) const { return id < state.accounts.size(); }
  template <class R>
  bool operator()(const R& r) const {
    bool ok = known(r.sender);
    if constexpr (requires { r.borrower; }) ok = ok && known(r.borrower);
    if constexpr (requires { r.to; }) ok = ok && known(r.to);
    if constexpr (requires { r.account; }) ok = ok && known(r.account);
    return ok;
  }
};

}  // namespace

Outcome apply(State& state, std::uint64_t block, const Request& request) {
  Outcome outcome;
  if (block < state.block) {
    outcome.error = Error::block_in_past;
    return outcome;
  }
  if (!std::visit(AccountsKnown{state}, request)) {
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
  } catch (const Failure& failure) {
    outcome.error = failure.error;
    outcome.events.clear();
  }
  return outcome;
}

}  // namespace flux
