#pragma once
// Internal to core/config: the vocabulary of the field tables. Each model struct has one
// `describe(V& v, T& c)` that lists its fields; V is either the YAML reader (yaml_reader.hpp) or
// the JSON Schema writer (schema_writer.hpp), so the format and its schema cannot drift apart.
// Nothing here knows YAML or JSON.
#include "core/config/backend_config.hpp"
#include "core/config/gateway_config.hpp"
#include "core/config/load_config.hpp"
#include "core/config/policy_config.hpp"
#include "core/config/scenario_config.hpp"

#include <array>
#include <limits>
#include <string_view>
#include <utility>

namespace portico::core::detail {

// Value wrappers for fields whose C++ type does not say how they are written.
struct fraction_ref { double& value; };          // "2%" or 0.02; always 0..100%
struct size_ref { std::uint64_t& value; };       // 512, "4KiB", "1MiB"
struct string_list_ref { std::vector<std::string>& value; };  // "a" or [a, b]
struct json_text_ref { std::string& value; };    // any YAML value, stored as compact JSON text
// A file the scenario needs (certificates, keys): a relative path is taken from the scenario
// file's directory (so a scenario and its files travel together) and must name a readable file.
struct file_ref { std::string& value; };

// Field constraints; the reader checks them, the schema writer states them.
struct bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};
inline bounds at_least(double lo) { return {lo, std::numeric_limits<double>::infinity()}; }
inline bounds between(double lo, double hi) { return {lo, hi}; }
struct positive_t {};                            // durations and rates: > 0
inline constexpr positive_t positive{};
struct backend_ref_t {};                         // the value names a backend of the scenario
inline constexpr backend_ref_t backend_ref{};
struct host_port_t {};                           // "host:port" (port 0..65535) or empty
inline constexpr host_port_t host_port{};
struct url_t {};                                 // "http://..." / "https://..." or empty
inline constexpr url_t url{};

bool is_host_port(std::string_view text);
bool is_url(std::string_view text);

// Enum spellings: enum_table<E>::values lists (name, value) in documentation order.
template <class E> struct enum_table;

#define PORTICO_ENUM_TABLE(E, ...)                                                     \
  template <> struct enum_table<E> {                                                  \
    static constexpr std::pair<std::string_view, E> values[] = {__VA_ARGS__};         \
  }

PORTICO_ENUM_TABLE(lb_algorithm, {"round_robin", lb_algorithm::round_robin},
                   {"weighted_round_robin", lb_algorithm::weighted_round_robin},
                   {"least_request", lb_algorithm::least_request}, {"p2c", lb_algorithm::p2c},
                   {"random", lb_algorithm::random}, {"ring_hash", lb_algorithm::ring_hash},
                   {"maglev", lb_algorithm::maglev});
PORTICO_ENUM_TABLE(route_config::partial_policy, {"fail", route_config::partial_policy::fail},
                   {"return_partial", route_config::partial_policy::return_partial});
PORTICO_ENUM_TABLE(endpoint_config::websocket_mode, {"none", endpoint_config::websocket_mode::none},
                   {"echo", endpoint_config::websocket_mode::echo});
PORTICO_ENUM_TABLE(route_config::merge_mode, {"by_key", route_config::merge_mode::by_key},
                   {"top_level", route_config::merge_mode::top_level});
PORTICO_ENUM_TABLE(rate_limit_config::algorithm,
                   {"fixed_window", rate_limit_config::algorithm::fixed_window},
                   {"sliding_window", rate_limit_config::algorithm::sliding_window},
                   {"token_bucket", rate_limit_config::algorithm::token_bucket},
                   {"leaky_bucket", rate_limit_config::algorithm::leaky_bucket});
PORTICO_ENUM_TABLE(rate_limit_config::sliding_variant, {"log", rate_limit_config::sliding_variant::log},
                   {"counter", rate_limit_config::sliding_variant::counter});
PORTICO_ENUM_TABLE(rate_limit_config::bucket_refill, {"continuous", rate_limit_config::bucket_refill::continuous},
                   {"discrete", rate_limit_config::bucket_refill::discrete});
PORTICO_ENUM_TABLE(rate_limit_config::leaky_variant, {"queue", rate_limit_config::leaky_variant::queue},
                   {"meter", rate_limit_config::leaky_variant::meter});
PORTICO_ENUM_TABLE(rate_limit_config::store, {"local", rate_limit_config::store::local},
                   {"redis", rate_limit_config::store::redis});
PORTICO_ENUM_TABLE(tls_config::client_cert_mode, {"none", tls_config::client_cert_mode::none},
                   {"optional", tls_config::client_cert_mode::optional},
                   {"required", tls_config::client_cert_mode::required});
PORTICO_ENUM_TABLE(load_config::model, {"open", load_config::model::open}, {"closed", load_config::model::closed});
PORTICO_ENUM_TABLE(load_config::arrivals, {"uniform", load_config::arrivals::uniform},
                   {"poisson", load_config::arrivals::poisson});
PORTICO_ENUM_TABLE(event_config::action, {"fail", event_config::action::fail},
                   {"recover", event_config::action::recover}, {"slow", event_config::action::slow},
                   {"unhealthy", event_config::action::unhealthy}, {"healthy", event_config::action::healthy},
                   {"kill", event_config::action::kill}, {"reload", event_config::action::reload});

#undef PORTICO_ENUM_TABLE

template <class E>
concept table_enum = requires { enum_table<E>::values; };

template <class E>
std::string_view enum_name(E value) {
  for (const auto& [name, v] : enum_table<E>::values) {
    if (v == value) return name;
  }
  return "?";
}

// Edit distance (with transpositions), for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate when it is plausibly a typo of `word`, else empty.
template <class Range>
std::string_view closest(std::string_view word, const Range& candidates) {
  std::string_view best;
  if (word.size() > 64) return best;  // not a typo; and keeps the quadratic distance cheap
  // Plausible typos: 1 edit in short words, 2 up to 6 letters, 3 beyond.
  std::size_t best_distance = (word.size() <= 3 ? 1 : word.size() <= 6 ? 2 : 3) + 1;
  for (const auto& c : candidates) {
    const std::string_view candidate{c};
    if (candidate.size() > 2 * word.size() + 8) continue;
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace portico::core::detail
