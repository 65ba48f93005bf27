#pragma once
// What the router (and the LB hash-key helper) may look at in a request: plain string_views into
// the caller's request object, plus a header lookup. Nothing here allocates or owns memory; the
// viewed request must outlive the route_request and every result derived from it.
#include <string_view>

namespace portico::gateway {

// Header lookup supplied by the caller (e.g. over a Beast request: `return req[name];`).
// Contract: `name` compares case-insensitively (RFC 9110 field names); returns "" when absent.
// With repeated fields, returning the first is enough. Must not allocate per call ideally.
class header_view {
 public:
  virtual ~header_view() = default;
  virtual std::string_view get(std::string_view name) const = 0;
};

// A header_view with no headers (for requests or tests that have none).
class no_headers final : public header_view {
 public:
  std::string_view get(std::string_view) const override { return {}; }
};

struct route_request {
  std::string_view method;  // "GET", case-sensitive as RFC 9110 says
  std::string_view host;    // Host header (or :authority); a ":port" suffix is ignored
  std::string_view path;    // origin-form path without the query, not percent-decoded
  std::string_view query;   // raw query string without the leading '?' ("" when none)
  const header_view* headers = nullptr;  // nullptr = no headers

  std::string_view header(std::string_view name) const { return headers ? headers->get(name) : std::string_view{}; }
};

// Splits an origin-form target "/a/b?x=1" into path and query views.
constexpr void split_target(std::string_view target, std::string_view& path, std::string_view& query) noexcept {
  const auto q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

// Value of `name` in a raw query string ("a=1&b=2"), not decoded; nullopt-like "" + found flag.
// Returns true when the parameter is present (with or without '=').
bool find_query_param(std::string_view query, std::string_view name, std::string_view& value) noexcept;

// Value of cookie `name` in a Cookie header ("a=1; b=2"); returns true when present.
bool find_cookie(std::string_view cookie_header, std::string_view name, std::string_view& value) noexcept;

}  // namespace portico::gateway
