// The acknowledged-head marker file (acknowledged_head.hpp): what it holds, that any
// damage is an error of its own (never "no marker"), and the atomic replace.
#include "storage/acknowledged_head.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace flux::storage {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;

AcknowledgedHead sample() { return AcknowledgedHead{0x0102030405060708ULL, std::string(32, '\xab')}; }

TEST(AcknowledgedHead, LayoutIsMagicVersionNumberHashChecksum) {
  const std::string bytes = encode_acknowledged(sample());
  // 8 magic + 4 version + 8 number + 32 hash + 4 CRC = 56 (acknowledged_head.hpp).
  ASSERT_EQ(bytes.size(), 56u);
  EXPECT_EQ(bytes.substr(0, 8), "FLUXACKD");
  EXPECT_EQ(bytes.substr(8, 4), std::string("\0\0\0\1", 4));
  EXPECT_EQ(bytes.substr(12, 8), "\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_EQ(bytes.substr(20, 32), std::string(32, '\xab'));
  auto back = decode_acknowledged(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, sample());
}

TEST(AcknowledgedHead, EveryDamageIsCorruptRecord) {
  const std::string good = encode_acknowledged(sample());
  for (std::size_t at = 0; at < good.size(); ++at) {  // any one byte flipped
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    auto r = decode_acknowledged(bad);
    ASSERT_FALSE(r.ok()) << "byte " << at;
    EXPECT_EQ(r.error().code, StorageError::corrupt_record);
  }
  for (std::size_t size : {std::size_t{0}, std::size_t{55}, std::size_t{57}}) {
    std::string bad = good;
    bad.resize(size, '\0');
    auto r = decode_acknowledged(bad);
    ASSERT_FALSE(r.ok()) << size;
    EXPECT_NE(r.error().message.find(std::to_string(size) + " bytes, expected 56"), std::string::npos);
  }
}

TEST(AcknowledgedHead, WriteReplacesAndReadsBack) {
  TempDir dir;
  auto none = read_acknowledged(dir.path());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(write_acknowledged(dir.path(), sample()).ok());
  const AcknowledgedHead next{7, std::string(32, '\x01')};
  ASSERT_TRUE(write_acknowledged(dir.path(), next).ok());
  auto read = read_acknowledged(dir.path());
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ(**read, next);
  EXPECT_FALSE(std::filesystem::exists(acknowledged_path(dir.path()).string() + ".tmp"));
  // A stale temporary file (a crash before the rename) changes nothing.
  write_file(acknowledged_path(dir.path()).string() + ".tmp", "partial");
  read = read_acknowledged(dir.path());
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ(**read, next);
  // A file cut short is an error, not "no marker".
  write_file(acknowledged_path(dir.path()), read_file(acknowledged_path(dir.path())).substr(0, 20));
  read = read_acknowledged(dir.path());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, StorageError::corrupt_record);
  EXPECT_FALSE(write_acknowledged(dir.path(), AcknowledgedHead{1, "short"}).ok());
}

}  // namespace
}  // namespace flux::storage
