#pragma once
// POSTs JSON documents (span batches) to one collector URL, http://IP:PORT/PATH, over a kept-alive
// connection. Synchronous with one deadline per request: the exporter's own thread calls it, so
// its private io_context runs on that thread and no proxy thread ever waits for a collector.
// No TLS, no name resolution, no retries of a failed delivery (a connection found closed by the
// collector before anything was sent is reopened once: that is keep-alive upkeep, not a retry).
//
// Thread-safety: one thread at a time.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace portico::gateway::patterns {

struct post_result {
  int status = 0;     // the collector's status; 0 when there was no HTTP answer
  std::string error;  // empty on a 2xx; else what failed ("connect: Connection refused", "HTTP 503", ...)
  bool ok() const noexcept { return error.empty(); }
};

class span_poster {
 public:
  // Throws std::invalid_argument for a URL it cannot use (not http://IP:PORT/PATH).
  span_poster(const std::string& url, std::chrono::nanoseconds timeout);
  ~span_poster();
  span_poster(const span_poster&) = delete;
  span_poster& operator=(const span_poster&) = delete;

  post_result post(std::string_view json_body);
  const std::string& url() const noexcept { return url_; }

 private:
  struct impl;
  std::string url_;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::gateway::patterns
