#include "cli/keystore_dir.hpp"
#include "cli/dev_accounts.hpp"
#include "cli/errors.hpp"
#include "cli/identity.hpp"
#include "cli/keys_command.hpp"
#include "crypto/address.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace flux::cli {
namespace {

namespace fs = std::filesystem;

crypto::ScryptParams fast() {
  crypto::ScryptParams p;
  p.n = 1024;
  return p;
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("flux-cli-test-" + std::to_string(rd()) + std::to_string(rd()));
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

crypto::PrivateKey key_of(const char* dev_name) { return dev_account_key(*find_dev_account(dev_name)); }

TEST(CliKeyNames, ValidAndInvalid) {
  const std::vector<std::string> good_names = {"alice", "a", "ops-key_2", "Key.1", "0abc", std::string(64, 'k')};
  for (const std::string& good : good_names) EXPECT_EQ(check_key_name(good), "") << good;
  EXPECT_NE(check_key_name(""), "");
  EXPECT_NE(check_key_name(std::string(65, 'k')), "");
  EXPECT_NE(check_key_name("-alice"), "");
  EXPECT_NE(check_key_name(".hidden"), "");
  EXPECT_NE(check_key_name("with space"), "");
  EXPECT_NE(check_key_name("a/b"), "");
  EXPECT_NE(check_key_name("dev:alice"), "");
  EXPECT_NE(check_key_name("0x1234").find("address"), std::string::npos);
  EXPECT_NE(check_key_name("0Xab"), "");
}

TEST(CliKeyNames, FileNameIsGeths) {
  const auto address = crypto::parse_address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").value();
  // 2025-01-31T12:34:56.000000123Z
  const auto time =
      std::chrono::system_clock::time_point(std::chrono::seconds(1738326896)) + std::chrono::nanoseconds(123);
  EXPECT_EQ(keystore_file_name(time, address),
            "UTC--2025-01-31T12-34-56.000000123Z--f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
}

TEST(CliKeystoreDir, AddListFindUnlock) {
  TempDir tmp;
  const KeystoreDir dir(tmp.path() / "keys");
  EXPECT_TRUE(dir.list().empty());  // a missing folder lists nothing
  const StoredKey bob = dir.add("bob", key_of("bob"), "pw-bob", fast());
  const StoredKey alice = dir.add("alice", key_of("alice"), "pw-alice", fast());
  EXPECT_EQ(crypto::to_checksum_address(alice.address), "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
  EXPECT_EQ(alice.file.parent_path(), dir.dir());
  EXPECT_EQ(alice.file.filename().string().rfind("UTC--", 0), 0u);
  EXPECT_NE(alice.file.filename().string().find("15d34aaf54267db7d7c367839aaf71a00a2c6a65"), std::string::npos);

  struct stat st {};
  ASSERT_EQ(::stat(alice.file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The name is inside the file, a keystore v3 file otherwise.
  std::ifstream in(alice.file);
  const auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["name"], "alice");
  EXPECT_EQ(doc["version"], 3);
  EXPECT_EQ(doc["address"], "15d34aaf54267db7d7c367839aaf71a00a2c6a65");

  const auto listed = dir.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "alice");  // sorted by name
  EXPECT_EQ(listed[1].name, "bob");

  ASSERT_TRUE(dir.find("bob"));
  EXPECT_EQ(dir.find("bob")->address, bob.address);
  ASSERT_TRUE(dir.find("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"));  // by address, any case
  EXPECT_EQ(dir.find("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc")->name, "bob");
  EXPECT_FALSE(dir.find("carol"));
  EXPECT_THROW(dir.find("0x1234"), CliError);  // a malformed address is an error, not "not found"

  EXPECT_EQ(dir.unlock(*dir.find("alice"), "pw-alice"), key_of("alice"));
  try {
    dir.unlock(*dir.find("alice"), "wrong");
    FAIL() << "a wrong password unlocked the key";
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code, exit_usage);
    EXPECT_NE(std::string(e.what()).find("wrong password"), std::string::npos);
  }
}

TEST(CliKeystoreDir, RefusesDuplicatesAndBadNames) {
  TempDir tmp;
  const KeystoreDir dir(tmp.path());
  dir.add("alice", key_of("alice"), "pw", fast());
  try {
    dir.add("alice", key_of("bob"), "pw", fast());
    FAIL();
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos);
  }
  try {
    dir.add("alice2", key_of("alice"), "pw", fast());
    FAIL();
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("already stored as \"alice\""), std::string::npos);
  }
  EXPECT_THROW(dir.add("0xbad", key_of("bob"), "pw", fast()), CliError);
  EXPECT_THROW(dir.add("", key_of("bob"), "pw", fast()), CliError);
  EXPECT_EQ(dir.list().size(), 1u);
}

TEST(CliKeystoreDir, ReadsGethFilesWithoutNameAndSkipsOthers) {
  TempDir tmp;
  fs::create_directories(tmp.path());
  const std::string geth = crypto::encrypt_keystore(key_of("carol"), "pw", fast());  // no "name"
  std::ofstream(tmp.path() / "UTC--2020-01-01T00-00-00.0Z--976ea74026e726554db657fa54763abd0c3a0aa9") << geth;
  std::ofstream(tmp.path() / "notes.txt") << "not a key";
  std::ofstream(tmp.path() / "broken.json") << "{";
  const KeystoreDir dir(tmp.path());
  dir.add("alice", key_of("alice"), "pw", fast());
  const auto listed = dir.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "alice");
  EXPECT_EQ(listed[1].name, "");  // unnamed last
  EXPECT_EQ(crypto::to_checksum_address(listed[1].address), "0x976EA74026E726554dB657fA54763abd0C3a0aa9");
  EXPECT_EQ(dir.unlock(listed[1], "pw"), key_of("carol"));
}

