#include "node/block_json.hpp"

namespace flux::node {
namespace {

using json = nlohmann::json;

std::string account_or_empty(const State& s, AccountId id) {
  return id < s.account_names.size() ? s.account_names[id] : std::string();
}

std::optional<crypto::Hash32> hash_from(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  auto h = crypto::Hash32::from_hex(j[key].get<std::string>(), crypto::HexPrefix::required);
  if (!h) return std::nullopt;
  return *h;
}

// The setting a parameter_changed event changed, named after its transaction:
// "SetCollateralFactor" -> "collateral_factor", Pause of "borrow" -> "borrow_paused".
// An executed proposal's events come from its actions, not from the Execute
// transaction: those are left unnamed ("") rather than named "execute".
std::string parameter_name(const Transaction& tx) {
  const std::string& type = tx.message.primary_type;
  if (type == "Execute") return {};
  if (type == "SetGovernanceParameter")
    for (const auto& f : tx.message.fields)
      if (f.name == "parameter")
        if (const auto* parameter = std::get_if<std::string>(&f.value)) return *parameter;
  if (type == "Pause" || type == "Unpause") {
    for (const auto& f : tx.message.fields)
      if (f.name == "action")
        if (const auto* action = std::get_if<std::string>(&f.value)) return *action + "_paused";
    return "paused";
  }
  std::string name;
  for (std::size_t i = type.rfind("Set", 0) == 0 ? 3 : 0; i < type.size(); ++i) {
    const char c = type[i];
    if (c >= 'A' && c <= 'Z') {
      if (!name.empty()) name += '_';
      name += static_cast<char>(c - 'A' + 'a');
    } else {
      name += c;
    }
  }
  return name;
}

}  // namespace

json header_json(const BlockHeader& h) {
  return {{"number", h.number},
          {"time_ms", h.time_ms},
          {"parent_hash", h.parent_hash.hex()},
          {"transactions_root", h.transactions_root.hex()},
          {"state_hash", h.state_hash.hex()},
          {"hash", h.hash().hex()}};
}

json event_json(const Event& e, const State& s, const Transaction* tx) {
  // Which of an event's fields mean something for its kind (engine/event.hpp); the
  // others are left out rather than shown as account or market 0.
  enum : unsigned { market = 1, account = 2, other = 4, asset = 8, second_amount = 16, proposal = 32, text = 64 };
  unsigned fields = 0;
  switch (e.kind) {
    case EventKind::interest_accrued: fields = market | second_amount; break;
    case EventKind::minted:
    case EventKind::redeemed:
    case EventKind::borrowed: fields = market | account | second_amount; break;
    case EventKind::repaid:
    case EventKind::liquidated:
    case EventKind::seized: fields = market | account | other | second_amount; break;
    case EventKind::transferred: fields = market | account | other; break;
    case EventKind::reserves_added:
    case EventKind::reserves_reduced: fields = market | account; break;
    case EventKind::market_entered:
    case EventKind::market_exited: fields = market | account; break;
    case EventKind::parameter_changed: fields = market; break;
    case EventKind::faucet: fields = asset | account; break;
    case EventKind::compliance_changed: fields = account | second_amount; break;
    case EventKind::market_listed: fields = market | account | second_amount; break;
    case EventKind::asset_issued:
    case EventKind::asset_burnt: fields = asset | account; break;
    case EventKind::asset_transferred: fields = asset | account | other; break;
    case EventKind::role_changed: fields = account | second_amount; break;
    case EventKind::delegate_changed: fields = account | other; break;
    case EventKind::votes_changed: fields = account | second_amount; break;
    case EventKind::proposal_created:
    case EventKind::vote_cast: fields = proposal | account | second_amount | text; break;
    case EventKind::proposal_canceled:
    case EventKind::proposal_queued:
    case EventKind::proposal_executed: fields = proposal | account; break;
    // Liquidity mining.
    case EventKind::reward_speeds_set: fields = market | second_amount; break;
    case EventKind::rewards_funded:
    case EventKind::rewards_claimed: fields = account | second_amount; break;
    case EventKind::supplier_rewards_distributed:
    case EventKind::borrower_rewards_distributed: fields = market | account | second_amount; break;
    case EventKind::upgrade_scheduled:
    case EventKind::upgrade_canceled: fields = account | second_amount; break;
    case EventKind::rule_version_activated: fields = second_amount; break;
  }
  json j = {{"event", event_name(e.kind)}, {"amount", e.amount.str()}};
  if (fields & second_amount) j["amount2"] = e.amount2.str();
  if ((fields & asset) && e.asset < s.assets.size()) j["asset"] = s.assets[e.asset].symbol;
  if ((fields & market) && e.market < s.markets.size()) j["market"] = s.markets[e.market].config.symbol;
  if (fields & account) j["account"] = account_or_empty(s, e.account);
  if (fields & other) j["other"] = account_or_empty(s, e.other);
  if (fields & proposal) j["proposal"] = e.proposal;
  if (fields & text) j["text"] = e.text;
  if (e.kind == EventKind::parameter_changed && tx != nullptr)
    if (std::string name = parameter_name(*tx); !name.empty()) j["parameter"] = name;
  return j;
}

json receipt_json(const Receipt& r, const State& s, const Transaction* tx) {
  json events = json::array();
  std::size_t setters = 0;  // an Execute's parameter_changed events so far: its setter actions in order
  for (const Event& e : r.events) {
    json j = event_json(e, s, tx);
    if (e.kind == EventKind::parameter_changed && setters < r.action_parameters.size())
      j["parameter"] = r.action_parameters[setters++];
    events.push_back(std::move(j));
  }
  json out = {{"transaction_hash", r.transaction_hash.hex()},
              {"sender", r.sender.hex()},
              {"nonce", r.nonce},
              {"type", r.type},
              {"ok", r.error == Error::ok},
              {"error", r.error == Error::ok ? json(nullptr) : json(std::string(error_name(r.error)))},
              {"events", events}};
  // Only on a failed Execute: the engine's answer names the action, so the receipt does.
  if (r.failed_action)
    out["failed_action"] = {{"index", r.failed_action->index},
                            {"type", r.failed_action->type},
                            {"error", std::string(error_name(r.failed_action->error))}};
  return out;
}

json block_json(const Block& b, const State& s) {
  json txs = json::array();
  for (const Transaction& t : b.transactions) txs.push_back(to_json(t));
  json receipts = json::array();
  for (std::size_t i = 0; i < b.receipts.size(); ++i)
    receipts.push_back(receipt_json(b.receipts[i], s, i < b.transactions.size() ? &b.transactions[i] : nullptr));
  return {{"header", header_json(b.header)}, {"transactions", txs}, {"receipts", receipts}};
}

std::string encode_block(const Block& block, const State& state) {
  const std::vector<std::uint8_t> cbor = json::to_cbor(block_json(block, state));
  return std::string(cbor.begin(), cbor.end());
}

std::optional<Block> decode_block(const std::string& bytes, std::string& error) {
  const json j = json::from_cbor(bytes, true, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not a CBOR block";
    return std::nullopt;
  }
  try {
    Block b;
    const json& h = j.at("header");
    b.header.number = h.at("number").get<std::uint64_t>();
    b.header.time_ms = h.at("time_ms").get<std::uint64_t>();
    const auto parent = hash_from(h, "parent_hash");
    const auto root = hash_from(h, "transactions_root");
    const auto state = hash_from(h, "state_hash");
    const auto hash = hash_from(h, "hash");
    if (!parent || !root || !state || !hash) throw std::runtime_error("a header hash is malformed");
    b.header.parent_hash = *parent;
    b.header.transactions_root = *root;
    b.header.state_hash = *state;
    if (b.header.hash() != *hash) throw std::runtime_error("the header does not hash to its stored hash");
    for (const json& t : j.at("transactions")) {
      auto tx = parse_transaction(t);
      if (!tx) throw std::runtime_error("a transaction: " + tx.error().detail);
      b.transactions.push_back(std::move(*tx));
    }
    for (const json& r : j.at("receipts")) {
      Receipt receipt;
      const auto tx_hash = hash_from(r, "transaction_hash");
      if (!tx_hash) throw std::runtime_error("a receipt's transaction hash is malformed");
      receipt.transaction_hash = *tx_hash;
      receipt.type = r.at("type").get<std::string>();
      receipt.nonce = r.at("nonce").get<std::uint64_t>();
      if (!r.at("error").is_null()) {
        const auto e = error_from_name(r.at("error").get<std::string>());
        if (!e) throw std::runtime_error("a receipt names an unknown error");
        receipt.error = *e;
      }
      if (r.contains("failed_action")) {  // absent from blocks stored before it existed
        const json& f = r.at("failed_action");
        const auto e = error_from_name(f.at("error").get<std::string>());
        if (!e) throw std::runtime_error("a receipt's failed action names an unknown error");
        receipt.failed_action = FailedAction{f.at("index").get<std::uint32_t>(), f.at("type").get<std::string>(), *e};
      }
      b.receipts.push_back(std::move(receipt));
    }
    if (b.receipts.size() != b.transactions.size()) throw std::runtime_error("receipts and transactions differ");
    return b;
  } catch (const std::exception& e) {
    error = std::string("block: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace flux::node
