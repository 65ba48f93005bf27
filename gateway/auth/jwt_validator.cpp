#include "gateway/auth/jwt_validator.hpp"

#include "core/util/ascii_case.hpp"
#include "gateway/auth/base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace portico::gateway {
namespace {

namespace json = boost::json;

jwt_error error(std::string code, std::string message) { return {std::move(code), std::move(message)}; }

std::optional<json::object> json_object(std::string_view segment) {
  const auto text = base64url_decode(segment);
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

// A NumericDate (seconds, possibly fractional) as nanoseconds; nullopt if not a sane number.
std::optional<std::int64_t> numeric_date_ns(const json::value& v) {
  double seconds = 0;
  if (v.is_int64()) seconds = static_cast<double>(v.get_int64());
  else if (v.is_uint64()) seconds = static_cast<double>(v.get_uint64());
  else if (v.is_double()) seconds = v.get_double();
  else return std::nullopt;
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 9.0e9) return std::nullopt;  // up to year 2255
  if (v.is_double()) return static_cast<std::int64_t>(std::floor(seconds * 1e9));
  return static_cast<std::int64_t>(seconds) * 1'000'000'000;
}

}  // namespace

struct jwt_validator::issuer {
  issuer(const core::jwt_issuer_config& c, const core::clock& clock, std::size_t i)
      : index(i), name(c.issuer), audiences(c.audiences), keys(c, clock) {}
  std::size_t index;
  std::string name;  // "" accepts any (or no) iss
  std::vector<std::string> audiences;
  std::vector<const jws_algorithm*> algorithms;
  mutable jwt_key_source keys;
};

jwt_validator::jwt_validator(const core::jwt_auth_config& config, const core::clock& clock, core::nanos unix_offset)
    : leeway_(config.leeway), clock_(clock), unix_offset_(unix_offset) {
  for (const auto& c : config.issuers) {
    auto iss = std::make_unique<issuer>(c, clock, issuers_.size());
    for (const std::string& name : c.algorithms) {
      const jws_algorithm* alg = find_jws_algorithm(name);
      if (alg == nullptr) throw std::invalid_argument("auth.jwt: unsupported algorithm '" + name + "'");
      iss->algorithms.push_back(alg);
    }
    if (iss->algorithms.empty()) throw std::invalid_argument("auth.jwt issuer '" + c.issuer + "': empty algorithms allow-list");
    issuers_.push_back(std::move(iss));
  }
}

jwt_validator::~jwt_validator() = default;

const jwt_validator::issuer* jwt_validator::find_issuer(const json::object& claims) const {
  const json::value* iss = claims.if_contains("iss");
  const issuer* any = nullptr;
  for (const auto& i : issuers_) {
    if (i->name.empty()) any = any ? any : i.get();
    else if (iss && iss->is_string() && iss->get_string() == i->name) return i.get();
  }
  return any;
}

jwks_counters jwt_validator::jwks_totals() const {
  jwks_counters sum;
  for (const auto& i : issuers_) {
    const jwks_counters c = i->keys.counters();
    sum.fetches += c.fetches;
    sum.fetch_failures += c.fetch_failures;
    sum.unknown_kid_fetches += c.unknown_kid_fetches;
  }
  return sum;
}

bool jwt_validator::fetches_keys() const noexcept {
  return std::any_of(issuers_.begin(), issuers_.end(), [](const auto& i) { return i->keys.fetches_keys(); });
}

