#include "cli/keystore_dir.hpp"

#include "cli/errors.hpp"
#include "crypto/address.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace flux::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::optional<StoredKey> read_entry(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("address") || !doc["address"].is_string())
    return std::nullopt;
  if (!doc.contains("crypto") && !doc.contains("Crypto")) return std::nullopt;
  auto address = crypto::parse_address(doc["address"].get<std::string>(), crypto::HexPrefix::optional);
  if (!address) return std::nullopt;
  StoredKey entry;
  entry.address = *address;
  entry.file = file;
  if (doc.contains("name") && doc["name"].is_string()) entry.name = doc["name"].get<std::string>();
  return entry;
}

void write_new_file(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw failed(fmt::format("cannot create {}: {}", tmp.string(), std::strerror(errno)));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw failed(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(err)));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw failed(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw failed(fmt::format("cannot create {}: {}", path.string(), std::strerror(err)));
  }
}

}  // namespace

std::string check_key_name(std::string_view name) {
  if (name.empty()) return "a key name must not be empty";
  if (name.size() > 64) return "a key name has at most 64 characters";
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front())) return "a key name starts with a letter or digit";
  for (char c : name)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return "a key name has only letters, digits, '.', '_' and '-'";
  if (name.size() >= 2 && name[0] == '0' && (name[1] == 'x' || name[1] == 'X'))
    return "a key name must not start with 0x (it would read as an address)";
  return {};
}

std::string keystore_file_name(std::chrono::system_clock::time_point time, const crypto::Address20& address) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds).count();
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  return fmt::format("UTC--{:04}-{:02}-{:02}T{:02}-{:02}-{:02}.{:09}Z--{}", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, nanos, address.hex(false));
}

std::string with_name(const std::string& keystore_json, const std::string& name) {
  json doc = json::parse(keystore_json);
  doc["name"] = name;
  return doc.dump();
}

fs::path default_keystore_dir() {
  if (const char* env = std::getenv("FLUX_KEYSTORE"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0')
    throw usage_error("no keystore folder: HOME is not set; give --keystore DIR or set FLUX_KEYSTORE");
  return fs::path(home) / ".flux" / "keystore";
}

std::vector<StoredKey> KeystoreDir::list() const {
  std::vector<StoredKey> out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return out;
  for (const auto& item : fs::directory_iterator(dir_, ec)) {
    if (item.path().filename().string().rfind('.', 0) == 0) continue;  // hidden and temporary files
    std::error_code file_ec;
    if (!item.is_regular_file(file_ec)) continue;
    if (auto entry = read_entry(item.path())) out.push_back(std::move(*entry));
  }
  std::sort(out.begin(), out.end(), [](const StoredKey& a, const StoredKey& b) {
    if (a.name.empty() != b.name.empty()) return b.name.empty();
    if (a.name != b.name) return a.name < b.name;
    return a.address < b.address;
  });
  return out;
}

std::optional<StoredKey> KeystoreDir::find(std::string_view name_or_address) const {
  const bool looks_like_address = name_or_address.size() >= 2 && name_or_address[0] == '0' &&
                                  (name_or_address[1] == 'x' || name_or_address[1] == 'X');
  std::optional<crypto::Address20> address;
  if (looks_like_address) {
    auto parsed = crypto::parse_address(name_or_address);
    if (!parsed) throw usage_error(fmt::format("{}: {}", name_or_address, parsed.error().message()));
    address = *parsed;
  }
  for (StoredKey& entry : list())
    if (address ? entry.address == *address : entry.name == name_or_address) return std::move(entry);
  return std::nullopt;
}

StoredKey KeystoreDir::add(const std::string& name, const crypto::PrivateKey& key, std::string_view password,
                           const crypto::ScryptParams& params) const {
  if (const std::string problem = check_key_name(name); !problem.empty())
    throw usage_error(fmt::format("key name \"{}\": {}", name, problem));
  const crypto::Address20 address = crypto::address_of(key);
  for (const StoredKey& entry : list()) {
    if (entry.name == name)
      throw usage_error(fmt::format("a key named \"{}\" already exists ({}, {})", name,
                                    crypto::to_checksum_address(entry.address), entry.file.string()));
    if (entry.address == address)
      throw usage_error(fmt::format("the key of {} is already stored{} in {}", crypto::to_checksum_address(address),
                                    entry.name.empty() ? "" : " as \"" + entry.name + "\"", entry.file.string()));
  }
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw failed(fmt::format("cannot create the keystore folder {}: {}", dir_.string(), ec.message()));
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);  // best effort
  StoredKey entry{name, address, dir_ / keystore_file_name(std::chrono::system_clock::now(), address)};
  write_new_file(entry.file, with_name(crypto::encrypt_keystore(key, password, params), name));
  return entry;
}

crypto::PrivateKey KeystoreDir::unlock(const StoredKey& stored, std::string_view password) const {
  std::ifstream in(stored.file, std::ios::binary);
  if (!in) throw usage_error(fmt::format("cannot read {}", stored.file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  auto key = crypto::decrypt_keystore(text.str(), password);
  const std::string label = stored.name.empty() ? crypto::to_checksum_address(stored.address) : stored.name;
  if (!key) {
    if (key.error().kind == crypto::KeystoreError::Kind::wrong_password)
      throw usage_error(fmt::format("key \"{}\": wrong password", label));
    throw usage_error(fmt::format("key \"{}\" ({}): {}", label, stored.file.string(), key.error().message()));
  }
  return *key;
}

}  // namespace flux::cli
