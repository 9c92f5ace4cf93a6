#include "cli/password.hpp"

#include "cli/errors.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace flux::cli {
namespace {

// Reads one line from the controlling terminal with echo off; nullopt without one.
std::optional<std::string> prompt_tty(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios old{};
  if (::tcgetattr(fd, &old) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  const std::string text = prompt + ": ";
  [[maybe_unused]] const auto w = ::write(fd, text.data(), text.size());
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  std::string line;
  char c = 0;
  bool got_any = false;
  while (true) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n <= 0 || c == '\n') break;
    got_any = true;
    line.push_back(c);
  }
  ::tcsetattr(fd, TCSAFLUSH, &old);
  ::close(fd);
  if (!got_any && line.empty()) return std::string();
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string read_password(const std::optional<std::string>& password_file, const std::string& prompt, bool confirm) {
  std::string password;
  if (password_file) {
    std::ifstream in(*password_file, std::ios::binary);
    if (!in) throw usage_error("--password-file " + *password_file + ": cannot read it");
    std::ostringstream text;
    text << in.rdbuf();
    password = first_line(text.str());
    if (password.empty()) throw usage_error("--password-file " + *password_file + ": the first line is empty");
    return password;
  }
  if (const char* env = std::getenv("FLUX_PASSWORD"); env != nullptr) {
    password = env;
    if (password.empty()) throw usage_error("FLUX_PASSWORD is set but empty");
    return password;
  }
  auto typed = prompt_tty(prompt);
  if (!typed)
    throw usage_error(
        "a keystore password is needed: give --password-file F or set FLUX_PASSWORD "
        "(there is no terminal to ask on)");
  if (typed->empty()) throw usage_error("an empty password is not accepted");
  if (confirm) {
    auto again = prompt_tty("Repeat the password");
    if (!again || *again != *typed) throw usage_error("the passwords do not match");
  }
  return *typed;
}

}  // namespace flux::cli
