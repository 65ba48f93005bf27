#pragma once
// Span export off the request path. Each proxy thread appends a finished request's spans to its
// own bounded buffer (a lock only that thread and the export thread take); one export thread
// drains every buffer when a buffer reaches `max_batch` spans or `max_delay` after the last
// drain, encodes batches of at most `max_batch` spans (span_json.hpp) and writes them to the
// configured files (one JSON document per line) and POSTs them to the configured collectors
// (span_post.hpp). When a thread's buffer is full (max_queue / threads spans) a request's spans
// are dropped and counted; a failed write or POST is counted, logged once per kind of failure,
// and not retried.
//
// Thread-safety: add() from proxy thread `thread` (each index from one thread at a time);
// flush() and counters() from any thread. The destructor exports what is buffered, then joins
// the export thread (bounded by `timeout` per POST).
#include "gateway/patterns/span_json.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace portico::gateway::patterns {

struct span_export_config {
  std::string service_name = "portico-gateway";
  std::string otlp_file, zipkin_file;          // empty: that file is not written
  std::string otlp_endpoint, zipkin_endpoint;  // http://IP:PORT/PATH; empty: not sent
  std::size_t max_batch = 512;                 // spans per exported document
  std::chrono::nanoseconds max_delay = std::chrono::milliseconds(200);
  std::size_t max_queue = 16384;               // spans buffered, over all threads
  std::chrono::nanoseconds timeout = std::chrono::seconds(2);  // per POST
  int threads = 1;                             // proxy threads (one buffer each)
};

struct span_export_counters {
  std::uint64_t exported = 0;  // spans taken from the buffers and written / sent
  std::uint64_t dropped = 0;   // spans not buffered: their thread's buffer was full
  std::uint64_t failures = 0;  // batch writes or POSTs that failed (per file / endpoint)
};

class span_exporter {
 public:
  // Throws std::runtime_error when a file cannot be opened, std::invalid_argument for a bad URL.
  explicit span_exporter(span_export_config config);
  ~span_exporter();
  span_exporter(const span_exporter&) = delete;
  span_exporter& operator=(const span_exporter&) = delete;

  // Moves the spans of one request into `thread`'s buffer; false when they were dropped.
  bool add(int thread, std::vector<span_data>& spans);
  // Returns once every span added before the call has been written or has failed.
  void flush();
  span_export_counters counters() const;

 private:
  struct lane;
  struct target;

  void run();
  void export_buffered();
  void write_batch(const span_data* spans, std::size_t count);
  void count_failure(const target& t, const std::string& error);

  span_export_config config_;
  std::size_t lane_capacity_;
  std::unique_ptr<lane[]> lanes_;
  std::vector<std::unique_ptr<target>> targets_;
  std::vector<span_data> draining_;           // export thread only
  std::string body_;                          // export thread only
  std::set<std::string> logged_;              // export thread only: failure kinds already logged

  std::atomic<std::uint64_t> exported_{0}, dropped_{0}, failures_{0};
  std::atomic<bool> kicked_{false};
  std::mutex mutex_;                          // guards the fields below
  std::condition_variable wake_, flushed_;
  std::uint64_t flush_requested_ = 0, flush_done_ = 0;
  bool stop_ = false;
  std::thread thread_;                        // last: starts after everything above exists
};

}  // namespace portico::gateway::patterns
