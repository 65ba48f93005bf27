// Route policies: auth and rate_limit. Forms:
//   auth: {api_key: {header: X-Api-Key, keys: [k1, {key: k2, client: acme, plan: gold}]}}
//         {jwt: {issuers: [{issuer: ..., algorithms: [HS256], secret: ...}], required_scopes: [...]}}
//         {basic: {credentials_file: ...}}  {introspection: {endpoint: ..., client_id: ...}}
//         {mtls: {subjects: [svc-a], forward_subject: X-Client-Cert-Subject}}   (or just {mtls: {}})
//   rate_limit: {algorithm: token_bucket, rate: 500/s, burst: 50, key: api_key}  (key: word or list)
#include "core/config/sections.hpp"

#include <algorithm>
#include <cctype>

namespace portico::core::detail {

template <class V>
void describe(V& v, api_key_entry& c) {
  v.required("key", c.key, "The API key");
  v.field("client", c.client, "Client name, usable as a rate-limit key");
  v.field("plan", c.plan, "Plan name, for reports");
}

// A key is written as a plain string, or as {key, client, plan}.
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, api_key_entry& out) {
  if (n.IsScalar()) {
    out.key = n.Scalar();
    return !out.key.empty();
  }
  return read_object(ctx, n, path, out);
}

json::object schema_of(schema_tag, const api_key_entry&) {
  api_key_entry defaults;
  schema_object s;
  describe(s, defaults);
  return one_of({{{"type", "string"}}, s.finish()});
}

template <class V>
void describe(V& v, api_key_auth_config& c) {
  v.field("header", c.header, "Request header carrying the key");
  v.field("query_param", c.query_param, "Also accept ?<query_param>=KEY");
  v.field("keys", c.keys, "Accepted keys: strings or {key, client, plan}");
  v.field("keys_file", c.keys_file, "File of lines key[,client[,plan]]");
}

template <class V>
void describe(V& v, jwt_issuer_config& c) {
  v.field("issuer", c.issuer, "Expected iss claim");
  v.field("audiences", c.audiences, "Accepted aud values");
  v.field("algorithms", c.algorithms, "Allowed algorithms, e.g. [HS256] or [RS256, ES256]");
  v.field("secret", c.secret, "HMAC secret");
  v.field("public_key_file", c.public_key_file, "PEM public key");
  v.field("jwks_file", c.jwks_file, "JWKS file (RFC 7517), re-read every jwks_refresh");
  v.field("jwks_url", c.jwks_url,
          "JWKS URL: http://IP:PORT/PATH or BACKEND/PATH; fetched at start-up (start-up fails if that fetch does), "
          "then every jwks_refresh (shortened by Cache-Control max-age) and on an unknown kid");
  v.field("jwks_refresh", c.jwks_refresh, "JWKS refresh interval (file or URL)", positive);
  v.field("jwks_min_refresh", c.jwks_min_refresh,
          "Least time between refreshes caused by an unknown kid (and between retries after a failed fetch)", positive);
  v.field("jwks_timeout", c.jwks_timeout, "Deadline of one jwks_url fetch", positive);
}

template <class V>
void describe(V& v, jwt_auth_config& c) {
  v.field("header", c.header, "Header carrying \"Bearer <token>\"");
  v.field("issuers", c.issuers, "Trusted issuers");
  v.field("leeway", c.leeway, "Clock skew allowed on exp/nbf");
  v.field("forward_claims", c.forward_claims, "claim -> request header forwarded upstream");
  v.field("required_scopes", c.required_scopes, "Scopes every token must carry (403 otherwise)");
  v.field("cache_size", c.cache_size,
          "Verified tokens remembered per proxy thread (a repeat skips the signature check; exp/nbf and key "
          "rotation are still checked on every request); 0 = verify every time",
          at_least(0));
}

template <class V>
void describe(V& v, basic_auth_config& c) {
  v.required("credentials_file", c.credentials_file, "Lines user:pbkdf2-sha256$iterations$salt$hash");
  v.field("realm", c.realm, "WWW-Authenticate realm");
}

template <class V>
void describe(V& v, introspection_auth_config& c) {
  v.required("endpoint", c.endpoint, "Introspection URL, or a backend name");
  v.field("client_id", c.client_id, "Client id for the introspection call");
  v.field("client_secret", c.client_secret, "Client secret for the introspection call");
  v.field("cache_ttl", c.cache_ttl, "How long an answer is cached");
  v.field("cache_size", c.cache_size, "Cached tokens at most", at_least(0));
  v.field("required_scopes", c.required_scopes, "Scopes every token must carry (403 otherwise)");
}

template <class V>
void describe(V& v, mtls_auth_config& c) {
  v.field("subjects", string_list_ref{c.subjects}, "Allowed client certificate subject CNs (403 otherwise); none = any trusted");
  v.field("forward_subject", c.forward_subject, "Request header carrying the subject CN upstream; \"\" = not sent");
}

template <class V>
void describe(V& v, auth_config& c) {
  v.field("api_key", c.api_key, "API keys in a header (or query parameter)");
  v.field("jwt", c.jwt, "JSON Web Tokens");
  v.field("basic", c.basic, "HTTP Basic with PBKDF2 hashes");
  v.field("introspection", c.introspection, "OAuth 2 token introspection (RFC 7662)");
  v.field("mtls", c.mtls, "A trusted client certificate (the listener's tls.client_cert: optional or required)");
}

