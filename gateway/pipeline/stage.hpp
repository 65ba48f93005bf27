#pragma once
// A pipeline stage: one small policy (route, authenticate, rate-limit, shape, ...) applied to a
// request. Built once from config, const after: per-request data lives in request_context,
// shared mutable state (buckets, caches) is the stage's own and explicitly synchronised, and
// per-thread state can be indexed by request_context::thread_index.
//
// on_request returns one of:
//   next()          continue with the following stage (the forwarder is the terminal stage);
//   respond()       answer now with ctx.response (status, headers, body), e.g. 401, 429, 404;
//   delay(d)        continue with the FOLLOWING stage after d (leaky-bucket shaping); the
//                   connection waits on a timer, nothing blocks;
//   pending()       the stage started async work (token introspection, Redis): it took
//                   `resume_handle h = ctx_resume(ctx)` BEFORE returning and calls
//                   h.resume(result) exactly once, from any thread; the connection then acts on
//                   that result as if on_request had returned it.
// on_response runs after the answer is known (ctx.status set), in reverse order, for every
// stage whose on_request ran: release a concurrency slot, account latency. Never throws.
#include "core/time/clock.hpp"
#include "gateway/pipeline/request_context.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

namespace portico::gateway {

struct stage_result {
  enum class kind : std::uint8_t { next, respond, delay, pending };
  kind action = kind::next;
  core::nanos wait{0};  // for delay

  static constexpr stage_result next() noexcept { return {kind::next, {}}; }
  static constexpr stage_result respond() noexcept { return {kind::respond, {}}; }
  static constexpr stage_result delay(core::nanos d) noexcept { return {kind::delay, d}; }
  static constexpr stage_result pending() noexcept { return {kind::pending, {}}; }
};

class stage {
 public:
  virtual ~stage() = default;
  virtual std::string_view name() const noexcept = 0;
  virtual stage_result on_request(request_context& ctx) const = 0;
  virtual void on_response(request_context&) const noexcept {}
};

// The rendezvous between a pending stage and the waiting connection. Whichever side comes
// second (the result or the waiter) triggers the waiter; thread-safe.
class async_slot {
 public:
  using waiter = std::function<void(stage_result)>;
  void resume(stage_result result);
  void wait(waiter w);

 private:
  std::mutex mutex_;
  std::optional<stage_result> result_;
  waiter waiter_;
};

class resume_handle {
 public:
  explicit resume_handle(std::shared_ptr<async_slot> slot) noexcept : slot_(std::move(slot)) {}
  void resume(stage_result result) const { slot_->resume(result); }

 private:
  std::shared_ptr<async_slot> slot_;
};

// Per-request slot creation lives with the connection; stages ask the context for it.
resume_handle ctx_resume(request_context& ctx);

}  // namespace portico::gateway
