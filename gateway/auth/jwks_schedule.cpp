#include "gateway/auth/jwks_schedule.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace portico::gateway {

jwks_schedule::jwks_schedule(core::nanos refresh, core::nanos min_refresh)
    : refresh_(refresh), min_refresh_(std::min(min_refresh, refresh)) {}

bool jwks_schedule::start_if_due(core::time_point now) {
  if (in_flight_ || now < next_due_) return false;
  in_flight_ = true;
  return true;
}

bool jwks_schedule::start_after_miss(core::time_point now) {
  if (in_flight_ || (last_miss_ && now - *last_miss_ < min_refresh_)) return false;
  last_miss_ = now;
  in_flight_ = true;
  return true;
}

void jwks_schedule::finished(core::time_point now, bool ok, std::optional<core::nanos> max_age) {
  in_flight_ = false;
  core::nanos wait = ok ? refresh_ : min_refresh_;
  if (ok && max_age) wait = std::clamp(*max_age, min_refresh_, refresh_);
  next_due_ = now + wait;
}

core::time_point jwks_schedule::next_due() const noexcept {
  return in_flight_ ? core::time_point{core::nanos::max()} : next_due_;
}

namespace {

bool directive_is(std::string_view d, std::string_view name) {
  return d.size() >= name.size() && std::equal(name.begin(), name.end(), d.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<core::nanos> cache_control_max_age(std::string_view value) {
  std::optional<core::nanos> out;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view d = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    if (d.size() == 8 && (directive_is(d, "no-store") || directive_is(d, "no-cache"))) return core::nanos{0};
    if (d.size() > 8 && directive_is(d, "max-age=")) {
      std::string_view digits = d.substr(8);
      if (digits.size() >= 2 && digits.front() == '"' && digits.back() == '"') digits = digits.substr(1, digits.size() - 2);
      std::int64_t seconds = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
      if (ec == std::errc::result_out_of_range) seconds = std::numeric_limits<std::int64_t>::max();
      else if (ec != std::errc{} || end != digits.data() + digits.size() || seconds < 0) continue;  // malformed: ignored
      // A year is plenty; beyond it the multiplication below would overflow.
      out = std::chrono::seconds(std::min<std::int64_t>(seconds, 365LL * 24 * 3600));
    }
  }
  return out;
}

}  // namespace portico::gateway
