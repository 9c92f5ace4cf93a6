#pragma once
// Every bound the server enforces, with its unit last in its name. A limit
// exists so that no client, however slow, large or numerous, can make the
// server hold unbounded memory, threads or sockets. Each rejection is counted
// in flux_rpc_rejected_total{limit="..."} (see server.hpp).
#include <chrono>
#include <cstddef>

namespace flux::rpc {

struct Limits {
  // HTTP request body. Larger: 413 with a JSON-RPC -32600 body, then the
  // connection is closed (the rest of the body is drained, not parsed).
  std::size_t body_bytes_max = 1024 * 1024;
  // Request line plus headers. Larger: 431, connection closed.
  std::size_t header_bytes_max = 8 * 1024;
  // Calls in one batch. Longer: a single -32600 error, no call is run.
  std::size_t batch_length_max = 100;
  // Nesting of arrays and objects in a body (a batch is depth 1, its requests
  // 2). Deeper: -32600. Keeps recursive code in handlers off the stack limit.
  std::size_t json_depth_max = 64;

  // Open connections, SSE streams included. Beyond: 503 and close at once.
  std::size_t connections_max = 1024;
  // Requests served on one keep-alive connection before the server closes it
  // (Connection: close on the last response); bounds how long one client can
  // keep a connection to itself.
  std::size_t connection_requests_max = 10'000;

  // A keep-alive connection may wait this long for the first byte of its next
  // request before the server closes it.
  std::chrono::milliseconds idle_timeout_ms{30'000};
  // From the first byte of a request to its last (headers and body): guards
  // against clients that trickle bytes to hold a connection open.
  std::chrono::milliseconds read_timeout_ms{10'000};
  // Each response write, and each write to an SSE stream. A client that reads
  // nothing for this long is disconnected.
  std::chrono::milliseconds write_timeout_ms{10'000};
  // After a response that closes the connection, how long (and how many bytes)
  // the server keeps reading and discarding what the client still sends before
  // closing, so that the client sees the response rather than a reset.
  std::chrono::milliseconds linger_timeout_ms{2'000};
  std::size_t linger_bytes_max = 4 * 1024 * 1024;
  // Server::stop() waits this long for in-flight requests to be answered and
  // connections to close, then abandons the rest.
  std::chrono::milliseconds stop_timeout_ms{5'000};

  // SSE subscribers at once. Beyond: 503.
  std::size_t subscribers_max = 64;
  // Events queued for one subscriber that has not taken them yet. Beyond: the
  // subscriber is dropped (its stream ends with a comment saying why).
  std::size_t subscriber_queue_events_max = 1024;
  // Topics one subscriber may name in ?topics=.
  std::size_t subscriber_topics_max = 16;
  // An SSE stream with nothing to send gets a comment line this often, which
  // keeps proxies from timing it out and finds clients that went away.
  std::chrono::milliseconds sse_heartbeat_ms{15'000};
};

}  // namespace flux::rpc
