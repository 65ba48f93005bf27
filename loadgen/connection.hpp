#pragma once
// One client connection of a worker: a non-blocking socket (plus an SSL for https), the bytes
// waiting to be written, the unparsed tail of the last read, and the requests in flight in send
// order (a ring as deep as the pipelining depth). Plain data owned by the worker; no locking.
#include "loadgen/response_parser.hpp"

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

using SSL = struct ssl_st;

namespace portico::loadgen {

struct inflight {
  std::int64_t intended_ns = 0;  // corrected latency starts here
  std::int64_t sent_ns = 0;      // uncorrected latency starts here
  std::uint32_t template_index = 0;
  std::uint8_t phase = 0;        // 0 warm-up, 1 measure
  bool head = false;
};

struct connection {
  enum class status { closed, connecting, handshaking, open };
  int fd = -1;
  SSL* ssl = nullptr;
  status state = status::closed;
  bool write_armed = false;  // EPOLLOUT registered
  bool in_free_list = false;
  std::int64_t since_ns = 0;     // connect started
  std::int64_t retry_at_ns = 0;  // closed: reconnect not before
  std::string out;
  std::size_t out_offset = 0;
  std::string carry;
  std::string error;  // why the transport failed (strerror, OpenSSL's reason); cleared on close
  response_parser parser;

  std::vector<inflight> ring;  // capacity = pipelining depth
  std::size_t head = 0, count = 0;
  bool full() const { return count == ring.size(); }
  inflight& front() { return ring[head]; }
  void push(const inflight& f) {
    ring[(head + count) % ring.size()] = f;
    ++count;
  }
  inflight pop() {
    const inflight f = ring[head];
    head = (head + 1) % ring.size();
    --count;
    return f;
  }
};

// Transport I/O over plain TCP or TLS. > 0 bytes; 0 end of stream; io_would_block; io_error
// (with c.error set).
inline constexpr ssize_t io_would_block = -1;
inline constexpr ssize_t io_error = -2;
ssize_t read_some(connection& c, char* data, std::size_t size) noexcept;
ssize_t write_some(connection& c, const char* data, std::size_t size) noexcept;
// TLS handshake step: 1 done, io_would_block (wants_write set when it needs EPOLLOUT), io_error.
ssize_t handshake_step(connection& c, bool& wants_write) noexcept;
void close_transport(connection& c) noexcept;

}  // namespace portico::loadgen
