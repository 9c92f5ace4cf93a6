// Where a keystore password comes from, in this order:
//   1. --password-file F: its first line (without the line break)
//   2. the environment variable FLUX_PASSWORD
//   3. a prompt on the terminal, without echo (asked twice when creating a key)
// and otherwise (no file, no variable, no terminal) an error, never an empty password.
#pragma once

#include <optional>
#include <string>

namespace flux::cli {

// `confirm`: ask twice on a terminal and require the same answer (new keys). Throws
// CliError (usage) when no password can be had or it is empty.
std::string read_password(const std::optional<std::string>& password_file, const std::string& prompt, bool confirm);

// The first line of `text`, without "\n" or "\r\n".
std::string first_line(const std::string& text);

}  // namespace flux::cli
