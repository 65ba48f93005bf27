#include "gateway/auth/introspection_cache.hpp"

#include <boost/json/parse.hpp>
#include <openssl/sha.h>

#include <algorithm>

namespace portico::gateway {
namespace {

std::string digest_of(std::string_view token) {
  std::string d(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), reinterpret_cast<unsigned char*>(d.data()));
  return d;
}

std::string text(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

}  // namespace

std::optional<introspection_result> parse_introspection(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(body, ec);
  const auto* o = ec ? nullptr : doc.if_object();
  const auto* active = o ? o->if_contains("active") : nullptr;
  if (!active || !active->is_bool()) return std::nullopt;
  introspection_result r;
  r.active = active->get_bool();
  if (!r.active) return r;  // RFC 7662 §2.2: nothing else in an inactive answer is meaningful
  r.subject = text(*o, "sub");
  r.client = text(*o, "client_id");
  const std::string scope_text = text(*o, "scope");
  for (std::string_view s = scope_text; !s.empty();) {
    const auto space = s.find(' ');
    if (space != 0) r.scopes.emplace_back(s.substr(0, space));
    s = space == std::string_view::npos ? std::string_view{} : s.substr(space + 1);
  }
  if (const auto* exp = o->if_contains("exp"); exp && exp->is_int64()) r.exp = exp->get_int64();
  return r;
}

std::optional<introspection_result> introspection_cache::find(std::string_view token, core::time_point now) {
  const std::string key = digest_of(token);
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.result;
}

void introspection_cache::store(std::string_view token, const introspection_result& result, core::time_point now,
                                std::int64_t unix_now_s) {
  if (capacity_ == 0) return;
  core::nanos life = ttl_;
  if (result.exp) life = std::min<core::nanos>(life, std::chrono::seconds(*result.exp - unix_now_s));
  if (life <= core::nanos{0}) return;
  std::string key = digest_of(token);
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) {
    // Drop the older half at once: amortised O(1), and expired entries go with them.
    const std::size_t drop = std::max<std::size_t>(1, order_.size() / 2);
    for (std::size_t i = 0; i < drop && !order_.empty(); ++i) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }
  if (entries_.insert_or_assign(key, entry{result, now + life}).second) order_.push_back(std::move(key));
}

std::size_t introspection_cache::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace portico::gateway
