#pragma once
// A loopback HTTP/1.1 server for the load generator's tests: it answers every request with
// 200 and a short body (keep-alive). With a stall window it is deterministic about *when*: a
// response due in [start + stall_from, start + stall_from + stall_length) is held until the
// window ends, then everything held is flushed, so a constant-rate load has a known, computable
// latency distribution. Other behaviours cover bad targets: close every connection on accept, or
// answer with garbage. One thread per connection (test loads only). start() is the window's
// origin. Thread-safe counters; stop() (or the destructor) closes everything and joins.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace portico::testing {

class stalling_http_server {
 public:
  enum class behaviour { respond, close_on_accept, garbage };
  struct options {
    std::chrono::nanoseconds stall_from{0}, stall_length{0};
    behaviour mode = behaviour::respond;
  };

  explicit stalling_http_server(options o);
  stalling_http_server() : stalling_http_server(options{}) {}
  ~stalling_http_server();
  stalling_http_server(const stalling_http_server&) = delete;
  stalling_http_server& operator=(const stalling_http_server&) = delete;

  std::uint16_t port() const { return port_; }
  // Sets the origin of the stall window (call right before starting the load).
  void start();
  void stop();
  std::uint64_t requests() const { return requests_.load(); }
  std::uint64_t held() const { return held_.load(); }  // responses delayed by the stall

 private:
  void accept_loop();
  void serve(int fd);

  options options_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> origin_ns_{0};
  std::atomic<std::uint64_t> requests_{0}, held_{0};
  std::mutex mutex_;
  std::condition_variable stop_signal_;  // wakes held responses on stop()
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace portico::testing
