// A minimal HTTP/1.1 client for the benchmark: one keep-alive connection to
// 127.0.0.1, blocking, Content-Length bodies only. Hand-written (Beast would do) so
// that the load generator's cost per request stays small and visible in its CPU figure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace flux::bench {

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}
  ~HttpClient() { close_socket(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POST / with a JSON body; returns the response body. Throws on a transport error
  // or a status other than 200.
  std::string post(std::string_view body) { return request("POST", "/", body); }
  std::string get(std::string_view path) { return request("GET", path, {}); }
  // Whether a connection could be made (the node answers).
  bool try_connect() { return fd_ >= 0 || open_socket(); }

 private:
  std::string request(std::string_view method, std::string_view path, std::string_view body);
  bool open_socket();
  void close_socket();
  void send_all(std::string_view data);
  void fill();  // reads what the socket has into buffer_
  std::string read_response();

  std::uint16_t port_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace flux::bench
