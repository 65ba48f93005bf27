#pragma once
// One load-generator worker: a thread's own epoll loop over its connections (no Asio: the point is
// to spend as few system calls per request as possible). Per response it costs one read and one
// write, plus a share of one epoll_wait: the next request is written straight after the response
// is parsed (non-blocking send, no write-interest arming unless the socket buffer is full), reads
// use a 64 KiB buffer, and the socket is registered once, level-triggered, for input only.
// Open model: intended send times come from this worker's slice of the schedule into a ready
// queue; a request waits there when no connection is free, its latency counting from its
// intended time. Closed model: every connection keeps `pipeline` requests in flight, after an
// optional think time. Not thread-safe: construct, run() on one thread, then read the results.
#include "core/stats/interval_recorder.hpp"
#include "core/time/clock.hpp"
#include "loadgen/recording.hpp"
#include "loadgen/request_mix.hpp"
#include "loadgen/schedule.hpp"
#include "loadgen/target.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

using SSL_CTX = struct ssl_ctx_st;

namespace portico::loadgen {

// Live counters of the measure phase, written by one worker, read by the driver each second.
// One writer, so bump() is a plain load + store (no locked read-modify-write on the hot path).
struct alignas(64) live_counters {
  std::atomic<std::uint64_t> sent{0}, completed{0}, errors{0}, non_2xx{0};
  static void bump(std::atomic<std::uint64_t>& c) noexcept {
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
};

struct worker_plan {
  const core::load_config* config = nullptr;
  const target* destination = nullptr;
  SSL_CTX* tls = nullptr;                    // null for http://
  const core::clock* clock = nullptr;
  core::time_point start, warmup_end, measure_end;
  core::nanos drain{0};
  int connections = 1;
  std::uint64_t quota = 0;                   // measure-phase sends for this worker; 0 = no limit
  std::optional<schedule> arrivals;          // open model only
  request_mix mix;
  std::uint64_t seed = 0;
  live_counters* live = nullptr;
  core::interval_recorder* timeline = nullptr;  // corrected latency of measured responses
  core::interval_recorder* timeline_uncorrected = nullptr;
  const std::atomic<bool>* stop = nullptr;      // early stop: end sending now, then drain
};

class worker {
 public:
  explicit worker(worker_plan plan);
  ~worker();
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  void run();

  const phase_stats& warmup() const;
  const phase_stats& measure() const;
  // When this worker stopped sending measured requests (measure_end unless a quota or a stop
  // request ended it first).
  core::time_point measure_stopped() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::loadgen
