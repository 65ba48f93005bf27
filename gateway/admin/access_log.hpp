#pragma once
// JSON-lines access log (config `gateway.access_log: FILE`; off when empty), one object per
// request:
//   {"time":"2026-11-29T15:04:05.123Z","listener":"public","route":"users","method":"GET",
//    "path":"/api/users/7","query":"x=1","status":200,"local":false,"backend":"users#1",
//    "attempts":1,"duration_ms":1.234,"client":"127.0.0.1","request_id":"..."}
// Off the hot path: each proxy thread formats into its own buffer (no lock, no syscall); a full
// buffer (128 KiB, or the periodic flush from the thread's sweep) is handed to one writer thread
// that owns the file. A slow or stuck disk never blocks a proxy thread: when the writer is more
// than 8 MiB behind, whole buffers are dropped and their lines counted (dropped_lines, on
// /metrics and in the run results), never queued without limit; a failed write counts its lines
// as dropped too. At shutdown (and at reload, which keeps the same log) nothing buffered is lost:
// the destructor hands over every thread's buffer and the writer drains the queue before closing.
// Written buffers (192 KiB: a hand-over's worth plus one long line's room) go back to a small
// spare list for the next hand-over: a fresh buffer per hand-over cost page faults (the allocator
// returns freed pages to the system).
// Timestamps are wall-clock (for people and log tools): the request's end on the gateway's
// injected clock, turned into wall-clock time by an offset each thread re-reads once a second (a
// clock read per line cost ~45 ns here); durations come from the injected clock.
//
// Thread-safety: append(t, ...) and flush(t) only from proxy thread t (or when no proxy thread
// runs); written_lines() and dropped_lines() from anywhere.
#include "core/time/clock.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace portico::gateway {

struct access_entry {
  std::string_view listener, route, method, path, query, backend, client, request_id;
  int instance = -1;  // >= 0: logged as "backend#instance" (the host that answered)
  int status = 0;
  bool local = false;
  int attempts = 0;
  std::int64_t duration_ns = 0;
  core::time_point finished{};  // on the gateway's clock; zero: unknown, the line reads the wall clock
};

class access_log {
 public:
  // Throws std::runtime_error when the file cannot be opened for appending.
  access_log(const std::string& path, int threads);
  ~access_log();  // writes everything still buffered, then closes
  access_log(const access_log&) = delete;
  access_log& operator=(const access_log&) = delete;

  void append(int thread, const access_entry& entry);
  void flush(int thread);
  std::uint64_t written_lines() const noexcept { return written_.load(std::memory_order_relaxed); }
  std::uint64_t dropped_lines() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  // Lines of one thread, raw bytes: written through a cursor, never zero-filled first (a
  // std::string's resize would clear the room reserved for each line's worst case).
  struct chunk {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    std::uint64_t lines = 0;
  };
  struct alignas(64) thread_buffer {
    chunk text;
    std::int64_t stamp_second = -1;  // the Unix second `stamp` shows
    std::int64_t wall_offset_ns = 0;  // wall clock minus the gateway's clock, read at offset_read
    core::time_point offset_read{};
    bool has_offset = false;
    char stamp[32] = {};             // "2026-11-29T15:04:05"
    std::size_t stamp_size = 0;
  };
  static char* put_time(thread_buffer& b, char* p, core::time_point finished);
  static char* put_line(thread_buffer& b, char* p, const access_entry& e);
  static std::size_t line_room(const access_entry& e) noexcept;
  void hand_over(thread_buffer& b);
  // Queues `c` for the writer, or counts its lines as dropped when the writer is too far behind.
  // Returns a buffer to write on next: a spare, `c` emptied when it was dropped, or none (no bytes).
  chunk enqueue(chunk c);
  static chunk fresh_chunk();
  void write_loop();

  std::FILE* file_ = nullptr;
  std::vector<thread_buffer> buffers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<chunk> queue_;
  std::vector<chunk> spares_;  // written, ready for reuse (a few; the rest are freed)
  std::size_t queued_bytes_ = 0;
  bool closing_ = false;
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::thread writer_;
};

// Appends `text` as the inside of a JSON string (quotes, backslashes, control bytes escaped).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace portico::gateway
