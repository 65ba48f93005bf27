#pragma once
// SIGINT/SIGTERM handling for the CLI servers: construct it BEFORE starting to serve (the handlers
// are installed in the constructor, so an early signal is not lost and does not kill the process
// by default action), then wait() in the main thread, then shut down explicitly with a deadline.
// A second signal during shutdown is the caller's to handle (second_signal_seen()).
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace portico::net {

class termination_signals {
 public:
  termination_signals();  // SIGINT and SIGTERM
  ~termination_signals();
  termination_signals(const termination_signals&) = delete;
  termination_signals& operator=(const termination_signals&) = delete;

  // Blocks until a signal arrives or request() is called; returns the signal number (0 for
  // request()).
  int wait();
  // Like wait(), but gives up at the timeout and returns nullopt.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  // Wakes wait() as if a signal had arrived (tests, or a server that decides to exit).
  void request();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::net
