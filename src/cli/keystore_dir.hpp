// The flux command's key store: a folder of Ethereum keystore v3 files.
//
// Layout (geth's, so geth, ethers and MetaMask's import read the files as they are):
//   DIR/UTC--2025-01-31T12-00-00.123456789Z--f39fd6e51aad88f6f4ce6ab8827279cfffb92266
// one file per key, named by its creation time (UTC) and its lowercase address,
// mode 0600 in a 0700 folder. The key's name is kept inside the file, as an extra
// top-level field "name" that the other tools ignore; a file without one (copied
// from geth) is listed with no name and can be used by its address.
//
// DIR is --keystore, else $FLUX_KEYSTORE, else ~/.flux/keystore.
//
// A name is 1 to 64 characters of letters, digits, '.', '_' and '-', starting with a
// letter or digit, and not starting with "0x" (it would read as an address). Names
// are unique in a folder, and so are addresses: a key is never stored twice.
#pragma once

#include "crypto/keystore.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flux::cli {

struct StoredKey {
  std::string name;  // empty for a file without one
  crypto::Address20 address;
  std::filesystem::path file;
};

// Empty if `name` is a valid key name, else why not (a sentence).
std::string check_key_name(std::string_view name);

// "UTC--2025-01-31T12-00-00.123456789Z--<40 lowercase hex digits>"
std::string keystore_file_name(std::chrono::system_clock::time_point time, const crypto::Address20& address);

// The keystore JSON with a top-level "name" field added.
std::string with_name(const std::string& keystore_json, const std::string& name);

// $FLUX_KEYSTORE, else $HOME/.flux/keystore.
std::filesystem::path default_keystore_dir();

class KeystoreDir {
 public:
  explicit KeystoreDir(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const { return dir_; }

  // Every readable keystore file, sorted by name (unnamed ones last, by address).
  // Files that are not keystore JSON are skipped. A missing folder lists nothing.
  std::vector<StoredKey> list() const;

  // By name, or by address ("0x" + 40 hex digits).
  std::optional<StoredKey> find(std::string_view name_or_address) const;

  // Encrypts `key` under `password` and writes a new file. Throws CliError (usage)
  // if the name is invalid or taken or the key is already stored, (failed) if the
  // file cannot be written.
  StoredKey add(const std::string& name, const crypto::PrivateKey& key, std::string_view password,
                const crypto::ScryptParams& params) const;

  // Decrypts a stored key. Throws CliError (usage) on a wrong password or a bad file.
  crypto::PrivateKey unlock(const StoredKey& stored, std::string_view password) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace flux::cli