template <class V>
void describe(V& v, rate_limit_config& c) {
  v.field("algorithm", c.algo, "Limiter algorithm");
  v.field("rate", c.limit_rate, "Sustained rate, e.g. 500/s (windows: limit = rate * window)");
  v.field("limit", c.limit, "Requests per window (windows); derived from rate when 0", at_least(0));
  v.field("window", c.window, "Window length (fixed_window, sliding_window)", positive);
  v.field("burst", c.burst, "Bucket capacity (token_bucket) or queue depth (leaky_bucket)", at_least(0));
  v.field("sliding", c.sliding, "sliding_window: exact log or weighted two-window counter");
  v.field("refill", c.refill, "token_bucket: continuous, or discrete (fill_tokens every fill_every)");
  v.field("fill_tokens", c.fill_tokens, "Discrete refill: tokens added each time", at_least(0));
  v.field("fill_every", c.fill_every, "Discrete refill: interval");
  v.field("leaky", c.leaky, "leaky_bucket: queue (shaping, delays) or meter (policing, rejects)");
  v.field("nodelay", c.nodelay, "leaky queue: forward bursts at once (nginx nodelay)");
  v.field("delay_after", c.delay_after, "leaky queue: first N excess requests undelayed (nginx delay=)", at_least(0));
  v.field("count_denied", c.count_denied, "Denied requests consume quota too");
  v.field("key", string_list_ref{c.key},
          "Key parts: client_ip, api_key, client, route, header:NAME, claim:NAME; a word or a list; none = one global key");
  v.field("store", c.where, "Where counters live");
  v.field("redis", c.redis, "Redis host:port for store: redis", host_port);
  v.field("fail_open", c.fail_open, "Allow requests when Redis is unreachable");
  v.field("max_keys", c.max_keys, "Local state bound (LRU)", at_least(1));
  v.location(c.at);
}

static bool valid_key_part(const std::string& part) {
  static constexpr std::string_view words[] = {"client_ip", "api_key", "client", "route"};
  for (auto w : words) {
    if (part == w) return true;
  }
  return (part.rfind("header:", 0) == 0 && part.size() > 7) || (part.rfind("claim:", 0) == 0 && part.size() > 6);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, auth_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (out.api_key && out.api_key->keys.empty() && out.api_key->keys_file.empty()) {
    ctx.error(n["api_key"], path + ".api_key", "needs keys or keys_file");
  }
  if (out.jwt && out.jwt->issuers.empty()) ctx.error(n["jwt"], path + ".jwt", "needs at least one issuer");
  if (out.jwt) {
    for (std::size_t i = 0; i < out.jwt->issuers.size(); ++i) {
      const jwt_issuer_config& issuer = out.jwt->issuers[i];
      const std::string at = path + ".jwt.issuers[" + std::to_string(i) + "]";
      const YAML::Node node = n["jwt"]["issuers"][i];
      if (!issuer.jwks_file.empty() && !issuer.jwks_url.empty()) ctx.error(node, at, "give jwks_file or jwks_url, not both");
      if (issuer.jwks_url.rfind("https://", 0) == 0) {
        ctx.error(node["jwks_url"], at + ".jwks_url", "https is not supported (the gateway has no TLS client); use http://IP:PORT/PATH or BACKEND/PATH");
      } else if (!issuer.jwks_url.empty() && issuer.jwks_url.rfind("http://", 0) != 0 && issuer.jwks_url.find('/') == std::string::npos) {
        ctx.error(node["jwks_url"], at + ".jwks_url", "expected http://IP:PORT/PATH or BACKEND/PATH, got '" + issuer.jwks_url + "'");
      }
    }
  }
  if (out.mtls) {
    // An HTTP field name is a token (RFC 9110 §5.1): nothing that could split the upstream head.
    const auto& h = out.mtls->forward_subject;
    const bool token = std::all_of(h.begin(), h.end(), [](unsigned char c) {
      return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    });
    if (!token) ctx.error(n["mtls"]["forward_subject"], path + ".mtls.forward_subject", "not a header name");
  }
  return true;
}

json::object schema_of(schema_tag, const auth_config&) {
  auth_config defaults;
  schema_object s;
  describe(s, defaults);
  return s.finish("Authentication; several methods may be configured");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, rate_limit_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (out.limit_rate.per_second <= 0 && out.limit <= 0) ctx.error(n, path, "needs rate (e.g. 500/s) or limit");
  if (out.where == rate_limit_config::store::redis && out.redis.empty()) {
    ctx.error(n, path + ".redis", "store: redis needs redis: host:port");
  }
  if (out.refill == rate_limit_config::bucket_refill::discrete && (out.fill_tokens <= 0 || out.fill_every.count() <= 0)) {
    ctx.error(n, path, "refill: discrete needs fill_tokens and fill_every");
  }
  const YAML::Node key = n["key"];
  for (std::size_t i = 0; i < out.key.size(); ++i) {
    if (valid_key_part(out.key[i])) continue;
    const YAML::Node at = key.IsSequence() ? key[i] : key;
    ctx.error(at, path + ".key" + (key.IsSequence() ? "[" + std::to_string(i) + "]" : ""),
              "unknown key part '" + out.key[i] + "'; allowed: client_ip, api_key, client, route, header:NAME, claim:NAME");
  }
  return true;
}

json::object schema_of(schema_tag, const rate_limit_config&) {
  rate_limit_config defaults;
  schema_object s;
  describe(s, defaults);
  json::object object = s.finish("Rate limit for this route");
  object["anyOf"] = json::array{{{"required", json::array{"rate"}}}, {{"required", json::array{"limit"}}}};
  return object;
}

}  // namespace portico::core::detail
