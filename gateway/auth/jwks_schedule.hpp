#pragma once
// When a JWKS (file or URL) is fetched again. Pure decision logic on injected time, no I/O, not
// synchronised (jwt_key_source holds its lock around every call):
//   - scheduled: `refresh` after the last successful fetch, or sooner when the answer's
//     Cache-Control max-age says so (never sooner than `min_refresh`: max-age=0 must not turn into
//     a fetch per request; never later than `refresh`: that is the configured bound on staleness);
//   - after a failed fetch: again after `min_refresh` (the last good keys stay in use meanwhile);
//   - on a token whose kid the set lacks: at once, but at most once per `min_refresh`, so a flood
//     of made-up kids cannot turn into a flood of fetches at the identity provider;
//   - never two fetches at a time: while one is in flight, nothing else starts.
#include "core/time/clock.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace portico::gateway {

class jwks_schedule {
 public:
  // Starts as if the first fetch (made at start-up) were in flight: report it with finished().
  jwks_schedule(core::nanos refresh, core::nanos min_refresh);

  // True: the caller must fetch now (and report with finished()); the fetch is then in flight.
  bool start_if_due(core::time_point now);
  bool start_after_miss(core::time_point now);
  // max_age: from the answer's Cache-Control, when it had one.
  void finished(core::time_point now, bool ok, std::optional<core::nanos> max_age = std::nullopt);

  bool in_flight() const noexcept { return in_flight_; }
  // The earliest time start_if_due can say yes; the maximum time_point while a fetch is in flight.
  core::time_point next_due() const noexcept;

 private:
  core::nanos refresh_, min_refresh_;
  core::time_point next_due_;
  std::optional<core::time_point> last_miss_;
  bool in_flight_ = true;
};

// max-age (seconds) of a Cache-Control value; no-store/no-cache count as 0; nullopt without one.
std::optional<core::nanos> cache_control_max_age(std::string_view cache_control);

}  // namespace portico::gateway
