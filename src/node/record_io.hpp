// The byte primitives of the state records (state_codec.hpp gives the format):
// big-endian integers, U256 as a length byte and its bytes, length-prefixed strings,
// a version byte first. Shared by state_codec.cpp, state_decode.cpp and
// action_codec.cpp; not for other users.
#pragma once

#include "engine/rate_model.hpp"
#include "engine/state.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace flux::node::records {

inline constexpr std::uint8_t kVersion = 1;
// The "governance" record's version 2: its durations in seconds, then the block
// interval. Version 1 (durations in 12-second blocks) is still read.
inline constexpr std::uint8_t kGovernanceVersion = 2;

class Writer {
 public:
  explicit Writer(std::uint8_t version = kVersion) { out_.push_back(static_cast<char>(version)); }
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { be(v, 2); }
  void u32(std::uint32_t v) { be(v, 4); }
  void u64(std::uint64_t v) { be(v, 8); }
  void u256(const U256& v) {
    std::string bytes;
    U256 x = v;
    while (!x.is_zero()) {
      bytes.insert(bytes.begin(), static_cast<char>(low_u64(x) & 0xFF));
      x >>= 8;
    }
    u8(static_cast<std::uint8_t>(bytes.size()));
    out_ += bytes;
  }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  void be(std::uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (i * 8)) & 0xFF));
  }
  std::string out_;
};

struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  // A record of version kVersion to `newest`.
  explicit Reader(const std::string& in, std::uint8_t newest = kVersion) : in_(in) {
    version_ = u8();
    if (version_ < kVersion || version_ > newest) throw Malformed("unknown record version");
  }
  std::uint8_t version() const { return version_; }
  std::uint8_t u8() { return static_cast<std::uint8_t>(be(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(be(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(be(4)); }
  std::uint64_t u64() { return be(8); }
  bool flag() {
    const std::uint8_t v = u8();
    if (v > 1) throw Malformed("a flag is neither 0 nor 1");
    return v == 1;
  }
  U256 u256() {
    const std::uint8_t length = u8();
    if (length > 32) throw Malformed("a 256-bit integer longer than 32 bytes");
    need(length);
    U256 v = 0;
    for (std::uint8_t i = 0; i < length; ++i) v = (v << 8) | static_cast<unsigned char>(in_[pos_++]);
    return v;
  }
  std::string str() {
    const std::uint32_t length = u32();
    need(length);
    std::string s = in_.substr(pos_, length);
    pos_ += length;
    return s;
  }
  std::uint32_t count(std::size_t max) {
    const std::uint32_t n = u32();
    if (n > max) throw Malformed("a list longer than its limit");
    return n;
  }
  void end() const {
    if (pos_ != in_.size()) throw Malformed("bytes left over after the record");
  }

 private:
  void need(std::size_t n) const {
    if (in_.size() - pos_ < n) throw Malformed("the record ends early");
  }
  std::uint64_t be(int width) {
    need(static_cast<std::size_t>(width));
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(in_[pos_++]);
    return v;
  }
  const std::string& in_;
  std::size_t pos_ = 0;
  std::uint8_t version_ = 0;
};

inline std::string name_of(const State& s, AccountId id) {
  return id < s.account_names.size() ? s.account_names[id] : std::string();
}

inline void write_rate_model(Writer& w, const RateModelParams& p) {
  w.u8(static_cast<std::uint8_t>(p.kind));
  w.u256(p.base_per_year);
  w.u256(p.multiplier_per_year);
  w.u256(p.jump_multiplier_per_year);
  w.u256(p.kink);
}

inline std::string be64(std::uint64_t id) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((id >> ((7 - i) * 8)) & 0xFF);
  return s;
}

inline RateModelParams read_rate_model(Reader& r) {
  RateModelParams p;
  const std::uint8_t kind = r.u8();
  if (kind > 1) throw Malformed("unknown rate model kind");
  p.kind = static_cast<RateModelKind>(kind);
  p.base_per_year = r.u256();
  p.multiplier_per_year = r.u256();
  p.jump_multiplier_per_year = r.u256();
  p.kink = r.u256();
  return p;
}

inline std::string be_id(std::uint16_t id) {
  std::string s(2, '\0');
  s[0] = static_cast<char>(id >> 8);
  s[1] = static_cast<char>(id & 0xFF);
  return s;
}

}  // namespace flux::node::records
