#include "fluxd/acknowledged_check.hpp"

namespace flux::fluxd {

namespace {

std::string hash_bytes(const crypto::Hash32& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

crypto::Hash32 hash_of(const std::string& bytes) {
  crypto::Hash32 h;
  for (std::size_t i = 0; i < h.size() && i < bytes.size(); ++i) h[i] = static_cast<std::uint8_t>(bytes[i]);
  return h;
}

}  // namespace

std::string describe_block(std::uint64_t number, const crypto::Hash32& hash) {
  return "block " + std::to_string(number) + " (hash " + hash.hex() + ")";
}

storage::AcknowledgedHead acknowledged_head_of(const StoreHead& head) {
  return storage::AcknowledgedHead{head.number, hash_bytes(head.hash)};
}

AcknowledgedComparison compare_acknowledged(
    const std::filesystem::path& dir, const storage::Result<std::optional<storage::AcknowledgedHead>>& marker,
    const std::optional<StoreHead>& store,
    const std::function<std::optional<crypto::Hash32>(std::uint64_t)>& store_hash_at) {
  AcknowledgedComparison out;
  const std::string where = storage::acknowledged_path(dir).string();
  if (!marker) {
    out.verdict = AcknowledgedVerdict::marker_damaged;
    out.problem = "the acknowledged-head marker cannot be read: " + storage::describe(marker.error());
    return out;
  }
  if (!*marker) {
    out.verdict = AcknowledgedVerdict::no_marker;
    return out;
  }
  const std::uint64_t acked = (*marker)->number;
  const crypto::Hash32 acked_hash = hash_of((*marker)->block_hash);
  out.acknowledged = StoreHead{acked, acked_hash};
  const std::string acked_text = describe_block(acked, acked_hash);
  if (!store) {
    out.verdict = AcknowledgedVerdict::store_behind;
    out.problem = acked_text + " was acknowledged to clients (" + where +
                  "), but the store holds no block at all: every acknowledged block is missing";
    return out;
  }
  const std::string store_text = describe_block(store->number, store->hash);
  if (store->number < acked) {
    out.verdict = AcknowledgedVerdict::store_behind;
    out.problem = acked_text + " was acknowledged to clients (" + where + "), but the store ends at " + store_text +
                  ": " + std::to_string(acked - store->number) + " acknowledged block(s) are missing";
    return out;
  }
  if (store->number == acked) {
    if (store->hash == acked_hash) return out;  // matches
    out.verdict = AcknowledgedVerdict::store_differs;
    out.problem = acked_text + " was acknowledged to clients (" + where + "), but the store's block " +
                  std::to_string(acked) + " is another one: " + store_text;
    return out;
  }
  // Ahead: the acknowledged block must still be the store's block at that height.
  const std::optional<crypto::Hash32> there = store_hash_at(acked);
  if (!there || *there != acked_hash) {
    out.verdict = AcknowledgedVerdict::store_differs;
    out.problem = acked_text + " was acknowledged to clients (" + where + "), but the store's block " +
                  std::to_string(acked) + " is " +
                  (there ? "another one (hash " + there->hex() + ")" : std::string("unreadable")) +
                  " (the store's head is " + store_text + ")";
    return out;
  }
  out.verdict = AcknowledgedVerdict::store_ahead;
  return out;
}

}  // namespace flux::fluxd
