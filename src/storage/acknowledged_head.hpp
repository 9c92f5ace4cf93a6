// The acknowledged head: a small file beside the RocksDB files, "ACKNOWLEDGED", that
// names the last block whose commit was reported to anyone (a receipt, a block, a
// height). It is the node's memory of what it promised, kept OUTSIDE RocksDB's
// write-ahead log on purpose: damage to that log (a record flipped in its middle, the
// file cut short or deleted) makes RocksDB's point-in-time recovery open the store at
// an earlier, self-consistent block, and nothing inside the store can tell that from
// a torn, never-acknowledged tail (database.cpp, "WAL recovery"). Comparing the
// store's head with this file on every open can.
//
// FILE (56 bytes, numbers big-endian)
//
//   +----------+---------+--------+------------+---------------+
//   |  magic   | version | number | block hash | masked CRC32C |
//   | 8 bytes  | 4 bytes | 8 bytes|  32 bytes  |    4 bytes    |
//   +----------+---------+--------+------------+---------------+
//
//   magic    "FLUXACKD"
//   version  kAcknowledgedVersion (1)
//   number   the block number
//   hash     the node's hash of that block (opaque here: the node's header hash)
//   CRC32C   over the 52 bytes before it, masked as the value frame's (checksum.hpp)
//
// Anything else — another size, magic, version or CRC — is a damaged marker, an
// error of its own (never "no marker": that would accept any rollback).
//
// WRITING is atomic and durable: the bytes go to "ACKNOWLEDGED.tmp", which is
// fsync'ed, renamed over "ACKNOWLEDGED", and then the directory is fsync'ed. A crash
// leaves the old marker or the new one, never a mix; a stale ACKNOWLEDGED.tmp is
// overwritten by the next write and ignored by reads. The caller writes it only after
// the block is durable in the store, so a crash can leave the store AHEAD of the
// marker (a block committed, its marker not yet written), never behind it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "storage/result.hpp"

namespace flux::storage {

inline constexpr std::string_view kAcknowledgedFileName = "ACKNOWLEDGED";
inline constexpr std::string_view kAcknowledgedMagic = "FLUXACKD";
inline constexpr std::uint32_t kAcknowledgedVersion = 1;
inline constexpr std::size_t kAcknowledgedHashBytes = 32;
inline constexpr std::size_t kAcknowledgedFileBytes = 8 + 4 + 8 + kAcknowledgedHashBytes + 4;

struct AcknowledgedHead {
  std::uint64_t number = 0;
  std::string block_hash;  // kAcknowledgedHashBytes bytes
  bool operator==(const AcknowledgedHead&) const = default;
};

std::filesystem::path acknowledged_path(const std::filesystem::path& dir);

// The file's bytes for `head`, and back. decode fails with corrupt_record saying what
// is wrong (size, magic, version, checksum).
std::string encode_acknowledged(const AcknowledgedHead& head);
Result<AcknowledgedHead> decode_acknowledged(std::string_view bytes);

// The marker of `dir`: nullopt when there is no such file; corrupt_record when it is
// damaged; io_error when it cannot be read.
Result<std::optional<AcknowledgedHead>> read_acknowledged(const std::filesystem::path& dir);

// Replaces the marker atomically and durably (write, fsync, rename, fsync the
// directory). io_error if any step fails; the old marker is then still in place
// unless the rename happened (and the new one is complete if it did).
// invalid_argument if the hash is not kAcknowledgedHashBytes bytes.
Result<void> write_acknowledged(const std::filesystem::path& dir, const AcknowledgedHead& head);

}  // namespace flux::storage
