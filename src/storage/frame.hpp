// The value frame every stored value is wrapped in; layout.hpp specifies it.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "storage/layout.hpp"
#include "storage/result.hpp"

namespace flux::storage {

// Appends the frame of `payload`, stored under `key` in `column`, to `out`. The
// payload may be given in pieces, framed as their concatenation without building it
// first. Requires a payload under 2^32 bytes (commit checks the limits first).
void append_frame(std::string& out, Column column, std::string_view key,
                  std::initializer_list<std::string_view> payload_pieces);
std::string encode_frame(Column column, std::string_view key, std::string_view payload);

// The payload of a stored value, as a view into `value` (valid as long as `value`'s
// bytes are). corrupt_record, naming the record, when the version, the length or the
// CRC is wrong.
Result<std::string_view> decode_frame(Column column, std::string_view key, std::string_view value);

}  // namespace flux::storage
