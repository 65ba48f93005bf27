#include "gateway/patterns/response_cache.hpp"

#include "gateway/http/message_head.hpp"

#include <charconv>

namespace portico::gateway::patterns {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Statuses a cache may store without explicit freshness (RFC 9110 §15.1, "heuristically
// cacheable"); others are kept only with an explicit max-age, which this gateway does not do.
bool cacheable_by_default(int status) noexcept {
  switch (status) {
    case 200: case 203: case 204: case 300: case 301: case 308: case 404: case 405: case 410: case 414: case 501:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<core::nanos> freshness_lifetime(std::string_view cc, int status, core::nanos default_ttl) {
  if (!cacheable_by_default(status)) return std::nullopt;
  std::optional<long long> max_age, s_maxage;
  while (!cc.empty()) {
    const auto comma = cc.find(',');
    const auto directive = trim(cc.substr(0, comma));
    cc = comma == std::string_view::npos ? std::string_view{} : cc.substr(comma + 1);
    const auto eq = directive.find('=');
    const auto name = trim(directive.substr(0, eq));
    auto arg = eq == std::string_view::npos ? std::string_view{} : trim(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    if (http::iequals(name, "no-store") || http::iequals(name, "private") || http::iequals(name, "no-cache")) return std::nullopt;
    auto seconds = [&]() -> std::optional<long long> {
      long long v = 0;
      const auto r = std::from_chars(arg.data(), arg.data() + arg.size(), v);
      if (r.ec != std::errc{} || r.ptr != arg.data() + arg.size() || v < 0) return std::nullopt;
      return v;
    };
    if (http::iequals(name, "max-age")) max_age = seconds();
    if (http::iequals(name, "s-maxage")) s_maxage = seconds();
  }
  const auto chosen = s_maxage ? s_maxage : max_age;
  const core::nanos lifetime = chosen ? core::nanos(std::chrono::seconds(*chosen)) : default_ttl;
  if (lifetime.count() <= 0) return std::nullopt;
  return lifetime;
}

response_cache::response_cache(std::size_t max_entries, std::size_t max_bytes)
    : max_entries_(max_entries == 0 ? 1 : max_entries), max_bytes_(max_bytes) {}

void response_cache::erase(lru_list::iterator it) {
  bytes_ -= cost(it->first, it->second);
  index_.erase(it->first);
  lru_.erase(it);
}

std::optional<cached_response> response_cache::get(const std::string& key, core::time_point now) {
  std::lock_guard lock(mutex_);
  const auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  const auto it = found->second;
  if (now >= it->second.expires) {
    erase(it);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it);
  return it->second;
}

bool response_cache::put(const std::string& key, cached_response r) {
  const auto size = cost(key, r);
  if (size > max_bytes_) return false;
  std::lock_guard lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end()) erase(found->second);
  lru_.emplace_front(key, std::move(r));
  index_.emplace(lru_.front().first, lru_.begin());
  bytes_ += size;
  while (lru_.size() > max_entries_ || bytes_ > max_bytes_) {
    erase(std::prev(lru_.end()));
    ++evictions_;
  }
  return true;
}

response_cache::stats response_cache::current() const {
  std::lock_guard lock(mutex_);
  return {lru_.size(), bytes_, evictions_};
}

}  // namespace portico::gateway::patterns
