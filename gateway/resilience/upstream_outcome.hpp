#pragma once
// How one upstream attempt ended, as the resilience logic (outlier detection, retries, circuit
// breaker) needs to know it. The proxy classifies each attempt into exactly one of these.
#include <cstdint>

namespace portico::gateway {

struct upstream_outcome {
  enum class kind : std::uint8_t {
    response,         // a response head arrived; see status
    connect_failure,  // TCP connect refused/failed/timed out: the request was NOT sent
    reset,            // connection closed/reset after the request was (maybe) sent, or bad HTTP
    timeout,          // per-try/route deadline passed before the response head
  };
  kind what = kind::response;
  int status = 0;  // meaningful for kind::response

  static constexpr upstream_outcome ok(int status = 200) noexcept { return {kind::response, status}; }
  static constexpr upstream_outcome of(kind k) noexcept { return {k, 0}; }

  // A 5xx response, a reset or a timeout: what outlier detection counts as "5xx" (Envoy treats
  // locally generated gateway errors the same way) and the breaker counts as a failure.
  constexpr bool is_server_failure() const noexcept {
    return (what == kind::response && status >= 500) || what == kind::reset || what == kind::timeout;
  }
  constexpr bool is_failure() const noexcept { return is_server_failure() || what == kind::connect_failure; }
};

}  // namespace portico::gateway
