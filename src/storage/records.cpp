#include "storage/records.hpp"

namespace flux::storage {

namespace {

Error corrupt(Column column, std::string_view key, const std::string& what) {
  return Error{StorageError::corrupt_record, describe_record(column, key) + ": " + what};
}

}  // namespace

std::string encode_format_payload() {
  std::string out(kFormatMagic);
  put_u32(out, kFormatVersion);
  return out;
}

std::string encode_last_committed_payload(std::uint64_t number, std::string_view state_hash) {
  std::string out;
  out.reserve(8 + state_hash.size());
  put_u64(out, number);
  out.append(state_hash);
  return out;
}

std::string encode_block_payload(std::uint64_t number, std::string_view state_hash, std::string_view bytes) {
  std::string out;
  out.reserve(8 + state_hash.size() + bytes.size());
  put_u64(out, number);
  out.append(state_hash);
  out.append(bytes);
  return out;
}

Result<std::uint32_t> decode_format_payload(std::string_view payload) {
  if (payload.size() != kFormatMagic.size() + 4 || payload.substr(0, kFormatMagic.size()) != kFormatMagic) {
    return corrupt(Column::meta, kMetaFormatKey, "not a Flux format record");
  }
  return get_u32(payload.substr(kFormatMagic.size()));
}

Result<LastCommitted> decode_last_committed_payload(std::string_view payload) {
  if (payload.size() != 8 + kStateHashBytes) {
    return corrupt(
        Column::meta, kMetaLastCommittedKey,
        "payload of " + std::to_string(payload.size()) + " bytes, expected " + std::to_string(8 + kStateHashBytes));
  }
  return LastCommitted{get_u64(payload), std::string(payload.substr(8))};
}

Result<BlockRecord> decode_block_payload(std::uint64_t key_number, std::string_view payload) {
  const std::string key = block_key(key_number);
  if (payload.size() < 8 + kStateHashBytes) {
    return corrupt(Column::blocks, key, "payload of " + std::to_string(payload.size()) + " bytes is too short");
  }
  const std::uint64_t number = get_u64(payload);
  if (number != key_number) {
    return corrupt(Column::blocks, key, "record says it is block " + std::to_string(number));
  }
  return BlockRecord{number, std::string(payload.substr(8, kStateHashBytes)),
                     std::string(payload.substr(8 + kStateHashBytes))};
}

}  // namespace flux::storage
