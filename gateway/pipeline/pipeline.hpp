#pragma once
// An ordered list of stages, built once and const after. run() calls stages in order until one
// does not return next(); the caller (the connection) handles respond / delay / pending and
// calls run() again from the following stage. Thread-safety: const, shared by all threads.
#include "gateway/pipeline/stage.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace portico::gateway {

class pipeline {
 public:
  struct step {
    stage_result result;
    std::size_t stopped_at = 0;  // index of the stage that returned `result` (size() when all said next)
  };

  void add(std::unique_ptr<stage> s) { stages_.push_back(std::move(s)); }
  std::size_t size() const noexcept { return stages_.size(); }
  bool empty() const noexcept { return stages_.empty(); }
  const stage& at(std::size_t i) const noexcept { return *stages_[i]; }

  step run(request_context& ctx, std::size_t from = 0) const {
    for (std::size_t i = from; i < stages_.size(); ++i) {
      const auto r = stages_[i]->on_request(ctx);
      if (r.action != stage_result::kind::next) return {r, i};
    }
    return {stage_result::next(), stages_.size()};
  }
  // on_response of stages [0, ran) in reverse order.
  void finish(request_context& ctx, std::size_t ran) const noexcept {
    for (std::size_t i = ran < stages_.size() ? ran : stages_.size(); i > 0; --i) stages_[i - 1]->on_response(ctx);
  }

 private:
  std::vector<std::unique_ptr<stage>> stages_;
};

}  // namespace portico::gateway
