// TransactionGenerator: random signed transactions of every type the node accepts
// (node::transaction_types(), so a type added there is generated too), in the wire
// form a client sends. Most are meant to succeed — amounts scaled from the sender's
// balances, the role holder as sender, proposals that a holder of enough FLUX makes
// and votes through — and many are not: zero, dust and 2^256-1 amounts, unknown
// markets and assets, senders without the role, used and skipped nonces, signatures
// by the wrong key or over a tampered message, malformed JSON.
//
// It reads the chain (state, nonces, head) and draws from the simulator's Random
// only, so a seed gives the same transactions on every run.
#pragma once

#include "fuzz/accounts.hpp"
#include "fuzz/random.hpp"
#include "node/chain.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flux::fuzz {

struct GeneratedTransaction {
  std::string type;     // the transaction type, "Mint"
  nlohmann::json wire;  // {"type", "message", "signature"}, as sent to fluxd
};

class TransactionGenerator {
 public:
  TransactionGenerator(std::vector<FuzzAccount> accounts, std::uint64_t chain_id);

  GeneratedTransaction next(const node::Chain& chain, Random& rng);

  // How many empty blocks bring the chain to the next block where a proposal that
  // can still pass changes state (voting opens; voting ends with enough for-votes;
  // the timelock's eta), if one is due within `limit` blocks: the simulator mines
  // them so that proposals run their course. (A proposal heading for defeat is not
  // waited for: mining a governance day is most of a run's cost, every empty block
  // hashing the whole state.)
  static std::optional<std::uint64_t> blocks_to_next_governance_step(const State& state, std::uint64_t head,
                                                                     std::uint64_t limit);

 private:
  struct Draw;  // one transaction being drawn: the chain, the sender, the focus

  std::string pick_type(Random& rng) const;
  std::size_t pick_sender(const Draw& d, Random& rng) const;
  void fill(Draw& d, const std::vector<node::FieldSpec>& fields, crypto::TypedStruct& out) const;
  crypto::FieldValue value_for(Draw& d, const node::FieldSpec& field) const;
  // value_for by kind of field.
  crypto::Address20 address_value(Draw& d, const std::string& name) const;
  std::string string_value(Draw& d, const std::string& name) const;
  U256 number_value(Draw& d, const std::string& name) const;
  U256 amount_value(Draw& d) const;  // amount, tokens, seedAmount
  U256 setter_value(Draw& d) const;  // a setter's value
  std::vector<std::string> proposal_actions(Draw& d) const;
  std::optional<std::size_t> account_index(const State& state, AccountId id) const;

  std::vector<FuzzAccount> accounts_;
  std::uint64_t chain_id_;
  std::vector<std::pair<std::string, unsigned>> type_weights_;  // every transaction type
  unsigned total_weight_ = 0;
  std::vector<std::string> action_types_;  // the types a Propose may carry
};

}  // namespace flux::fuzz
