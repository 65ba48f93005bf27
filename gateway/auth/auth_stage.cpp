#include "gateway/auth/auth_stage.hpp"

#include "gateway/http/forward_head.hpp"

#include <chrono>

namespace portico::gateway {

stage_result auth_stage::accept() const noexcept {
  counters_.ok.fetch_add(1, std::memory_order_relaxed);
  return stage_result::next();
}

stage_result auth_stage::unauthorized(request_context& ctx, std::string challenge, std::string_view code,
                                      std::string_view message) const {
  counters_.unauthorized.fetch_add(1, std::memory_order_relaxed);
  ctx.response.status = 401;
  ctx.response.body = http::error_body(code, message);
  ctx.response.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return stage_result::respond();
}

stage_result auth_stage::forbidden(request_context& ctx, std::string_view message) const {
  counters_.forbidden.fetch_add(1, std::memory_order_relaxed);
  ctx.response.status = 403;
  ctx.response.body = http::error_body("insufficient_scope", message);
  return stage_result::respond();
}

std::optional<auth_report> auth_stage_report(const stage& s) {
  const auto* a = dynamic_cast<const auth_stage*>(&s);
  if (a == nullptr) return std::nullopt;
  const auth_counters& c = a->counters();
  return auth_report{std::string(s.name()), c.ok.load(std::memory_order_relaxed),
                     c.unauthorized.load(std::memory_order_relaxed), c.forbidden.load(std::memory_order_relaxed),
                     a->extra_counters()};
}

std::string_view credentials_after(std::string_view value, std::string_view scheme) noexcept {
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if ((value[i] | 0x20) != (scheme[i] | 0x20)) return {};
  }
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

core::nanos unix_offset(const core::clock& clock) {
  const auto unix_now = std::chrono::duration_cast<core::nanos>(std::chrono::system_clock::now().time_since_epoch());
  return unix_now - clock.now().since_epoch;
}

std::string backend_url(const std::string& endpoint, const stage_build_context& c) {
  if (endpoint.rfind("http://", 0) == 0 || c.backend_addresses == nullptr) return endpoint;
  const auto slash = endpoint.find('/');
  const auto it = c.backend_addresses->find(endpoint.substr(0, slash));
  if (it == c.backend_addresses->end() || it->second.empty()) return endpoint;
  return "http://" + it->second.front() + (slash == std::string::npos ? "/" : endpoint.substr(slash));
}

std::string quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace portico::gateway
