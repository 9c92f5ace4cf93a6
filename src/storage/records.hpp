// What the storage layer reads back: the last committed block and stored blocks, and
// the payload encodings of the meta and block records (layout.hpp, PAYLOADS).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/layout.hpp"
#include "storage/result.hpp"

namespace flux::storage {

// The meta record: the newest block whose commit returned successfully (or that was
// on disk when the directory was opened), and the state hash after it.
struct LastCommitted {
  std::uint64_t number = 0;
  std::string state_hash;  // kStateHashBytes bytes
  friend bool operator==(const LastCommitted&, const LastCommitted&) = default;
};

// One stored block, owned by the caller.
struct BlockRecord {
  std::uint64_t number = 0;
  std::string state_hash;  // kStateHashBytes bytes: the state hash after this block
  std::string bytes;       // the node's encoding of the block, as committed
  friend bool operator==(const BlockRecord&, const BlockRecord&) = default;
};

// Payload encodings (the frame is added and checked separately, by frame.hpp).
std::string encode_format_payload();
std::string encode_last_committed_payload(std::uint64_t number, std::string_view state_hash);
std::string encode_block_payload(std::uint64_t number, std::string_view state_hash, std::string_view bytes);

// Decoders take the payload of a frame that passed its CRC; a payload of the wrong
// shape is still corrupt_record (it passed the CRC, so it was written that way: a bug
// or another program, reported rather than trusted).
Result<std::uint32_t> decode_format_payload(std::string_view payload);  // the format version
Result<LastCommitted> decode_last_committed_payload(std::string_view payload);
// `key_number` is the number in the record's key; the payload must repeat it.
Result<BlockRecord> decode_block_payload(std::uint64_t key_number, std::string_view payload);

}  // namespace flux::storage
