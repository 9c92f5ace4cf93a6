#include "bench/node_bench/http_client.hpp"

#include <fmt/core.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace flux::bench {

std::string HttpClient::request(std::string_view method, std::string_view path, std::string_view body) {
  if (fd_ < 0 && !open_socket()) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port_));
  std::string head = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  if (method == "POST") head += fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n", body.size());
  head += "\r\n";
  head.append(body);
  send_all(head);
  return read_response();
}

bool HttpClient::open_socket() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    close_socket();
    return false;
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}
void HttpClient::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}
void HttpClient::send_all(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close_socket();
      throw std::runtime_error(std::string("send: ") + std::strerror(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}
void HttpClient::fill() {
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close_socket();
      throw std::runtime_error(n == 0 ? "the node closed the connection"
                                      : std::string("recv: ") + std::strerror(errno));
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return;
  }
}
std::string HttpClient::read_response() {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) fill();
  const std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  const std::size_t sp = head.find(' ');
  const int status = sp == std::string::npos ? 0 : std::atoi(head.c_str() + sp + 1);
  std::size_t length = 0;
  bool close_after = false;
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos) {
    const std::size_t next = head.find("\r\n", pos + 2);
    std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (lower.rfind("content-length:", 0) == 0) length = std::strtoull(line.c_str() + 15, nullptr, 10);
    if (lower.rfind("connection:", 0) == 0 && lower.find("close") != std::string::npos) close_after = true;
    if (lower.rfind("transfer-encoding:", 0) == 0) throw std::runtime_error("chunked responses are not supported");
    pos = next;
  }
  while (buffer_.size() < length) fill();
  std::string body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  if (close_after) close_socket();  // the server's connection_requests_max: reconnect next time
  if (status != 200) throw std::runtime_error("HTTP " + std::to_string(status) + ": " + body);
  return body;
}

}  // namespace flux::bench
