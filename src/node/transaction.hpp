// Transactions: every engine operation as an EIP-712 typed message signed by an
// Ethereum key, so ordinary wallets and ethers.js (`Wallet.signTypedData`) can sign
// for Flux and show the user what they sign.
//
// Every type starts with `address sender, uint64 nonce`, followed by its own fields
// (transaction_types() lists them all). The domain is
// EIP712Domain(string name,string version,uint256 chainId) = ("Flux", "1", chain id).
// Amounts are raw integers as the engine holds them (uint256); markets and assets are
// named by symbol; accounts are addresses.
//
// On the wire (JSON-RPC) a transaction is
//   {"type": "Mint",
//    "message": {"sender": "0x…", "nonce": "7", "market": "fUSDC", "amount": "1000000"},
//    "signature": "0x…" (65 bytes r || s || v, v = 27 or 28)}
// Integers are decimal strings (a JSON integer is accepted too); every field of the
// type must be present and no other.
//
// Governance. Delegate, Propose, CastVote, Cancel, Queue and Execute are user types.
// A Propose's `actions` are strings, each the JSON text of an object
//   {"type": "SetCollateralFactor", "market": "fDAI", "value": "800000000000000000"}
// naming a role transaction type whose engine request is a GovernanceAction (the
// types with `governance_action` set) and that type's fields without sender and
// nonce, read with the same rules. They become the engine's actions with the timelock
// as sender. Markets are named by symbol, resolved when the Propose is applied: a
// symbol not listed then is the engine's not-listed market, so an action on a market
// the same proposal lists must be part of that ListMarket itself. A wrong action
// (unknown or non-action type, a missing, extra or ill-typed field, more than
// max_proposal_actions, longer than max_action_bytes) makes the Propose malformed.
#pragma once

#include "crypto/eip712.hpp"
#include "crypto/secp256k1.hpp"
#include "engine/request.hpp"
#include "engine/state.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace flux::node {

struct FieldSpec {
  std::string name;
  std::string type;  // a solidity type, as in the EIP-712 type string
};

struct TransactionType {
  std::string name;                // the EIP-712 primary type, e.g. "Mint"
  std::vector<FieldSpec> fields;   // including the leading sender and nonce
  bool role_operation = false;     // needs a role (admin, oracle, guardian, compliance, issuer)
  bool governance_action = false;  // a Propose may carry it as an action
};

// The longest action text a Propose may carry.
inline constexpr std::size_t max_action_bytes = 4096;

// Every string field has a length limit, checked when a transaction is parsed (a
// longer one is malformed, before any signature check or state lookup), and so does
// each item of a string[] field:
//   description (Propose)            max_description_bytes (16384)
//   reason (CastVote)                max_reason_bytes (1024)
//   actions items (Propose)          max_action_bytes (4096), at most max_proposal_actions
//   every other string: market, collateralMarket, asset, symbol and the markets items
//   (at most max_markets), kind, access, action, parameter    max_symbol_bytes (32)
std::size_t max_string_bytes(std::string_view field);

// Every transaction type the node accepts, in a fixed order.
const std::vector<TransactionType>& transaction_types();
const TransactionType* find_transaction_type(std::string_view name);

struct Transaction {
  crypto::TypedStruct message;  // fields in the type's order
  crypto::Signature signature;

  crypto::Address20 sender() const;
  std::uint64_t nonce() const;
};

// Why a transaction is turned away before it reaches a block.
enum class Rejection : std::uint8_t {
  malformed,      // not valid JSON for any transaction type: see the detail
  unknown_type,   // "type" names no transaction type
  bad_signature,  // not a valid low-s secp256k1 signature with v 27/28
  wrong_signer,   // the signature recovers to another address than "sender"
  nonce_used,     // lower than the sender's next nonce
  nonce_skipped,  // higher than the sender's next nonce
  unauthorized,   // the sender lacks the role the operation needs
  out_of_bounds,  // a parameter outside the node's bounds (close factor, incentive)
  mempool_full,   // the node holds as many pending transactions as it may
  // Appended (a rejection's number is part of its RPC error code).
  upgrade_required,  // the next block runs protocol rules this node does not implement (engine/upgrade.hpp)
  // Appended with governance bounds (issue 9).
  would_fail,  // an admin operation, or an action of a Propose, that can only fail (engine/proposal_checks.hpp)
};
// Every kind above, for tables indexed by kind (the node's metrics).
inline constexpr std::size_t rejection_count = static_cast<std::size_t>(Rejection::would_fail) + 1;
std::string_view rejection_name(Rejection r);

struct TransactionError {
  Rejection kind;
  std::string detail;
};

// Parses the wire form. Checks shape only: the signature is checked by the chain.
crypto::Result<Transaction, TransactionError> parse_transaction(const nlohmann::json& wire);
nlohmann::json to_json(const Transaction& tx);

crypto::Domain flux_domain(std::uint64_t chain_id);
// What the sender signs; also the transaction's id (its hash).
crypto::Hash32 transaction_hash(const Transaction& tx, std::uint64_t chain_id);

// The engine request a transaction stands for. Accounts are named in the engine by
// their lowercase hex address (created on first use); an unknown market symbol
// becomes a market id the engine reports as not listed, an unknown asset one it
// reports as unknown.
Request to_request(const Transaction& tx, State& state);
// The same request without writing to the state, for admission: an address the state
// does not know gets a provisional id past its last account (distinct per address),
// which holds no role, so a transaction turned away leaves no trace. Only execution
// in a block (to_request) creates accounts.
Request admission_request(const Transaction& tx, const State& state);

// A governance action as the JSON object a Propose carries: {"type": ..., fields}
// with markets by symbol (null for a market not listed when it was proposed), assets
// by symbol, accounts as checksum addresses and integers as decimal strings.
nlohmann::json action_json(const GovernanceAction& action, const State& state);

// The setting an action's parameter_changed event changes ("collateral_factor",
// "borrow_paused", "quorum_votes", ...), or "" for an action that emits none (its
// descriptor does not list parameter_changed: ListMarket, the role actions,
// ReduceReservesTo, SetRewardSpeeds, FundRewards, ScheduleUpgrade). Each other action
// emits exactly one, so an executed proposal's parameter_changed events are its
// setter actions' in order.
std::string action_parameter_name(const GovernanceAction& action);

// "proposal_threshold", "voting_delay", "voting_period", "quorum_votes", "timelock_delay".
const char* governance_parameter_name(GovernanceParameter parameter);
std::optional<GovernanceParameter> governance_parameter_from_name(std::string_view name);

// An engine account name for an address: "0x" + 40 lowercase hex digits.
std::string account_name(const crypto::Address20& address);

// Signs `message` (fields in the type's order) for `chain_id` with `key`: for tests,
// tools and the CLI.
Transaction sign_transaction(crypto::TypedStruct message, std::uint64_t chain_id, const crypto::PrivateKey& key);

}  // namespace flux::node
