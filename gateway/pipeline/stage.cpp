#include "gateway/pipeline/stage.hpp"

namespace portico::gateway {

void async_slot::resume(stage_result result) {
  waiter w;
  {
    std::lock_guard lock(mutex_);
    if (!waiter_) {
      result_ = result;
      return;
    }
    w = std::move(waiter_);
  }
  w(result);
}

void async_slot::wait(waiter w) {
  std::optional<stage_result> ready;
  {
    std::lock_guard lock(mutex_);
    if (!result_) {
      waiter_ = std::move(w);
      return;
    }
    ready = result_;
  }
  w(*ready);
}

resume_handle ctx_resume(request_context& ctx) {
  ctx.slot = std::make_shared<async_slot>();
  return resume_handle(ctx.slot);
}

}  // namespace portico::gateway
