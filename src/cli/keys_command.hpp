// `flux keys create|import|list`: the keystore folder (keystore_dir.hpp).
//
//   flux keys create --name N [--light]                   a new random key
//   flux keys import --name N [--private-key-file F] [--light]
//                                                         a key given as hex (0x optional), from
//                                                         the file or else stdin
//   flux keys list                                        name, address (and file)
//
// The password comes from --password-file, FLUX_PASSWORD or a prompt (password.hpp).
// --light encrypts with scrypt N = 4096 instead of geth's 2^18: fast, for dev and
// tests only.
#pragma once

#include "cli/command.hpp"

namespace flux::cli {

void add_keys_commands(CLI::App& app, GlobalOptions& globals, Commands& commands);

// The private key in `text`: 64 hex digits, "0x" optional, surrounding whitespace
// ignored. Throws CliError (usage) without echoing the text.
crypto::PrivateKey parse_private_key(const std::string& text);

}  // namespace flux::cli
