#pragma once
// Checking Prometheus text exposition (format 0.0.4) line by line, and reading
// samples back out of it, for the tests.
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>

namespace flux::rpc::test {

inline const std::regex& sample_line() {
  static const std::regex re(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*")*\})? ([+-]?Inf|NaN|[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)$)");
  return re;
}

// True when every line is a # HELP, # TYPE or a sample line with a parseable value.
inline bool valid_exposition(const std::string& text) {
  static const std::regex comment(
      R"(^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$)");
  if (!text.empty() && text.back() != '\n') return false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!std::regex_match(line, comment) && !std::regex_match(line, sample_line())) return false;
  }
  return true;
}

// The value of the sample written exactly as `series` (`name{a="b"}`), if any.
inline std::optional<double> sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, sample_line())) continue;
    if (m[1].str() + m[2].str() == series) return std::stod(m[3].str());
  }
  return std::nullopt;
}

}  // namespace flux::rpc::test
