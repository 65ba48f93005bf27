#pragma once
// The set of live connections of a server, so that shutdown can (1) ask every connection to
// finish what it is doing and close, (2) wait for them with a deadline, (3) force the rest.
// Connections register on creation and unregister when destroyed.
//
// Thread-safety: every member is safe from any thread. drain()/abort() of a connection are
// called with the tracker's lock NOT held and must only post work to the connection's own
// executor (never block). wait_idle() blocks: call it from a controlling thread, not an I/O one.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace portico::net {

// What a server connection must offer to be shut down politely.
class tracked_connection {
 public:
  virtual ~tracked_connection() = default;
  // Finish the request in flight (if any), then close; close at once if idle. Thread-safe.
  virtual void drain() = 0;
  // Close now, abandoning any request in flight. Thread-safe.
  virtual void abort() = 0;
};

class connection_tracker {
 public:
  using id = std::uint64_t;

  id add(std::weak_ptr<tracked_connection> connection);
  void remove(id which);
  std::size_t active() const;

  void drain_all();
  void abort_all();
  // True when no connection is left before the deadline.
  bool wait_idle(std::chrono::steady_clock::time_point deadline);
  // drain_all, wait until the deadline, then abort_all and wait a little more (`grace`) for the
  // aborted ones to unwind. True when every connection finished on its own before the deadline.
  bool shutdown(std::chrono::steady_clock::time_point deadline,
                std::chrono::milliseconds grace = std::chrono::milliseconds(500));

 private:
  template <typename F>
  void for_each(F&& f);

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::unordered_map<id, std::weak_ptr<tracked_connection>> live_;
  id next_ = 1;
};

// RAII registration, held by a connection for its lifetime.
class tracker_registration {
 public:
  tracker_registration() = default;
  tracker_registration(connection_tracker& tracker, std::weak_ptr<tracked_connection> connection)
      : tracker_(&tracker), id_(tracker.add(std::move(connection))) {}
  ~tracker_registration() {
    if (tracker_) tracker_->remove(id_);
  }
  tracker_registration(const tracker_registration&) = delete;
  tracker_registration& operator=(const tracker_registration&) = delete;

 private:
  connection_tracker* tracker_ = nullptr;
  connection_tracker::id id_ = 0;
};

}  // namespace portico::net
