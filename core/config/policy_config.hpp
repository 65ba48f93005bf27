#pragma once
// Gateway policies configured per route (or per listener): authentication and rate limiting.
#include "core/config/source_location.hpp"
#include "core/config/units.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::core {

struct api_key_entry {
  std::string key;
  std::string client;  // client name, usable as a rate-limit key
  std::string plan;
};

struct api_key_auth_config {
  std::string header = "X-Api-Key";
  std::string query_param;  // non-empty: also accept ?<query_param>=KEY
  std::vector<api_key_entry> keys;
  std::string keys_file;    // lines "key[,client[,plan]]"
};

struct jwt_issuer_config {
  std::string issuer;
  std::vector<std::string> audiences;
  std::vector<std::string> algorithms;  // allow-list, e.g. [HS256] or [RS256, ES256]
  std::string secret;                   // HMAC secret
  std::string public_key_file;          // PEM
  std::string jwks_file;
  std::string jwks_url;  // http://IP:PORT/PATH, or BACKEND/PATH (a scenario backend's first instance)
  std::chrono::nanoseconds jwks_refresh{std::chrono::minutes(5)};      // scheduled re-read/re-fetch
  std::chrono::nanoseconds jwks_min_refresh{std::chrono::seconds(10)};  // unknown-kid refreshes at most this often
  std::chrono::nanoseconds jwks_timeout{std::chrono::seconds(2)};       // one jwks_url fetch
};

struct jwt_auth_config {
  std::string header = "Authorization";  // "Bearer <token>"
  std::vector<jwt_issuer_config> issuers;
  std::chrono::nanoseconds leeway{0};
  std::map<std::string, std::string> forward_claims;  // claim -> request header
  std::vector<std::string> required_scopes;           // 403 when missing
  std::uint64_t cache_size = 1024;  // verified tokens remembered per proxy thread; 0 = verify every time
};

struct basic_auth_config {
  std::string credentials_file;  // lines "user:pbkdf2-sha256$iterations$salt$hash"
  std::string realm = "portico";
};

struct introspection_auth_config {
  std::string endpoint;  // URL, or a backend name
  std::string client_id, client_secret;
  std::chrono::nanoseconds cache_ttl{std::chrono::seconds(30)};
  std::uint64_t cache_size = 10000;
  std::vector<std::string> required_scopes;
};

// Client certificates as an auth method: the listener verifies them during the handshake
// (tls.client_cert: optional or required); the route then requires one.
struct mtls_auth_config {
  std::vector<std::string> subjects;  // allowed subject CNs (403 otherwise); empty = any verified
  std::string forward_subject = "X-Client-Cert-Subject";  // request header to the upstream; "" = none
};

struct auth_config {
  std::optional<api_key_auth_config> api_key;
  std::optional<jwt_auth_config> jwt;
  std::optional<basic_auth_config> basic;
  std::optional<introspection_auth_config> introspection;
  std::optional<mtls_auth_config> mtls;
};

struct rate_limit_config {
  enum class algorithm { fixed_window, sliding_window, token_bucket, leaky_bucket };
  enum class sliding_variant { log, counter };
  enum class bucket_refill { continuous, discrete };
  enum class leaky_variant { queue, meter };  // queue = shaping (delay), meter = policing
  enum class store { local, redis };

  algorithm algo = algorithm::token_bucket;
  rate limit_rate;                       // e.g. 500/s: window limit = rate * window for windows
  std::int64_t limit = 0;                // requests per window (windows); derived from rate if 0
  std::chrono::nanoseconds window{std::chrono::seconds(1)};
  std::int64_t burst = 0;                // bucket capacity (token) or queue depth (leaky)
  sliding_variant sliding = sliding_variant::log;
  bucket_refill refill = bucket_refill::continuous;
  std::int64_t fill_tokens = 0;          // discrete refill: N tokens ...
  std::chrono::nanoseconds fill_every{0};  // ... every F
  leaky_variant leaky = leaky_variant::queue;
  bool nodelay = false;                  // leaky queue: forward bursts at once (nginx nodelay)
  std::int64_t delay_after = 0;          // leaky queue: first N excess requests undelayed (delay=)
  bool count_denied = false;             // do denied requests consume quota?
  std::vector<std::string> key;          // parts: client_ip, api_key, client, route,
                                         // header:NAME, claim:NAME; empty = one global key
  store where = store::local;
  std::string redis;                     // "127.0.0.1:6379" for store::redis
  bool fail_open = true;                 // when Redis is unreachable
  std::uint64_t max_keys = 100000;       // local state bound (LRU)
  source_location at;
  bool operator==(const rate_limit_config&) const = default;
};

}  // namespace portico::core
