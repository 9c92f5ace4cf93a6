#include "storage/frame.hpp"

#include <cstdio>

#include "storage/checksum.hpp"

namespace flux::storage {

namespace {

// The CRC covers the kind and key (not stored in the value) and then the stored bytes
// up to the trailer: version, length, payload.
std::uint32_t frame_crc(Column column, std::string_view key, std::string_view header_and_payload) {
  const char kind = static_cast<char>(column);
  std::string key_length;
  put_u32(key_length, static_cast<std::uint32_t>(key.size()));
  return mask_crc(crc32c({std::string_view(&kind, 1), key_length, key, header_and_payload}));
}

Error corrupt(Column column, std::string_view key, const std::string& what) {
  return Error{StorageError::corrupt_record, describe_record(column, key) + ": " + what};
}

std::string hex32(std::uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

void append_frame(std::string& out, Column column, std::string_view key,
                  std::initializer_list<std::string_view> payload_pieces) {
  std::size_t length = 0;
  for (std::string_view piece : payload_pieces) length += piece.size();
  const std::size_t start = out.size();
  out.reserve(start + kFrameOverheadBytes + length);
  out.push_back(static_cast<char>(kFrameVersion));
  put_u32(out, static_cast<std::uint32_t>(length));
  for (std::string_view piece : payload_pieces) out.append(piece);
  put_u32(out, frame_crc(column, key, std::string_view(out).substr(start)));
}

std::string encode_frame(Column column, std::string_view key, std::string_view payload) {
  std::string out;
  append_frame(out, column, key, {payload});
  return out;
}

Result<std::string_view> decode_frame(Column column, std::string_view key, std::string_view value) {
  if (value.size() < kFrameOverheadBytes) {
    return corrupt(column, key, "value of " + std::to_string(value.size()) + " bytes is shorter than a frame");
  }
  const auto version = static_cast<std::uint8_t>(value[0]);
  if (version != kFrameVersion) {
    return corrupt(column, key, "unknown frame version " + std::to_string(version));
  }
  const std::uint64_t length = get_u32(value.substr(1));
  if (value.size() != kFrameOverheadBytes + length) {
    return corrupt(column, key,
                   "frame says " + std::to_string(length) + " payload bytes but the value has " +
                       std::to_string(value.size()) + " bytes");
  }
  const std::string_view covered = value.substr(0, kFrameHeaderBytes + length);
  const std::uint32_t stored = get_u32(value.substr(kFrameHeaderBytes + length));
  const std::uint32_t computed = frame_crc(column, key, covered);
  if (stored != computed) {
    return corrupt(column, key, "checksum mismatch (stored " + hex32(stored) + ", computed " + hex32(computed) + ")");
  }
  return value.substr(kFrameHeaderBytes, length);
}

}  // namespace flux::storage
