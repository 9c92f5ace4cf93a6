#include "node/block_json.hpp"

#include <utility>

namespace flux::node {
namespace {

using json = nlohmann::json;

std::optional<crypto::Hash32> hash_from(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  auto h = crypto::Hash32::from_hex(j[key].get<std::string>(), crypto::HexPrefix::required);
  if (!h) return std::nullopt;
  return *h;
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

json receipt_json(const Receipt& r, const State& s, const Transaction* tx) {
  json events = json::array();
  std::size_t setters = 0;  // an Execute's parameter_changed events so far: its setter actions in order
  for (const Event& e : r.events) {
    json j = event_json(e, s, tx);
    if (kind_of(e) == EventKind::parameter_changed && setters < r.action_parameters.size())
      j["parameter"] = r.action_parameters[setters++];
    events.push_back(std::move(j));
  }
  json out = {{"transaction_hash", r.transaction_hash.hex()},
              {"sender", r.sender.hex()},
              {"nonce", r.nonce},
              {"type", r.type},
              {"ok", r.error == Error::ok},
              {"error", r.error == Error::ok ? json(nullptr) : json(std::string(error_name(r.error)))},
              {"events", std::move(events)}};
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
  // Moved in: an initializer list copies what it is given, and a block's arrays hold
  // every transaction and receipt (a deep copy of each cost as much as building it).
  return {{"header", header_json(b.header)}, {"transactions", std::move(txs)}, {"receipts", std::move(receipts)}};
}

std::string encode_block(const Block& block, const State& state) {
  const std::vector<std::uint8_t> cbor = json::to_cbor(block_json(block, state));
  return std::string(cbor.begin(), cbor.end());
}

namespace {

// decode_block's work; with `events` also each receipt's events.
std::optional<Block> decode(const std::string& bytes, const EventReader* events, std::string& error) {
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
      b.transactions.push_back(*tx);
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
      if (events != nullptr)
        for (const json& e : r.at("events")) receipt.events.push_back(events->read(e));
      b.receipts.push_back(std::move(receipt));
    }
    if (b.receipts.size() != b.transactions.size()) throw std::runtime_error("receipts and transactions differ");
    return b;
  } catch (const std::exception& e) {
    error = std::string("block: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace

std::optional<Block> decode_block(const std::string& bytes, std::string& error) {
  return decode(bytes, nullptr, error);
}

std::optional<Block> decode_block(const std::string& bytes, const State& names, std::string& error) {
  const EventReader events(names);
  return decode(bytes, &events, error);
}

}  // namespace flux::node
