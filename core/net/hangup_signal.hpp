#pragma once
// SIGHUP -> a callback, for servers that reload their configuration on hang-up (the Unix
// convention nginx and HAProxy follow). The handler is installed in the constructor (so an early
// SIGHUP does not kill the process by its default action) and runs the callback on a thread of
// its own, one call at a time; the destructor stops that thread.
#include <functional>
#include <memory>

namespace portico::net {

class hangup_signal {
 public:
  explicit hangup_signal(std::function<void()> on_hangup);
  ~hangup_signal();
  hangup_signal(const hangup_signal&) = delete;
  hangup_signal& operator=(const hangup_signal&) = delete;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::net
