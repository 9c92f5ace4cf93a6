// The value frame, CRC32C and key encodings of layout.hpp: what the frame check
// catches on its own, independent of RocksDB.
#include <gtest/gtest.h>

#include <string>

#include "storage/checksum.hpp"
#include "storage/frame.hpp"
#include "storage/layout.hpp"
#include "storage/records.hpp"

namespace flux::storage {
namespace {

TEST(Crc32c, KnownAnswers) {
  // The check value of CRC-32C, and RFC 3720 (iSCSI) appendix B.4 vectors.
  EXPECT_EQ(crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8a9136aau);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62a8ab43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(crc32c(ascending), 0x46dd794eu);
  EXPECT_EQ(crc32c({"1234", "", "56789"}), 0xe3069283u);
}

TEST(Crc32c, MaskRoundTripsAndChangesTheValue) {
  for (std::uint32_t crc : {0u, 1u, 0xe3069283u, 0xffffffffu}) {
    EXPECT_EQ(unmask_crc(mask_crc(crc)), crc);
    EXPECT_NE(mask_crc(crc), crc);
  }
}

TEST(Frame, RoundTrips) {
  for (const std::string& payload : {std::string(), std::string("x"), std::string(1000, 'p')}) {
    const std::string value = encode_frame(Column::state, "key", payload);
    EXPECT_EQ(value.size(), payload.size() + kFrameOverheadBytes);
    EXPECT_EQ(value[0], static_cast<char>(kFrameVersion));
    auto decoded = decode_frame(Column::state, "key", value);
    ASSERT_TRUE(decoded.ok()) << describe(decoded.error());
    EXPECT_EQ(*decoded, payload);
  }
}

TEST(Frame, PiecesFrameLikeTheirConcatenation) {
  std::string pieces;
  append_frame(pieces, Column::blocks, "k", {"ab", "", "cde"});
  EXPECT_EQ(pieces, encode_frame(Column::blocks, "k", "abcde"));
}

TEST(Frame, EverySingleBitFlipIsDetected) {
  const std::string value = encode_frame(Column::state, "account/7", "balance=1000;nonce=3");
  for (std::size_t byte = 0; byte < value.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = value;
      bad[byte] = static_cast<char>(bad[byte] ^ (1 << bit));
      auto decoded = decode_frame(Column::state, "account/7", bad);
      ASSERT_FALSE(decoded.ok()) << "flip of bit " << bit << " of byte " << byte << " accepted";
      EXPECT_EQ(decoded.error().code, StorageError::corrupt_record);
    }
  }
}

TEST(Frame, TruncationAndExtensionAreDetected) {
  const std::string value = encode_frame(Column::index, "tx", "0123456789");
  for (std::size_t size = 0; size < value.size(); ++size) {
    EXPECT_FALSE(decode_frame(Column::index, "tx", value.substr(0, size)).ok()) << size;
  }
  EXPECT_FALSE(decode_frame(Column::index, "tx", value + "x").ok());
}

TEST(Frame, AValueUnderAnotherKeyOrColumnIsDetected) {
  const std::string value = encode_frame(Column::state, "alice", "100");
  auto moved = decode_frame(Column::state, "bob", value);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, StorageError::corrupt_record);
  EXPECT_NE(moved.error().message.find("checksum mismatch"), std::string::npos) << moved.error().message;
  EXPECT_FALSE(decode_frame(Column::index, "alice", value).ok());
}

TEST(Frame, ErrorsNameTheRecord) {
  std::string value = encode_frame(Column::state, "k\x01", "v");
  value[5] = 'w';
  auto decoded = decode_frame(Column::state, "k\x01", value);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message.find("state record 0x6b01"), std::string::npos) << decoded.error().message;

  std::string block = encode_frame(Column::blocks, block_key(42), "payload");
  block[0] = 2;
  decoded = decode_frame(Column::blocks, block_key(42), block);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message.find("block 42: unknown frame version 2"), std::string::npos)
      << decoded.error().message;
}

TEST(Layout, BlockKeysSortNumerically) {
  EXPECT_LT(block_key(1), block_key(2));
  EXPECT_LT(block_key(255), block_key(256));
  EXPECT_LT(block_key(65535), block_key(65536));
  EXPECT_LT(block_key(0xffffffffull), block_key(0x100000000ull));
  EXPECT_EQ(block_key(0x0102030405060708ull), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(parse_block_key(block_key(123456789)), 123456789u);
  EXPECT_EQ(parse_block_key("short"), std::nullopt);
}

TEST(Layout, DescribesRecords) {
  EXPECT_EQ(describe_record(Column::blocks, block_key(7)), "block 7");
  EXPECT_EQ(describe_record(Column::meta, "format"), "meta record \"format\"");
  EXPECT_EQ(describe_record(Column::index, "\xab\x01"), "index record 0xab01");
  EXPECT_EQ(describe_record(Column::state, ""), "state record 0x (empty key)");
  EXPECT_NE(describe_record(Column::state, std::string(100, 'a')).find("... (100 bytes)"), std::string::npos);
}

TEST(Records, BlockPayloadMustRepeatItsNumber) {
  const std::string hash(kStateHashBytes, 'h');
  auto ok = decode_block_payload(5, encode_block_payload(5, hash, "bytes"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, (BlockRecord{5, hash, "bytes"}));
  auto wrong = decode_block_payload(5, encode_block_payload(6, hash, "bytes"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, StorageError::corrupt_record);
  EXPECT_NE(wrong.error().message.find("block 5: record says it is block 6"), std::string::npos);
  EXPECT_FALSE(decode_block_payload(5, "too short").ok());
}

TEST(Records, MetaPayloads) {
  const std::string hash(kStateHashBytes, 'z');
  auto last = decode_last_committed_payload(encode_last_committed_payload(9, hash));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, (LastCommitted{9, hash}));
  EXPECT_FALSE(decode_last_committed_payload(encode_last_committed_payload(9, "short")).ok());
  auto version = decode_format_payload(encode_format_payload());
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, kFormatVersion);
  EXPECT_FALSE(decode_format_payload("NOTFLUX\0\0\0\0\1").ok());
}

}  // namespace
}  // namespace flux::storage
