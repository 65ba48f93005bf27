#pragma once
// Route matching for one listener. Built once from the listener's config, immutable after, so one
// router may be shared by all proxy threads without locking (match() is const and allocation-free
// except for regex routes, see below).
//
// Match order (documented contract): routes are tried in file order and the FIRST route whose
// conditions all hold wins. Within a route every given condition must hold; cheap checks run
// first: method, host, path (exact | prefix | template | regex — at most one is expected, all
// given ones must hold), then headers, then query parameters.
//   - path: exact string compare; path_prefix: plain prefix (no segment-boundary rule, like
//     Envoy's "prefix"): "/api" matches "/api", "/api/x" and "/apix".
//   - path_template: "/users/{id}" — a {name} segment matches one non-empty segment; a final
//     "{name*}" segment matches the rest of the path (possibly empty). Literal segments compare
//     exactly. Captures are returned in route_match::captures.
//   - path_regex: ECMAScript std::regex over the whole path, compiled once at build time. std::regex
//     is slow (~1 µs+ per match, may allocate): prefer exact/prefix/template. Groups are exposed as
//     captures "1".."9".
//   - host: case-insensitive exact, or "*.example.com" (suffix, at least one label). Port ignored.
//   - methods: any of the list (empty = any). headers/query: name -> exact value, "*" = present.
// Throws std::invalid_argument on a malformed template or regex (config validation normally
// catches these first).
#include "core/config/gateway_config.hpp"
#include "gateway/router/path_captures.hpp"
#include "gateway/router/route_request.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

struct route_match {
  std::size_t route_index = 0;  // index into the listener's routes (and router::route())
  path_captures captures;       // views into the request path
};

class router {
 public:
  explicit router(const core::listener_config& listener);
  ~router();
  router(router&&) noexcept;
  router& operator=(router&&) noexcept;

  // The first matching route, or nullopt (answer 404 with not_found_body()).
  std::optional<route_match> match(const route_request& request) const;

  std::size_t size() const noexcept;
  const core::route_config& route(std::size_t index) const;  // timeout, retries, lb, ...

  // Weighted split (canary): index into route(index).backends chosen with probability
  // weight / total weight, from a caller-supplied uniform 64-bit random number (deterministic in
  // tests). Backends with weight <= 0 are never chosen unless all are; a route without backends
  // returns 0 (check route().backends.empty() first, e.g. for aggregate routes).
  std::size_t pick_backend(std::size_t index, std::uint64_t random) const noexcept;

  // The upstream path for a matched request: rewrite.path (with captures expanded) if set, else
  // the request path with rewrite.strip_prefix removed (when it is a prefix) and add_prefix
  // prepended. An empty result becomes "/". The query string is not included: append it.
  std::string rewrite_path(const route_match& match, std::string_view request_path) const;

 private:
  struct compiled_route;
  std::vector<std::unique_ptr<compiled_route>> routes_;
  std::vector<core::route_config> configs_;
};

// The JSON body of the 404 answer when no route matches:
// {"error":"no_route","message":"no route matches GET /x","method":"GET","path":"/x"} (escaped).
std::string not_found_body(std::string_view method, std::string_view path);

}  // namespace portico::gateway
