#pragma once
// A throwaway redis-server for tests: started on a free 127.0.0.1 port (found by binding port 0
// first), without persistence, and stopped (SIGTERM, then SIGKILL) by the destructor or stop().
// start() waits, with a deadline, until PING answers PONG.
#include <chrono>
#include <string>
#include <sys/types.h>

namespace portico::testing {

class redis_server {
 public:
  redis_server() = default;
  ~redis_server() { stop(); }
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  // Returns an error message, or "" once the server answers PING.
  std::string start(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  void stop();

  unsigned short port() const noexcept { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

// Whether a redis-server executable is on PATH: tests skip (with the reason) only when it is not,
// so a server that is installed but fails to start still fails them.
bool redis_server_installed();

// A loopback port that nothing listens on (bound, read, released): for "Redis is down" tests.
unsigned short unused_loopback_port();

}  // namespace portico::testing
