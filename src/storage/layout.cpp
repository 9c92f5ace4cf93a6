#include "storage/layout.hpp"

namespace flux::storage {

std::string_view column_name(Column column) {
  switch (column) {
    case Column::meta: return "meta";
    case Column::blocks: return "blocks";
    case Column::state: return "state";
    case Column::index: return "index";
  }
  return "?";
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::uint32_t get_u32(std::string_view in) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

std::string block_key(std::uint64_t number) {
  std::string key;
  key.reserve(kBlockKeyBytes);
  put_u64(key, number);
  return key;
}

std::optional<std::uint64_t> parse_block_key(std::string_view key) {
  if (key.size() != kBlockKeyBytes) return std::nullopt;
  return get_u64(key);
}

std::string describe_record(Column column, std::string_view key) {
  if (column == Column::blocks) {
    if (auto number = parse_block_key(key)) return "block " + std::to_string(*number);
  }
  if (column == Column::meta) return "meta record \"" + std::string(key) + "\"";
  static constexpr char kHex[] = "0123456789abcdef";
  constexpr std::size_t kShownBytes = 64;
  std::string out(column_name(column));
  out += " record 0x";
  for (std::size_t i = 0; i < key.size() && i < kShownBytes; ++i) {
    const auto byte = static_cast<unsigned char>(key[i]);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  if (key.size() > kShownBytes) out += "... (" + std::to_string(key.size()) + " bytes)";
  if (key.empty()) out += " (empty key)";
  return out;
}

}  // namespace flux::storage
