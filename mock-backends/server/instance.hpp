#pragma once
// One running mock instance ("users#1"): its compiled endpoints (built once, then const), its
// run-time admin state, its capacity gate and its counters. Shared by the sessions of every I/O
// thread: routing reads only const data, relaxed atomics and this thread's own RNG and counter
// shard, so the hot path takes no lock (the capacity gate locks only when workers > 0).
#include "core/config/backend_config.hpp"
#include "core/net/request_head_parser.hpp"
#include "mock-backends/behaviour/body_template.hpp"
#include "mock-backends/behaviour/fault_plan.hpp"
#include "mock-backends/behaviour/latency_sampler.hpp"
#include "mock-backends/server/capacity_gate.hpp"
#include "mock-backends/server/mock_server.hpp"
#include "mock-backends/server/request_log.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::mock {

// How to answer one request; `bytes` points at preformatted storage or the caller's scratch.
struct response_plan {
  std::string_view bytes;        // the whole response
  std::size_t body_offset = 0;   // start of the body within bytes
  int status = 200;
  std::chrono::nanoseconds delay{0};
  fault_decision fault;
  bool gated = false;            // pass the capacity gate first (delay = service time)
  bool close = false;            // close the connection after this response
  bool websocket = false;        // a `websocket: echo` endpoint took an upgrade: bytes is empty
};

class instance {
 public:
  instance(const core::backend_config& backend, int index, int threads, std::uint64_t seed);
  ~instance();

  const std::string& backend() const noexcept { return backend_; }
  int index() const noexcept { return index_; }
  const std::string& name() const noexcept { return name_; }

  // Called on I/O thread `thread` for a complete request. close: the client asked to close (or
  // the server is draining). Dynamic bodies are rendered into scratch.
  void route(const net::request_head& head, bool close, int thread, std::string& scratch, response_plan& plan);
  // The 503 for a request that found the capacity queue full.
  std::string_view rejection(bool close) const noexcept { return close ? reject_close_ : reject_keep_alive_; }

  capacity_gate& gate() noexcept { return gate_; }

  // True when an endpoint records requests: its sessions then keep bodies (and Content-Type).
  bool records() const noexcept { return records_; }
  std::vector<recorded_request> recorded() const;  // every recording endpoint, in config order

  // Counters, written by one I/O thread each (relaxed), summed by stats().
  void count_response(int thread, int status) noexcept;
  void count_rejection(int thread) noexcept;
  void count_bad_request(int thread) noexcept;
  void add_in_flight(int thread, int delta) noexcept;

  void set_state(const instance_state& state) noexcept;
  instance_state state() const noexcept;
  // Fills everything except address and connections (the server knows those).
  instance_stats stats() const;

 private:
  struct endpoint;
  struct shard;
  const endpoint* find(std::string_view method, std::string_view path, path_captures& captures,
                       bool& path_matched) const;
  void fill_fault_body(const endpoint& e, const path_captures& captures, const net::request_head& head, bool close,
                       std::string& scratch, response_plan& plan) const;

  std::string backend_;
  int index_;
  std::string name_;
  std::string health_path_;
  std::string instance_header_;  // "X-Portico-Instance: users#1\r\n"
  std::vector<std::unique_ptr<endpoint>> endpoints_;
  std::unique_ptr<shard[]> shards_;
  int threads_;
  bool records_ = false;
  capacity_gate gate_;

  std::string health_ok_[2], health_bad_[2], not_found_[2], not_allowed_[2], upgrade_required_[2];  // [close]
  std::string reject_keep_alive_, reject_close_;

  std::atomic<bool> failed_flag_{false};
  std::atomic<int> fail_status_{503};
  std::atomic<bool> fail_by_reset_{false};
  std::atomic<bool> unhealthy_{false};
  std::atomic<std::int64_t> extra_latency_ns_{0};
};

}  // namespace portico::mock
