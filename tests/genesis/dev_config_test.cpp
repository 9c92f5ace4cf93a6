// The shipped dev config: the compiled-in copy is the file, and its addresses are
// valid EIP-55 checksums (checked with flux_crypto through the parser's hook, as the
// node will).
#include "node/genesis/dev_config.hpp"
#include "crypto/address.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace flux::genesis {
namespace {

TEST(GenesisDevConfig, EmbeddedTextEqualsConfigDevToml) {
  std::ifstream in(FLUX_DEV_TOML, std::ios::binary);
  ASSERT_TRUE(in) << FLUX_DEV_TOML;
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(dev_config_toml(), text.str());
  // And the file on disk parses to the same configuration.
  const GenesisConfig from_file = load_genesis_config(FLUX_DEV_TOML);
  EXPECT_EQ(from_file.markets.size(), dev_genesis_config().markets.size());
}

TEST(GenesisDevConfig, AddressesCarryValidChecksums) {
  std::size_t asked = 0;
  ParseOptions options;
  options.checksum_valid = [&asked](std::string_view address) {
    ++asked;
    return crypto::parse_address(address).ok();
  };
  const GenesisConfig config = dev_genesis_config(options);
  EXPECT_GE(asked, 9U);  // every dev account is written in EIP-55 form
  EXPECT_EQ(config.roles.admin, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");

  // A one-letter case change in the admin's address is caught.
  std::string text(dev_config_toml());
  const auto at = text.find("admin = \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  ASSERT_NE(at, std::string::npos);
  const std::size_t letter = at + std::string_view("admin = \"0xf39").size();
  ASSERT_EQ(text[letter], 'F');
  text[letter] = 'f';  // 0xf39Fd6... -> 0xf39fd6...: still mixed case, checksum broken
  try {
    parse_genesis_config(text, "dev.toml", options);
    FAIL() << "no error";
  } catch (const GenesisError& e) {
    EXPECT_EQ(e.where().path, "roles.admin");
    EXPECT_NE(std::string(e.what()).find("EIP-55"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace flux::genesis
