// StorageError: why a storage call failed, as a closed set the node can switch on.
//
// The message names the record involved ("state record 0x6b6579", "block 42") and
// what was wrong with it, for logs and for the operator; the code is what programs
// decide on. RocksDB's Status is mapped onto these codes in database.cpp and never
// leaks through the API.
#pragma once

#include <string>
#include <string_view>

namespace flux::storage {

enum class StorageError {
  // The file system failed (RocksDB IOError: a read, write, sync or lock failed, no
  // space). Nothing says the data is bad; retrying after reopening may work.
  io_error,
  // RocksDB's own checksums (WAL records, SST blocks, MANIFEST) caught damaged bytes.
  corruption,
  // A record RocksDB returned intact failed this library's frame check (see
  // layout.hpp): wrong CRC32C, unknown frame version, wrong length, or a payload that
  // contradicts its key. The message names the column family and the key.
  corrupt_record,
  // Every record is intact but they disagree: the meta record names a block that is
  // missing, a block exists past the last committed one, a gap in the block sequence,
  // data without a format record.
  inconsistent,
  // The directory holds a database this library cannot read: a newer format version,
  // or column families that are not Flux's.
  unsupported_format,
  // BlockCommit::number is not last committed + 1 (0 for the first block).
  out_of_order,
  // A malformed request: a state hash that is not 32 bytes, a key written twice in
  // one commit, a key or value over its limit, an empty block range.
  invalid_argument,
  // A commit failed after reaching RocksDB, so whether it is on disk is unknown until
  // the database is reopened (RocksDB also stops accepting writes then). Every
  // further commit on this Database returns this code.
  needs_reopen,
  // Any other RocksDB status (NotSupported, InvalidArgument, Busy...): a bug or a
  // misconfiguration rather than a property of the data.
  internal,
};

std::string_view to_string(StorageError code);

struct Error {
  StorageError code;
  std::string message;
};

// "corrupt_record: state record 0x6b: checksum mismatch", for logs.
std::string describe(const Error& error);

}  // namespace flux::storage
