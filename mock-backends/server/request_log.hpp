#pragma once
// The last N requests one endpoint of one instance received, for tests and users who want to see
// what arrived (a mock acting as a trace collector, a webhook sink): method, target, Content-Type
// and body (bodies up to the server's max_body_bytes). Bounded: the oldest entry goes first.
//
// Thread-safety: add() from any I/O thread, entries() from any thread (one mutex; recording
// endpoints are not the ones a benchmark measures).
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace portico::mock {

struct recorded_request {
  std::string instance;  // "collector#0"
  std::string endpoint;  // the endpoint's match, "POST /v1/traces"
  std::string method, target, content_type, body;
  std::uint64_t body_bytes = 0;  // as received (body may be cut at max_body_bytes)
  std::uint64_t sequence = 0;    // 1, 2, ... per endpoint and instance, in arrival order
};

class request_log {
 public:
  explicit request_log(std::size_t capacity) : capacity_(capacity) {}
  void add(recorded_request r);
  std::vector<recorded_request> entries() const;  // oldest first

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<recorded_request> entries_;
  std::uint64_t total_ = 0;
};

}  // namespace portico::mock
