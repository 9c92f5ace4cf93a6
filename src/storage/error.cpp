#include "storage/error.hpp"

namespace flux::storage {

std::string_view to_string(StorageError code) {
  switch (code) {
    case StorageError::io_error: return "io_error";
    case StorageError::corruption: return "corruption";
    case StorageError::corrupt_record: return "corrupt_record";
    case StorageError::inconsistent: return "inconsistent";
    case StorageError::unsupported_format: return "unsupported_format";
    case StorageError::out_of_order: return "out_of_order";
    case StorageError::invalid_argument: return "invalid_argument";
    case StorageError::needs_reopen: return "needs_reopen";
    case StorageError::internal: return "internal";
  }
  return "unknown";
}

std::string describe(const Error& error) {
  std::string out(to_string(error.code));
  out += ": ";
  out += error.message;
  return out;
}

}  // namespace flux::storage