std::variant<verified_jwt, jwt_error> jwt_validator::validate(std::string_view token, bool may_wait) const {
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return error("malformed", "a JWT has three dot-separated segments");
  }
  auto header = json_object(token.substr(0, dot1));
  auto claims = json_object(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = base64url_decode(token.substr(dot2 + 1));
  if (!header || !claims || !signature) {
    return error("malformed", "segments must be unpadded base64url; header and payload JSON objects");
  }
  const json::value* alg_value = header->if_contains("alg");
  if (!alg_value || !alg_value->is_string()) return error("malformed", "the header has no alg");
  const std::string_view alg_name = alg_value->get_string();
  if (core::iequals(alg_name, "none")) return error("unsupported_alg", "unsigned tokens (alg none) are not accepted");
  const jws_algorithm* alg = find_jws_algorithm(alg_name);
  if (alg == nullptr) return error("unsupported_alg", "unsupported alg");
  if (header->contains("crit")) return error("crit", "critical header extensions are not supported");
  const issuer* iss = find_issuer(*claims);
  if (iss == nullptr) return error("wrong_issuer", "the issuer is not trusted");
  if (std::find(iss->algorithms.begin(), iss->algorithms.end(), alg) == iss->algorithms.end()) {
    return error("unsupported_alg", "alg not allowed for this issuer");
  }
  const json::value* kid_value = header->if_contains("kid");
  if (kid_value && !kid_value->is_string()) return error("malformed", "kid must be a string");
  const std::string_view kid = kid_value ? std::string_view(kid_value->get_string()) : std::string_view{};

  const core::time_point now = clock_.now();
  const std::uint64_t generation = iss->keys.generation();  // before the set: see generation()
  auto keys = iss->keys.keys(now);
  // A key without a kid (a secret, a PEM file) may verify any token; one with a kid only tokens
  // naming it.
  const auto named = [&](const jwt_key& k) { return kid.empty() || k.kid.empty() || k.kid == kid; };
  const auto exactly = [&](const jwt_key& k) { return k.kid == kid; };
  if (!kid.empty() && std::none_of(keys->begin(), keys->end(), exactly)) keys = iss->keys.keys_after_miss(now);
  const std::string_view input = token.substr(0, dot2);
  bool any_fit = false;
  for (const jwt_key& k : *keys) {
    if (!named(k) || !key_fits(*alg, k)) continue;
    any_fit = true;
    if (jws_verify(*alg, k, input, *signature)) {
      return check_claims(*iss, {std::move(*header), std::move(*claims), {iss->index, generation, {}, {}}});
    }
  }
  if (!any_fit) {
    jwt_error e = error("unknown_key", "no key of the issuer fits this kid and alg");
    if (may_wait && !kid.empty() && iss->keys.fetches_keys()) e.refreshing = &iss->keys;
    return e;
  }
  return error("bad_signature", "the signature does not verify");
}

std::optional<jwt_error> jwt_validator::check_time(const token_facts& facts, core::time_point at) const {
  const std::int64_t now = (at.since_epoch + unix_offset_).count();
  const std::int64_t leeway = leeway_.count();
  if (facts.expires_ns && now >= *facts.expires_ns + leeway) return error("expired", "the token has expired");
  if (facts.not_before_ns && now + leeway < *facts.not_before_ns) return error("not_yet_valid", "the token is not valid yet");
  return std::nullopt;
}

bool jwt_validator::keys_unchanged(const token_facts& facts, core::time_point now) const {
  if (facts.issuer >= issuers_.size()) return false;
  return issuers_[facts.issuer]->keys.generation(now) == facts.key_generation;
}

std::variant<verified_jwt, jwt_error> jwt_validator::check_claims(const issuer& iss, verified_jwt token) const {
  if (const json::value* exp = token.claims.if_contains("exp")) {
    token.facts.expires_ns = numeric_date_ns(*exp);
    if (!token.facts.expires_ns) return error("malformed", "exp is not a NumericDate");
  }
  if (const json::value* nbf = token.claims.if_contains("nbf")) {
    token.facts.not_before_ns = numeric_date_ns(*nbf);
    if (!token.facts.not_before_ns) return error("malformed", "nbf is not a NumericDate");
  }
  if (auto e = check_time(token.facts, clock_.now())) return std::move(*e);
  if (!iss.audiences.empty()) {
    const json::value* aud = token.claims.if_contains("aud");
    const auto listed = [&](const json::value& v) {
      return v.is_string() && std::find(iss.audiences.begin(), iss.audiences.end(), v.get_string()) != iss.audiences.end();
    };
    const bool ok = aud && (aud->is_array() ? std::any_of(aud->get_array().begin(), aud->get_array().end(), listed) : listed(*aud));
    if (!ok) return error("wrong_audience", "the token is not meant for this audience");
  }
  return token;
}

bool has_scopes(const json::object& claims, const std::vector<std::string>& required) {
  std::vector<std::string_view> granted;
  const auto add_words = [&](std::string_view s) {
    while (!s.empty()) {
      const auto space = s.find(' ');
      if (space != 0) granted.push_back(s.substr(0, space));
      s = space == std::string_view::npos ? std::string_view{} : s.substr(space + 1);
    }
  };
  for (const char* name : {"scope", "scp"}) {
    const json::value* v = claims.if_contains(name);
    if (!v) continue;
    if (v->is_string()) add_words(v->get_string());
    if (v->is_array()) {
      for (const auto& item : v->get_array()) {
        if (item.is_string()) granted.push_back(item.get_string());
      }
    }
  }
  return std::all_of(required.begin(), required.end(), [&](const std::string& r) {
    return std::find(granted.begin(), granted.end(), r) != granted.end();
  });
}

std::string claim_as_text(const json::object& claims, std::string_view name) {
  const json::value* v = claims.if_contains(name);
  if (!v) return {};
  std::string text = v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
  const bool control = std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  return control ? std::string{} : text;
}

}  // namespace portico::gateway
