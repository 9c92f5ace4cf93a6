#include "cli/keys_command.hpp"

#include "cli/errors.hpp"
#include "cli/password.hpp"
#include "cli/table.hpp"
#include "crypto/address.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace flux::cli {
namespace {

struct KeysArgs {
  std::string name;
  std::string private_key_file;
  bool light = false;
};

crypto::ScryptParams scrypt_params(bool light) {
  crypto::ScryptParams p;
  if (light) p.n = 4096;
  return p;
}

std::string read_stdin_secret() {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::cerr << "Private key (hex): " << std::flush;
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::cerr << "\n";
  }
  return line;
}

void print_created(const GlobalOptions& g, const char* verb, const StoredKey& k) {
  const std::string address = crypto::to_checksum_address(k.address);
  if (g.json) {
    std::cout << nlohmann::json{{"name", k.name}, {"address", address}, {"file", k.file.string()}}.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("{} key \"{}\": {}\n  {}\n", verb, k.name, address, k.file.string());
}

}  // namespace

crypto::PrivateKey parse_private_key(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  const auto end = text.find_last_not_of(" \t\r\n");
  const std::string trimmed = begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
  if (trimmed.empty()) throw usage_error("no private key given (expected 64 hex digits, 0x optional)");
  auto key = crypto::PrivateKey::from_hex(trimmed, crypto::HexPrefix::optional);
  if (!key) throw usage_error(std::string("not a private key: ") + crypto::key_error_message(key.error()));
  return *key;
}

void add_keys_commands(CLI::App& app, GlobalOptions& globals, Commands& commands) {
  auto args = std::make_shared<KeysArgs>();
  CLI::App* keys = app.add_subcommand("keys",
                                      "Manage signing keys: keystore v3 files in --keystore DIR "
                                      "(default $FLUX_KEYSTORE or ~/.flux/keystore)");
  keys->require_subcommand(1);

  CLI::App* create = keys->add_subcommand("create", "Create a new random key, encrypted under a password");
  create->add_option("--name", args->name, "The key's name (letters, digits, . _ -)")->required();
  create->add_flag("--light", args->light, "Light scrypt (N=4096) instead of the default 2^18: dev and tests only");
  commands.push_back({create, [&globals, args] {
                        const KeystoreDir dir = globals.keys.dir();
                        if (const auto problem = check_key_name(args->name); !problem.empty())
                          throw usage_error(fmt::format("key name \"{}\": {}", args->name, problem));
                        if (dir.find(args->name))
                          throw usage_error(fmt::format("a key named \"{}\" already exists", args->name));
                        const std::string password =
                            read_password(globals.keys.password_file, "Password for the new key " + args->name, true);
                        const StoredKey k =
                            dir.add(args->name, crypto::PrivateKey::generate(), password, scrypt_params(args->light));
                        print_created(globals, "created", k);
                        return exit_ok;
                      }});

  CLI::App* import = keys->add_subcommand("import", "Import a private key (hex) from --private-key-file or stdin");
  import->add_option("--name", args->name, "The key's name (letters, digits, . _ -)")->required();
  import->add_option("--private-key-file", args->private_key_file, "A file holding the key as hex (else stdin)");
  import->add_flag("--light", args->light, "Light scrypt (N=4096) instead of the default 2^18: dev and tests only");
  commands.push_back({import, [&globals, args] {
                        const KeystoreDir dir = globals.keys.dir();
                        if (const auto problem = check_key_name(args->name); !problem.empty())
                          throw usage_error(fmt::format("key name \"{}\": {}", args->name, problem));
                        std::string text;
                        if (!args->private_key_file.empty()) {
                          std::ifstream in(args->private_key_file, std::ios::binary);
                          if (!in)
                            throw usage_error("--private-key-file " + args->private_key_file + ": cannot read it");
                          std::ostringstream buffer;
                          buffer << in.rdbuf();
                          text = first_line(buffer.str());
                        } else {
                          text = read_stdin_secret();
                        }
                        const crypto::PrivateKey key = parse_private_key(text);
                        const std::string password =
                            read_password(globals.keys.password_file, "Password for the key " + args->name, true);
                        print_created(globals, "imported",
                                      dir.add(args->name, key, password, scrypt_params(args->light)));
                        return exit_ok;
                      }});

  CLI::App* list = keys->add_subcommand("list", "List the keys: name and address");
  commands.push_back({list, [&globals] {
                        const KeystoreDir dir = globals.keys.dir();
                        const auto entries = dir.list();
                        if (globals.json) {
                          nlohmann::json out = nlohmann::json::array();
                          for (const StoredKey& k : entries)
                            out.push_back({{"name", k.name},
                                           {"address", crypto::to_checksum_address(k.address)},
                                           {"file", k.file.string()}});
                          std::cout << out.dump(2) << "\n";
                          return exit_ok;
                        }
                        if (entries.empty()) {
                          std::cout << "no keys in " << dir.dir().string() << "\n";
                          return exit_ok;
                        }
                        Table t({{"name"}, {"address"}, {"file"}});
                        for (const StoredKey& k : entries)
                          t.add_row({k.name.empty() ? "-" : k.name, crypto::to_checksum_address(k.address),
                                     k.file.filename().string()});
                        std::cout << "keystore " << dir.dir().string() << "\n";
                        t.print(std::cout);
                        return exit_ok;
                      }});
}

}  // namespace flux::cli
