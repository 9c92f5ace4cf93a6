#include "storage/acknowledged_head.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "storage/checksum.hpp"
#include "storage/layout.hpp"

namespace flux::storage {

namespace {

constexpr std::size_t kChecksummedBytes = kAcknowledgedFileBytes - 4;

Error damaged(const std::string& what) { return Error{StorageError::corrupt_record, "acknowledged head: " + what}; }

Error io(const std::string& what, int err) { return Error{StorageError::io_error, what + ": " + std::strerror(err)}; }

// Writes all of `bytes` to `fd` (write may write less than asked).
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Closes `fd` when the scope ends (errors on close of a read-only or already
// fsync'ed file tell nothing more).
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::filesystem::path acknowledged_path(const std::filesystem::path& dir) {
  return dir / std::string(kAcknowledgedFileName);
}

std::string encode_acknowledged(const AcknowledgedHead& head) {
  std::string out;
  out.reserve(kAcknowledgedFileBytes);
  out.append(kAcknowledgedMagic);
  put_u32(out, kAcknowledgedVersion);
  put_u64(out, head.number);
  out.append(head.block_hash);
  put_u32(out, mask_crc(crc32c(out)));
  return out;
}

Result<AcknowledgedHead> decode_acknowledged(std::string_view bytes) {
  if (bytes.size() != kAcknowledgedFileBytes) {
    return damaged(std::to_string(bytes.size()) + " bytes, expected " + std::to_string(kAcknowledgedFileBytes));
  }
  if (bytes.substr(0, kAcknowledgedMagic.size()) != kAcknowledgedMagic) return damaged("not a marker (wrong magic)");
  const std::uint32_t stored_crc = unmask_crc(get_u32(bytes.substr(kChecksummedBytes)));
  if (stored_crc != crc32c(bytes.substr(0, kChecksummedBytes))) return damaged("checksum mismatch");
  const std::uint32_t version = get_u32(bytes.substr(8));
  if (version != kAcknowledgedVersion) {
    return damaged("version " + std::to_string(version) + ", this build reads version " +
                   std::to_string(kAcknowledgedVersion));
  }
  AcknowledgedHead head;
  head.number = get_u64(bytes.substr(12));
  head.block_hash = std::string(bytes.substr(20, kAcknowledgedHashBytes));
  return head;
}

Result<std::optional<AcknowledgedHead>> read_acknowledged(const std::filesystem::path& dir) {
  const std::filesystem::path path = acknowledged_path(dir);
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return std::optional<AcknowledgedHead>();
    return io("reading " + path.string(), errno);
  }
  // One byte more than a marker holds, so that a longer file is seen as such.
  std::string bytes(kAcknowledgedFileBytes + 1, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(f.fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io("reading " + path.string(), errno);
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  auto head = decode_acknowledged(bytes);
  if (!head) return Error{head.error().code, path.string() + ": " + head.error().message};
  return std::optional<AcknowledgedHead>(std::move(*head));
}

Result<void> write_acknowledged(const std::filesystem::path& dir, const AcknowledgedHead& head) {
  if (head.block_hash.size() != kAcknowledgedHashBytes) {
    return Error{StorageError::invalid_argument, "acknowledged head: a block hash of " +
                                                     std::to_string(head.block_hash.size()) + " bytes, expected " +
                                                     std::to_string(kAcknowledgedHashBytes)};
  }
  const std::filesystem::path path = acknowledged_path(dir);
  const std::filesystem::path temp = path.string() + ".tmp";
  const std::string bytes = encode_acknowledged(head);
  {
    Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (f.fd < 0) return io("creating " + temp.string(), errno);
    if (!write_all(f.fd, bytes)) return io("writing " + temp.string(), errno);
    if (::fsync(f.fd) != 0) return io("syncing " + temp.string(), errno);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) return io("renaming " + temp.string(), errno);
  // The rename is durable only once the directory entry is.
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0) return io("opening " + dir.string(), errno);
  if (::fsync(d.fd) != 0) return io("syncing " + dir.string(), errno);
  return {};
}

}  // namespace flux::storage
