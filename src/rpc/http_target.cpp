#include "rpc/http_target.hpp"

namespace flux::rpc {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto cut = text.find(separator);
    const std::string_view item = text.substr(0, cut);
    if (!item.empty()) out.emplace_back(item);
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
  return out;
}

std::optional<HttpTarget> parse_target(std::string_view target, std::size_t query_params_max) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  HttpTarget out;
  const auto question = target.find('?');
  out.path = target.substr(0, question);
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  // A fragment never reaches a server, but drop one if a client sends it.
  query = query.substr(0, query.find('#'));
  for (const std::string& pair : split_list(query, '&')) {
    if (out.query.size() >= query_params_max) return std::nullopt;
    const auto eq = pair.find('=');
    auto name = percent_decode(std::string_view(pair).substr(0, eq));
    auto value = percent_decode(eq == std::string::npos ? std::string_view() : std::string_view(pair).substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.query.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

}  // namespace flux::rpc
