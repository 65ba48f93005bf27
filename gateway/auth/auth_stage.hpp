#pragma once
// What every authentication stage shares: the 401/403 answers and the counters /metrics exports.
// Each configured method (api_key, jwt, basic, introspection) is its own stage, and all the
// configured ones must pass (e.g. an API key AND a token). A failure answers with a JSON error
// body ({"error": code, "message": ...}); 401 carries WWW-Authenticate (RFC 9110 §11.6.1;
// RFC 6750 §3 for Bearer), 403 is for an authenticated caller without the required scope.
// Nothing is forwarded upstream. Thread-safe: the counters are relaxed atomics.
#include "core/time/clock.hpp"
#include "gateway/pipeline/stage.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway {

struct auth_counters {
  std::atomic<std::uint64_t> ok{0};
  std::atomic<std::uint64_t> unauthorized{0};  // 401: missing or invalid credentials
  std::atomic<std::uint64_t> forbidden{0};     // 403: valid, but lacking a scope
};

using counter_list = std::vector<std::pair<std::string, std::uint64_t>>;

class auth_stage : public stage {
 public:
  const auth_counters& counters() const noexcept { return counters_; }
  // A method's own counters beyond ok/unauthorized/forbidden (jwt: JWKS fetches and failures).
  virtual counter_list extra_counters() const { return {}; }

 protected:
  stage_result accept() const noexcept;
  // challenge: the WWW-Authenticate value, e.g. `Bearer realm="portico", error="invalid_token"`.
  stage_result unauthorized(request_context& ctx, std::string challenge, std::string_view code,
                            std::string_view message) const;
  stage_result forbidden(request_context& ctx, std::string_view message) const;

 private:
  mutable auth_counters counters_;
};

// A plain copy of one auth stage's counters, for gateway_server's snapshot and /metrics:
//   for each route stage s: if (auto r = auth_stage_report(s)) export(route, *r);
struct auth_report {
  std::string method;  // the stage name: "api_key", "jwt", "basic", "introspection"
  std::uint64_t ok = 0, unauthorized = 0, forbidden = 0;
  counter_list extra;
};
std::optional<auth_report> auth_stage_report(const stage& s);

// The credentials after `scheme` and a space in an Authorization value ("Bearer abc" -> "abc"),
// scheme compared case-insensitively (RFC 9110 §11.1); "" when the scheme differs or nothing follows.
std::string_view credentials_after(std::string_view header_value, std::string_view scheme) noexcept;

// Unix time minus the injected clock, read once at start-up: token expiry then moves with the
// injected clock (manual in tests, virtual in the simulator).
core::nanos unix_offset(const core::clock& clock);

// An identity provider's address as configured: an http:// URL as it is, or "BACKEND/PATH" naming
// a scenario backend (a mock playing the IdP) -> "http://" + its first instance + "/PATH".
std::string backend_url(const std::string& endpoint, const stage_build_context& context);

// Quotes a value for an auth-param (RFC 9110 quoted-string): escapes '"' and '\'.
std::string quoted(std::string_view value);

}  // namespace portico::gateway
