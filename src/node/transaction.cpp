// Transactions: their identity (the EIP-712 digest), their JSON form, signing, and the
// engine request each stands for. The type table is transaction_types.cpp, reading
// the wire form transaction_parse.cpp, showing a proposal's actions action_json.cpp.
#include "node/transaction_table.hpp"

#include "crypto/keccak.hpp"

#include <utility>

namespace flux::node {
namespace {

using crypto::Address20;
using crypto::Field;
using crypto::Uint256;
using detail::Resolver;
using json = nlohmann::json;

constexpr GovernanceParameter governance_parameters[] = {
    GovernanceParameter::proposal_threshold, GovernanceParameter::voting_delay, GovernanceParameter::voting_period,
    GovernanceParameter::quorum_votes, GovernanceParameter::timelock_delay};

}  // namespace

crypto::Address20 Transaction::sender() const { return detail::address(message, "sender"); }
std::uint64_t Transaction::nonce() const { return static_cast<std::uint64_t>(detail::number(message, "nonce")); }

std::string_view rejection_name(Rejection r) {
  switch (r) {
    case Rejection::malformed: return "malformed";
    case Rejection::unknown_type: return "unknown_type";
    case Rejection::bad_signature: return "bad_signature";
    case Rejection::wrong_signer: return "wrong_signer";
    case Rejection::nonce_used: return "nonce_used";
    case Rejection::nonce_skipped: return "nonce_skipped";
    case Rejection::unauthorized: return "unauthorized";
    case Rejection::out_of_bounds: return "out_of_bounds";
    case Rejection::mempool_full: return "mempool_full";
    case Rejection::upgrade_required: return "upgrade_required";
    case Rejection::would_fail: return "would_fail";
  }
  return "unknown";
}

json to_json(const Transaction& tx) {
  json message = json::object();
  for (const Field& f : tx.message.fields) {
    if (const auto* a = std::get_if<Address20>(&f.value)) message[f.name] = crypto::to_checksum_address(*a);
    else if (const auto* b = std::get_if<bool>(&f.value)) message[f.name] = *b;
    else if (const auto* n = std::get_if<Uint256>(&f.value)) message[f.name] = n->str();
    else if (const auto* s = std::get_if<std::string>(&f.value)) message[f.name] = *s;
    else if (const auto* v = std::get_if<std::vector<std::string>>(&f.value)) message[f.name] = *v;
  }
  return {{"type", tx.message.primary_type}, {"message", std::move(message)}, {"signature", tx.signature.hex()}};
}

crypto::Domain flux_domain(std::uint64_t chain_id) { return crypto::Domain{"Flux", "1", Uint256(chain_id)}; }

crypto::Hash32 transaction_hash(const Transaction& tx, std::uint64_t chain_id) {
  // The message was built from the type table, so it always encodes.
  return crypto::typed_data_digest(flux_domain(chain_id), tx.message).value();
}

namespace {
Request convert(const Transaction& tx, const Resolver& resolver) {
  const detail::Entry* entry = detail::find_entry(tx.message.primary_type);
  if (entry == nullptr) throw std::logic_error("to_request: unknown transaction type");
  const AccountId sender = resolver.account(tx.sender());
  return entry->convert(tx.message, resolver, sender);
}
}  // namespace

Request to_request(const Transaction& tx, State& state) { return convert(tx, Resolver(state, &state)); }

Request admission_request(const Transaction& tx, const State& state) { return convert(tx, Resolver(state)); }

std::string account_name(const crypto::Address20& address) { return address.hex(true); }

const char* governance_parameter_name(GovernanceParameter parameter) {
  switch (parameter) {
    case GovernanceParameter::proposal_threshold: return "proposal_threshold";
    case GovernanceParameter::voting_delay: return "voting_delay";
    case GovernanceParameter::voting_period: return "voting_period";
    case GovernanceParameter::quorum_votes: return "quorum_votes";
    case GovernanceParameter::timelock_delay: return "timelock_delay";
  }
  return "unknown";
}

std::optional<GovernanceParameter> governance_parameter_from_name(std::string_view name) {
  for (GovernanceParameter p : governance_parameters)
    if (name == governance_parameter_name(p)) return p;
  return std::nullopt;
}

Transaction sign_transaction(crypto::TypedStruct message, std::uint64_t chain_id, const crypto::PrivateKey& key) {
  Transaction tx;
  tx.message = std::move(message);
  tx.signature = crypto::sign_digest(crypto::typed_data_digest(flux_domain(chain_id), tx.message).value(), key);
  return tx;
}

}  // namespace flux::node
