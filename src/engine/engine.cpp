#include "engine/engine.hpp"

#include "engine/authorization.hpp"
#include "engine/operation_registry.hpp"
#include "engine/operations/context.hpp"

#include <stdexcept>
#include <string>

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
    // Checked by bound() too; this stays in case its descriptor ever stops binding it.
    if constexpr (requires { r.holder; }) ok = ok && known(r.holder);
    if constexpr (requires { r.to; }) ok = ok && known(r.to);
    if constexpr (requires { r.account; }) ok = ok && known(r.account);
    if constexpr (requires { r.delegatee; }) ok = ok && (r.delegatee == no_account || known(r.delegatee));
    if constexpr (requires { r.actions; })
      for (const GovernanceAction& action : r.actions)
        ok = ok && std::visit(AccountsKnown{state, false}, action) && AccountsKnown{state, false}.bound(action);
    return ok;
  }
  // A request described by its fields alone: every account field, whatever its name.
  template <class Variant>
  bool bound(const Variant& v) const {
    for (const ConstBoundValue& f : bound_values(v))
      if (f.field->binding.kind == FieldKind::account && !known(bound_value<FieldKind::account>(f))) return false;
    return true;
  }
};

}  // namespace

void throw_written_then_failed(std::string_view operation, Error error) {
  throw std::logic_error("engine bug: " + std::string(operation) + " failed with " + std::string(error_name(error)) +
                         " after it had written to the state; every check must run before the first write");
}

bool request_accounts_known(const State& state, const Request& request) {
  const AccountsKnown check{state};
  return std::visit(check, request) && check.bound(request);
}

Outcome apply(State& state, std::uint64_t block, const Request& request) {
  return apply_with_rules(state, block, state.time, request, rule_version_supported);
}

Outcome apply(State& state, std::uint64_t block, std::uint64_t time, const Request& request) {
  return apply_with_rules(state, block, time, request, rule_version_supported);
}

Outcome apply_with_rules(State& state, std::uint64_t block, const Request& request, std::uint32_t supported) {
  return apply_with_rules(state, block, state.time, request, supported);
}

Outcome apply_with_rules(State& state, std::uint64_t block, std::uint64_t time, const Request& request,
                         std::uint32_t supported) {
  Outcome outcome;
  if (block < state.block || time < state.time) {
    outcome.error = Error::block_in_past;
    return outcome;
  }
  // Rules this build does not implement are in force from their activation block:
  // nothing runs under them here (upgrade.hpp).
  if (upgrade_blocking(state, block, supported) != nullptr) {
    outcome.error = Error::rule_version_unsupported;
    return outcome;
  }
  if (!runs_under(descriptor(request), state.protocol)) {
    outcome.error = Error::wrong_protocol;
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
  // A due upgrade this build implements takes effect first, so the request runs
  // under the new rules; it is part of the request's changes, undone with them if
  // the request fails (the next request to succeed writes it).
  Journal journal;
  Context ctx(state, block, time, outcome.events, journal);
  if (const ScheduledUpgrade* due = upgrade_due(state, block)) {
    ctx.emit(RuleVersionActivated{.version = due->version, .activation_block = due->activation_block});
    const std::uint32_t version = due->version;
    ctx.write_rule_version() = version;
    ctx.write_scheduled_upgrade().reset();
  }
  try {
    run_in_phases(ctx, request_name(request),
                  [&ctx, &request] { std::visit([&ctx](const auto& r) { run(ctx, r); }, request); });
    ctx.write_block(block);
    if (state.protocol == Protocol::flux_protocol && time != state.time) ctx.write_time(time);
  } catch (const ActionFailed& failure) {
    // An execute: its actions check before they write, each on its own (execute.cpp),
    // so a later action may fail after earlier ones wrote. Undone below with the rest.
    outcome.error = failure.error;
    outcome.failed_action = failure.index;
    outcome.action_error = failure.action_error;
  } catch (const Failure& failure) {
    outcome.error = failure.error;
  } catch (...) {
    journal.rollback(state);  // a bug (the phase rule's alarm) or out of memory: nothing stays written
    throw;
  }
  if (outcome.ok()) {
    outcome.changes = journal.take();
  } else {
    journal.rollback(state);
    outcome.events.clear();
  }
  return outcome;
}

}  // namespace flux
