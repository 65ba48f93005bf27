#pragma once
// Response shaping for backends-for-frontends: a route with `shape:` fetches from its backend
// (patterns' client: round robin, the route's timeout, no retries) and reshapes a JSON object
// answer: keep only `allow` members (when given), drop `remove` members, rename `rename` keys —
// in that order, top level only. Other bodies (not JSON, not an object) pass unchanged; the
// backend's status and Content-Type are kept.
//
// Thread-safety: const after construction. shape_json() is pure.
#include "core/config/gateway_config.hpp"
#include "gateway/patterns/backend_client.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace portico::gateway::patterns {

// The reshaped body, or nullopt when `body` is not a JSON object (left as is).
std::optional<std::string> shape_json(std::string_view body, const core::response_shape_config& shape);
bool shapes_anything(const core::response_shape_config& shape) noexcept;

class shape_stage final : public stage {
 public:
  shape_stage(const core::route_config& route, std::shared_ptr<const backend_client> client);
  std::string_view name() const noexcept override { return "shape"; }
  stage_result on_request(request_context& ctx) const override;

 private:
  core::response_shape_config shape_;
  std::shared_ptr<const backend_client> client_;
};

std::unique_ptr<stage> make_shape_stage(const stage_build_context& b);

}  // namespace portico::gateway::patterns
