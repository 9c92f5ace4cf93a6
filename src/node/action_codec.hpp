// A proposal's actions in its storage record: the action's tag (its descriptor's
// action_tag, engine/descriptors/; never renumbered), then its fields in a fixed
// order. The sender is not stored: actions always run as the timelock. Markets and
// assets by id, accounts by name.
#pragma once

#include "node/record_io.hpp"

namespace flux::node::records {

void write_action(Writer& w, const State& s, const GovernanceAction& action);
// Names of accounts the action holds become accounts of `s` (as every record's do).
// Throws Malformed on an unknown tag or a value out of its range.
GovernanceAction read_action(Reader& r, State& s, AccountId timelock);

}  // namespace flux::node::records
