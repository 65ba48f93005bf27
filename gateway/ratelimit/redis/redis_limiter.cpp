#include "gateway/ratelimit/redis/redis_limiter.hpp"

#include "gateway/ratelimit/gcra.hpp"
#include "gateway/ratelimit/redis/lua_scripts.hpp"

#include <openssl/sha.h>

#include <cstdio>
#include <stdexcept>

namespace portico::gateway {
namespace {

constexpr std::int64_t lua_exact = std::int64_t{1} << 53;

std::string sha1_hex(std::string_view text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

void require_exact(int128 value, const char* what) {
  if (value >= lua_exact) throw std::invalid_argument(std::string("redis store: ") + what + " reaches 2^53, beyond Lua's exact integers");
}

}  // namespace

redis_rate_limiter::redis_rate_limiter(const core::rate_limit_config& config, const core::clock& clock,
                                       std::shared_ptr<redis::client> client, std::string name)
    : params_(make_params(config)), fail_open_(config.fail_open), clock_(clock), client_(std::move(client)),
      prefix_("portico:rl:" + name + ":") {
  using algo = core::rate_limit_config::algorithm;
  const auto& p = params_;
  auto s = [](std::int64_t v) { return std::to_string(v); };
  int128 largest_product = 0;
  switch (p.algo) {
    case algo::fixed_window:
      script_.text = redis::fixed_window_script;
      fixed_args_ = {s(p.limit), s(p.window_ns), p.count_denied ? "1" : "0"};
      largest_product = static_cast<int128>(p.window_ns) * 2;
      break;
    case algo::sliding_window:
      if (config.sliding == core::rate_limit_config::sliding_variant::log) {
        script_.text = redis::sliding_log_script;
        fixed_args_ = {s(p.limit), s(p.window_ns)};
      } else {
        script_.text = redis::sliding_counter_script;
        fixed_args_ = {s(p.limit), s(p.window_ns), p.count_denied ? "1" : "0"};
        largest_product = static_cast<int128>(p.limit + 1) * p.window_ns * 2;
      }
      break;
    case algo::token_bucket:
    case algo::leaky_bucket:
      if (p.fill_every_ns > 0) {
        script_.text = redis::discrete_bucket_script;
        fixed_args_ = {s(p.capacity), s(p.fill_tokens), s(p.fill_every_ns)};
        largest_product = static_cast<int128>(p.capacity) * p.fill_every_ns;
      } else {
        const gcra g(p);
        script_.text = redis::gcra_script;
        scale_ = g.scale();
        const int128 full = static_cast<int128>(g.interval_units()) * p.capacity;
        const std::int64_t ttl_ms = static_cast<std::int64_t>(ceil_div(full, scale_) / 1'000'000) + 1000;
        fixed_args_ = {s(g.interval_units()), s(p.capacity), p.shaping ? "1" : "0", s(p.delay_after), s(ttl_ms)};
        largest_product = full * 2;
      }
      break;
  }
  require_exact(largest_product, "a parameter product");
  max_now_ = static_cast<std::int64_t>((lua_exact - largest_product) / scale_);
  script_.sha1 = sha1_hex(script_.text);
}

decision redis_rate_limiter::failed(const std::string& why) {
  decision d;
  d.allowed = fail_open_;
  d.limit = params_.capacity > 0 ? params_.capacity : params_.limit;
  d.store_error = true;
  if (!d.allowed) d.retry_after = std::chrono::seconds(1);
  failing_.store(true, std::memory_order_relaxed);
  const std::int64_t now = clock_.now().since_epoch.count();
  std::int64_t last = last_log_ns_.load(std::memory_order_relaxed);
  if (now - last >= 1'000'000'000 && last_log_ns_.compare_exchange_strong(last, now)) {
    std::fprintf(stderr, "ratelimit: %sredis store error (%s): failing %s; %llu store errors so far\n", prefix_.c_str(),
                 why.c_str(), fail_open_ ? "open" : "closed",
                 static_cast<unsigned long long>(counters_.store_errors.load(std::memory_order_relaxed) + 1));
  }
  return d;
}

void redis_rate_limiter::async_decide(std::string_view key, std::int64_t cost, decision_handler done) {
  const std::int64_t now = clock_.now().since_epoch.count();
  if (now < 0 || now > max_now_) {
    decision d = failed("clock value " + std::to_string(now) + "ns is beyond Lua's exact range");
    counters_.record(d);
    return done(d);
  }
  std::vector<std::string> args{"EVALSHA", script_.sha1, "1", prefix_ + std::string(key),
                                std::to_string(now * scale_),  // max_now_ keeps this below 2^53
                                std::to_string(cost)};
  args.insert(args.end(), fixed_args_.begin(), fixed_args_.end());
  run(std::move(args), true, std::move(done), scale_);
}

void redis_rate_limiter::run(std::vector<std::string> args, bool by_sha, decision_handler done, std::int64_t scale) {
  auto retry_args = by_sha ? std::make_shared<std::vector<std::string>>(args) : nullptr;
  client_->async_command(std::move(args), [this, retry_args, done = std::move(done), scale](boost::system::error_code ec,
                                                                                              redis::reply r) mutable {
    using kind = redis::reply::kind;
    if (!ec && r.type == kind::error && retry_args && r.text.rfind("NOSCRIPT", 0) == 0) {
      (*retry_args)[0] = "EVAL";
      (*retry_args)[1] = std::string(script_.text);
      return run(std::move(*retry_args), false, std::move(done), scale);
    }
    decision d;
    if (ec) {
      d = failed(ec.message());
    } else if (r.type != kind::array || r.elements.size() != 5) {
      d = failed(r.type == kind::error ? r.text : "unexpected reply");
    } else {
      auto at = [&](std::size_t i) { return r.elements[i].integer; };
      auto to_ns = [&](std::int64_t units) { return std::chrono::nanoseconds{static_cast<std::int64_t>(ceil_div(units, scale))}; };
      d.allowed = at(0) == 1;
      d.limit = params_.capacity > 0 ? params_.capacity : params_.limit;
      d.remaining = at(1);
      d.reset_after = to_ns(at(2));
      d.retry_after = to_ns(at(3));
      d.delay = to_ns(at(4));
      if (failing_.exchange(false, std::memory_order_relaxed)) {
        std::fprintf(stderr, "ratelimit: %sredis store answering again\n", prefix_.c_str());
      }
    }
    counters_.record(d);
    done(d);
  });
}

}  // namespace portico::gateway
