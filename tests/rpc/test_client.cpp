#include "test_client.hpp"

#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace flux::rpc::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

template <class Start>
beast::error_code Client::run(Start start) {
  beast::error_code result = asio::error::would_block;
  stream_.expires_after(kTimeout);
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  io_.restart();
  io_.run();  // returns when the operation completed, or its timeout fired
  return result;
}

Client::Client(std::uint16_t port) : stream_(io_) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  const beast::error_code ec = run([&](auto handler) { stream_.async_connect(endpoint, handler); });
  if (ec) throw std::runtime_error("connect: " + ec.message());
}

Client::~Client() { close(); }

void Client::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

beast::error_code Client::request(http::verb method, const std::string& target, const std::string& body,
                                  const std::string& content_type, Response& out,
                                  const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  for (const auto& h : headers) req.set(h.first, h.second);
  req.body() = body;
  if (method == http::verb::post || !body.empty()) req.prepare_payload();
  beast::error_code ec = run([&](auto handler) { http::async_write(stream_, req, handler); });
  if (ec) return ec;
  return read_response(out);
}

beast::error_code Client::read_response(Response& out) {
  out = {};
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  beast::error_code ec = run([&](auto handler) { http::async_read(stream_, buffer_, parser, handler); });
  if (!ec) out = parser.release();
  return ec;
}

Response Client::post(const std::string& body, const std::string& content_type) {
  Response res;
  const beast::error_code ec = request(http::verb::post, "/", body, content_type, res);
  if (ec) throw std::runtime_error("POST /: " + ec.message());
  return res;
}

nlohmann::json Client::rpc(const nlohmann::json& request_json) {
  const Response res = post(request_json.dump());
  if (res.result() != http::status::ok) {
    throw std::runtime_error("POST /: status " + std::to_string(res.result_int()) + ": " + res.body());
  }
  return nlohmann::json::parse(res.body());
}

Response Client::get(const std::string& target) {
  Response res;
  const beast::error_code ec = request(http::verb::get, target, "", "", res);
  if (ec) throw std::runtime_error("GET " + target + ": " + ec.message());
  return res;
}

beast::error_code Client::write_raw(const std::string& bytes) {
  return run([&](auto handler) { asio::async_write(stream_, asio::buffer(bytes), handler); });
}

std::string Client::read_until_closed(beast::error_code& ended) {
  std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  buffer_.consume(buffer_.size());
  char chunk[16384];
  for (;;) {
    std::size_t got = 0;
    ended = run([&](auto handler) {
      stream_.async_read_some(asio::buffer(chunk), [&got, handler](beast::error_code ec, std::size_t n) mutable {
        got = n;
        handler(ec);
      });
    });
    out.append(chunk, got);
    if (ended) return out;
  }
}

unsigned Client::open_stream(const std::string& target) {
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  beast::error_code ec = run([&](auto handler) { http::async_write(stream_, req, handler); });
  if (ec) throw std::runtime_error("GET " + target + ": " + ec.message());
  stream_parser_.emplace();
  stream_parser_->body_limit(boost::none);
  stream_offset_ = 0;
  ec = run([&](auto handler) { http::async_read_header(stream_, buffer_, *stream_parser_, handler); });
  if (ec) throw std::runtime_error("GET " + target + " header: " + ec.message());
  return stream_parser_->get().result_int();
}

const Response& Client::stream_header() const { return stream_parser_->get(); }

bool Client::stream_done() const { return stream_parser_ && stream_parser_->is_done(); }

std::optional<std::string> Client::next_block() {
  for (;;) {
    const std::string& body = stream_parser_->get().body();
    const auto end = body.find("\n\n", stream_offset_);
    if (end != std::string::npos) {
      std::string block = body.substr(stream_offset_, end - stream_offset_);
      stream_offset_ = end + 2;
      return block;
    }
    if (stream_parser_->is_done() || stream_error_) return std::nullopt;
    stream_error_ = run([&](auto handler) { http::async_read_some(stream_, buffer_, *stream_parser_, handler); });
  }
}

bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

SseEvent parse_sse(const std::string& block) {
  SseEvent e;
  std::size_t start = 0;
  while (start <= block.size()) {
    const auto nl = block.find('\n', start);
    const std::string line = block.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line[0] == ':') {
      e.comment += line.substr(1);
    } else {
      const auto colon = line.find(": ");
      if (colon != std::string::npos) {
        const std::string field = line.substr(0, colon);
        const std::string value = line.substr(colon + 2);
        if (field == "id") e.id = value;
        else if (field == "event") e.event = value;
        else if (field == "data") e.data = value;
      }
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return e;
}

}  // namespace flux::rpc::test
