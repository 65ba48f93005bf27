#pragma once
// The M/G/c admission model of one mock instance: `workers` requests are served concurrently,
// up to `queue` more wait in FIFO order for a worker, and anything beyond that is rejected (the
// server answers 503). workers == 0 means unlimited concurrency. Pure and single-threaded: the
// server wraps it in a mutex; tests drive it with plain calls.
#include "core/config/backend_config.hpp"

#include <cstdint>
#include <deque>
#include <optional>

namespace portico::mock {

class capacity_model {
 public:
  enum class admission { run, queued, rejected };
  using ticket = std::uint64_t;

  explicit capacity_model(core::capacity_config config) : config_(config) {}

  bool unlimited() const noexcept { return config_.workers <= 0; }
  // A request arrives: it runs now, waits in the queue under `id`, or is rejected.
  admission admit(ticket id);
  // A running request finished: frees its worker; returns the queued ticket that now runs, if any.
  std::optional<ticket> release();
  // A queued request gave up (its client went away). Returns false if it was not queued (it has
  // already been granted a worker; the caller must then release() instead).
  bool cancel(ticket id);

  int busy() const noexcept { return busy_; }
  int queued() const noexcept { return static_cast<int>(queue_.size()); }
  int max_queued() const noexcept { return max_queued_; }
  std::uint64_t rejected() const noexcept { return rejected_; }

 private:
  core::capacity_config config_;
  int busy_ = 0;
  int max_queued_ = 0;
  std::uint64_t rejected_ = 0;
  std::deque<ticket> queue_;
};

}  // namespace portico::mock
