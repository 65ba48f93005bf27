#include "gateway/auth/jwt_key_source.hpp"

#include <future>
#include <iostream>
#include <stdexcept>

namespace portico::gateway {
namespace {

std::unique_ptr<jwks_fetcher> fetcher_from(const core::jwt_issuer_config& c) {
  if (!c.jwks_url.empty()) return make_jwks_url_fetcher(c.jwks_url, c.jwks_timeout);
  if (!c.jwks_file.empty()) return make_jwks_file_fetcher(c.jwks_file);
  return nullptr;
}

}  // namespace

jwt_key_source::jwt_key_source(const core::jwt_issuer_config& config, const core::clock& clock,
                               std::unique_ptr<jwks_fetcher> fetcher)
    : clock_(clock),
      issuer_(config.issuer),
      schedule_(config.jwks_refresh, config.jwks_min_refresh),
      fetcher_(fetcher ? std::move(fetcher) : fetcher_from(config)) {
  if (!config.secret.empty()) fixed_.push_back(jwt_key::hmac("", config.secret));
  if (!config.public_key_file.empty()) {
    fixed_.push_back(load_pem_public_key(read_key_file(config.public_key_file, "public_key_file")));
  }
  jwt_key_set fetched;
  if (fetcher_) {
    std::promise<jwks_document> first;
    auto answer = first.get_future();
    fetcher_->fetch([&first](jwks_document d) { first.set_value(std::move(d)); });
    jwks_document d = answer.get();  // the fetcher's own deadline bounds the wait
    const std::string what = "auth.jwt issuer '" + issuer_ + "': JWKS " + fetcher_->where() + ": ";
    if (!d.ok) throw std::invalid_argument(what + d.error);
    try {
      fetched = parse_jwks(d.text);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(what + e.what());
    }
    schedule_.finished(clock_.now(), true, d.max_age);
    counters_.fetches = 1;
  }
  current_.store(with_fixed_keys(std::move(fetched)));
  if (current_.load()->empty()) {
    throw std::invalid_argument("auth.jwt issuer '" + issuer_ + "' has no keys (secret, public_key_file, jwks_file or jwks_url)");
  }
  std::lock_guard lock(mutex_);
  publish_next_due_locked();
}

jwt_key_source::~jwt_key_source() { fetcher_.reset(); }

std::shared_ptr<const jwt_key_set> jwt_key_source::with_fixed_keys(jwt_key_set fetched) const {
  auto set = std::make_shared<jwt_key_set>(fixed_);
  for (auto& k : fetched) set->push_back(std::move(k));
  return set;
}

void jwt_key_source::publish_next_due_locked() {
  next_due_ns_.store(fetcher_ ? schedule_.next_due().since_epoch.count() : core::nanos::max().count(),
                     std::memory_order_relaxed);
}

void jwt_key_source::refresh_if_due(core::time_point now) {
  if (now.since_epoch.count() < next_due_ns_.load(std::memory_order_relaxed)) return;
  bool start = false;
  {
    std::lock_guard lock(mutex_);
    start = schedule_.start_if_due(now);
    publish_next_due_locked();
  }
  if (start) start_fetch();
}

std::shared_ptr<const jwt_key_set> jwt_key_source::keys(core::time_point now) {
  refresh_if_due(now);
  return current_.load(std::memory_order_acquire);
}

std::uint64_t jwt_key_source::generation(core::time_point now) {
  refresh_if_due(now);
  return generation();
}

std::shared_ptr<const jwt_key_set> jwt_key_source::keys_after_miss(core::time_point now) {
  if (fetcher_) {
    bool start = false;
    {
      std::lock_guard lock(mutex_);
      start = schedule_.start_after_miss(now);
      if (start) ++counters_.unknown_kid_fetches;
      publish_next_due_locked();
    }
    if (start) start_fetch();
  }
  return current_.load(std::memory_order_acquire);
}

bool jwt_key_source::when_refreshed(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  if (!schedule_.in_flight()) return false;
  waiters_.push_back(std::move(fn));
  return true;
}

jwks_counters jwt_key_source::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

// Outside the lock: a file fetcher calls finish() before returning.
void jwt_key_source::start_fetch() {
  fetcher_->fetch([this](jwks_document d) { finish(std::move(d)); });
}

void jwt_key_source::finish(jwks_document d) {
  std::shared_ptr<const jwt_key_set> next;
  std::string problem = d.error;
  if (d.ok) {
    try {
      jwt_key_set fetched = parse_jwks(d.text);
      // An IdP answering {"keys": []} by mistake would lock every client out; keep the old set.
      if (fetched.empty()) problem = "no usable signing key in the document";
      else next = with_fixed_keys(std::move(fetched));
    } catch (const std::invalid_argument& e) {
      problem = e.what();
    }
  }
  std::vector<std::function<void()>> waiters;
  std::size_t kept = 0;
  {
    std::lock_guard lock(mutex_);
    schedule_.finished(clock_.now(), next != nullptr, d.max_age);
    if (next) {
      current_.store(std::move(next), std::memory_order_release);
      generation_.fetch_add(1, std::memory_order_release);  // after the store: see generation()
      ++counters_.fetches;
    } else {
      ++counters_.fetch_failures;
      kept = current_.load()->size();
    }
    publish_next_due_locked();
    waiters.swap(waiters_);
  }
  if (!problem.empty()) {
    std::cerr << "portico gateway: JWKS refresh of issuer '" << issuer_ << "' from " << fetcher_->where() << " failed: " << problem
              << "; keeping the last good " << kept << " key(s)\n";
  }
  for (auto& w : waiters) w();
}

}  // namespace portico::gateway
