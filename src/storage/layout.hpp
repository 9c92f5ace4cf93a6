// The on-disk layout of a Flux storage directory, in prose beside its constants.
//
// DIRECTORY
//
// A directory is one RocksDB database (RocksDB's own files: CURRENT, MANIFEST-*,
// *.log write-ahead logs, *.sst tables, OPTIONS-*, LOG), plus one file of Flux's own
// that RocksDB ignores: ACKNOWLEDGED, the last block the node acknowledged, kept
// outside the WAL to catch a store that lost acknowledged blocks
// (acknowledged_head.hpp). It has five column families:
//
//   "default"  required by RocksDB; Flux writes nothing there and checks that it is
//              empty before initializing a directory.
//   "meta"     three records, keys in ASCII:
//                "format"          written once, when the directory is initialized
//                "last_committed"  rewritten by every commit
//                "schema"          the node's record schema (schema.hpp): written
//                                  at initialization and by each migration
//   "blocks"   one record per committed block; key: the block number as 8 bytes,
//              big-endian, so RocksDB's bytewise order is numeric order and a range
//              scan [from, to] is one seek plus a walk.
//   "state"    the node's state records; key and value are the node's bytes, opaque
//              here.
//   "index"    the node's lookup records (e.g. transaction hash -> block number);
//              opaque like "state".
//
// A commit writes its block record, its state puts and deletes, its index puts and
// the new "last_committed" record in one RocksDB WriteBatch, synced before commit()
// returns. RocksDB applies a batch to every column family atomically (it is one WAL
// record), so after a crash either all of a block's records are present or none are.
//
// VALUE FRAME
//
// Every value Flux writes, in every column family, is wrapped in this frame (numbers
// big-endian):
//
//   +---------+----------------+-------------------+----------------+
//   | version | payload length |      payload      | masked CRC32C  |
//   | 1 byte  |    4 bytes     | length bytes      |    4 bytes     |
//   +---------+----------------+-------------------+----------------+
//
//   version  kFrameVersion (1). A reader rejects versions it does not know.
//   length   the payload's size; the value must be exactly 9 + length bytes, so a
//            truncated or extended value is caught before the CRC is computed.
//   CRC32C   Castagnoli, over: the record kind (1 byte: meta 1, blocks 2, state 3,
//            index 4), the key's length (4 bytes), the key, then the version, length
//            and payload bytes as stored. Covering the kind and the key binds a value
//            to the place it was written: a value copied under another key or into
//            another column family fails the check. Masked as LevelDB masks its
//            CRCs (rotate right 15 bits, add 0xa282ead8) because a CRC computed over
//            bytes that contain CRCs is otherwise weak.
//
// RocksDB already checksums WAL records and SST blocks, so the frame is a second,
// end-to-end check: it catches bytes that were wrong before RocksDB saw them or after
// it handed them back (memory corruption, a bug, a tool that wrote the directory,
// reads with RocksDB checksums off), and values under the wrong key. It costs 9
// bytes per record.
//
// PAYLOADS
//
//   meta "format"          8 bytes magic "FLUXSTOR", then the format version
//                          (4 bytes, kFormatVersion = 1). A directory with a newer
//                          version is refused with unsupported_format.
//   meta "schema"          the version of the node's record schema (4 bytes;
//                          schema.hpp). Absent in directories written before it
//                          existed: schema 1. A version above the opener's is
//                          refused with unsupported_format; a lower one migrated.
//   meta "last_committed"  the last committed block number (8 bytes), then its
//                          state hash (32 bytes). Absent until block 0 is committed.
//   blocks N               the block number N again (8 bytes), the state hash after
//                          the block (32 bytes), then the node's block bytes. The
//                          number and hash repeat the key and the meta record so that
//                          open() can check that the last block and the meta record
//                          agree, and so that a replay can compare state hashes
//                          without decoding the node's encoding.
//   state K, index K       the node's value bytes.
//
// INVARIANTS, checked by Database::open()
//
//   - "format" is present with a known version (or every column family is empty: a
//     new directory, initialized then).
//   - "schema", when present, names a version no newer than the opener's; an older
//     one is migrated (schema.hpp) before open() returns.
//   - If "last_committed" is absent, the blocks, state and index column families are
//     empty. If it names block L, block L exists, its frame is valid, its number is
//     L and its state hash equals the meta record's; and no block after L exists.
//   Database::verify() also walks every block 0..L (contiguous, each frame valid) and
//   every state and index record.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flux::storage {

// Column families in the order Database opens them after "default". The numeric
// value is the record kind mixed into each frame's CRC; never renumber.
enum class Column : std::uint8_t { meta = 1, blocks = 2, state = 3, index = 4 };
inline constexpr std::size_t kColumnCount = 4;
inline constexpr std::array<Column, kColumnCount> kColumns{Column::meta, Column::blocks, Column::state, Column::index};
std::string_view column_name(Column column);  // "meta", "blocks", "state", "index"

inline constexpr std::string_view kMetaFormatKey = "format";
inline constexpr std::string_view kMetaLastCommittedKey = "last_committed";
inline constexpr std::string_view kMetaSchemaKey = "schema";

inline constexpr std::string_view kFormatMagic = "FLUXSTOR";
inline constexpr std::uint32_t kFormatVersion = 1;

inline constexpr std::uint8_t kFrameVersion = 1;
inline constexpr std::size_t kFrameHeaderBytes = 1 + 4;  // version, length
inline constexpr std::size_t kFrameTrailerBytes = 4;     // masked CRC32C
inline constexpr std::size_t kFrameOverheadBytes = kFrameHeaderBytes + kFrameTrailerBytes;

inline constexpr std::size_t kStateHashBytes = 32;
inline constexpr std::size_t kBlockKeyBytes = 8;

// Limits on what one commit may hold ("put a limit on everything"): they bound the
// memory a commit and a read can take, and keep every length within the frame's
// 4-byte field and RocksDB's WriteBatch limits with a wide margin.
inline constexpr std::size_t kMaxKeyBytes = 4 * 1024;
inline constexpr std::size_t kMaxValueBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxBlockBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxCommitBytes = 512 * 1024 * 1024;

// Block number <-> its 8-byte big-endian key.
std::string block_key(std::uint64_t number);
std::optional<std::uint64_t> parse_block_key(std::string_view key);  // nullopt unless 8 bytes

// Big-endian fixed-width numbers, as used in keys and payloads.
void put_u32(std::string& out, std::uint32_t v);
void put_u64(std::string& out, std::uint64_t v);
std::uint32_t get_u32(std::string_view in);  // requires in.size() >= 4
std::uint64_t get_u64(std::string_view in);  // requires in.size() >= 8

// How error messages name a record: "block 42", "meta record \"format\"",
// "state record 0x6b6579" (hex, cut after 64 bytes).
std::string describe_record(Column column, std::string_view key);

}  // namespace flux::storage
