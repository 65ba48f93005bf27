#pragma once
// The last listener-level stage: matches the request against the listener's routes (the router
// is gw-logic's pure code), records the route, its captures and the rewritten upstream path in
// the context, or answers 404 with the router's JSON body.
#include "gateway/pipeline/stage.hpp"
#include "gateway/router/router.hpp"

namespace portico::gateway {

class routing_stage final : public stage {
 public:
  explicit routing_stage(const router& routes) noexcept : routes_(routes) {}
  std::string_view name() const noexcept override { return "routing"; }
  stage_result on_request(request_context& ctx) const override;

 private:
  const router& routes_;
};

}  // namespace portico::gateway
