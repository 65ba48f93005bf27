#include "gateway/ratelimit/headers.hpp"

namespace portico::gateway {

std::int64_t ceil_seconds(std::chrono::nanoseconds d) noexcept {
  constexpr std::int64_t second = 1'000'000'000;
  const std::int64_t n = d.count();
  return n <= 0 ? 0 : (n + second - 1) / second;
}

std::vector<std::pair<std::string, std::string>> rate_limit_headers(const decision& d) {
  std::vector<std::pair<std::string, std::string>> out;
  for_each_rate_limit_header(d, [&](std::string_view name, std::string value) {
    out.emplace_back(std::string(name), std::move(value));
  });
  return out;
}

}  // namespace portico::gateway