TEST(CliKeystoreDir, WithNameKeepsTheFileReadable) {
  const std::string named = with_name(crypto::encrypt_keystore(key_of("bob"), "pw", fast()), "bob");
  EXPECT_EQ(nlohmann::json::parse(named)["name"], "bob");
  auto key = crypto::decrypt_keystore(named, "pw");
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, key_of("bob"));
}

TEST(CliIdentity, ResolvesAccountsAndSigners) {
  TempDir tmp;
  KeyOptions keys;
  keys.keystore = tmp.path().string();
  KeystoreDir(tmp.path()).add("ops", key_of("carol"), "pw", fast());

  EXPECT_EQ(crypto::to_checksum_address(resolve_account("dev:alice", keys)),
            "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
  EXPECT_EQ(crypto::to_checksum_address(resolve_account("ops", keys)), "0x976EA74026E726554dB657fA54763abd0C3a0aa9");
  EXPECT_EQ(crypto::to_checksum_address(resolve_account("0x976ea74026e726554db657fa54763abd0c3a0aa9", keys)),
            "0x976EA74026E726554dB657fA54763abd0C3a0aa9");
  EXPECT_THROW(resolve_account("dev:mallory", keys), CliError);
  EXPECT_THROW(resolve_account("0x976EA74026E726554dB657fA54763abd0C3a0aA9", keys), CliError);  // bad checksum
  try {
    resolve_account("alice", keys);
    FAIL();
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("dev:alice"), std::string::npos);  // the hint
  }

  SignerChoice dev;
  dev.dev_account = "liquidator";
  const SignerRef d = resolve_signer(dev, keys);
  EXPECT_EQ(d.label, "liquidator");
  EXPECT_EQ(crypto::address_of(d.unlock()), d.address);
  EXPECT_THROW(resolve_signer(SignerChoice{}, keys), CliError);
  SignerChoice both;
  both.dev_account = "bob";
  both.from = "ops";
  EXPECT_THROW(resolve_signer(both, keys), CliError);
  SignerChoice unknown_dev;
  unknown_dev.dev_account = "root";
  EXPECT_THROW(resolve_signer(unknown_dev, keys), CliError);

  SignerChoice from;
  from.from = "ops";
  const SignerRef s = resolve_signer(from, keys);  // no password needed until unlock
  EXPECT_EQ(s.label, "ops");
  EXPECT_EQ(crypto::to_checksum_address(s.address), "0x976EA74026E726554dB657fA54763abd0C3a0aa9");
  const fs::path pw = tmp.path() / "pw.txt";
  std::ofstream(pw) << "pw\n";
  keys.password_file = pw.string();
  EXPECT_EQ(resolve_signer(from, keys).unlock(), key_of("carol"));
}

TEST(CliIdentity, PrivateKeyText) {
  EXPECT_EQ(parse_private_key("  0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a\n"),
            key_of("alice"));
  EXPECT_EQ(parse_private_key("47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"), key_of("alice"));
  EXPECT_THROW(parse_private_key(""), CliError);
  EXPECT_THROW(parse_private_key("0x1234"), CliError);
  EXPECT_THROW(parse_private_key(std::string(64, '0')), CliError);  // zero is not a key
}

TEST(CliDevAccounts, KeysMatchAddresses) {
  ASSERT_EQ(dev_accounts().size(), 9u);
  for (const DevAccount& a : dev_accounts())
    EXPECT_EQ(crypto::to_checksum_address(crypto::address_of(dev_account_key(a))), a.address) << a.name;
  EXPECT_NE(find_dev_account("issuer"), nullptr);
  EXPECT_EQ(find_dev_account("root"), nullptr);
}

}  // namespace
}  // namespace flux::cli
