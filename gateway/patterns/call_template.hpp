#pragma once
// The template syntax of aggregation and composition call paths (documented in
// core/config/scenario_format.md):
//   {id}            a capture of the route's path template ("/dash/{id}"), inserted as matched
//   {user.id}       member `id` of the JSON answer of the earlier composition step `user`
//   {user.items.0.sku}  members by name, array elements by index, any depth
// JSON strings, numbers and booleans are inserted percent-encoded (RFC 3986 unreserved kept), so
// an answer cannot inject '/', '?' or '&' into the next call. A name that does not resolve (or
// resolves to an object, array or null) is an error: the step is not sent.
//
// Pure functions; thread-safe.
#include "gateway/router/path_captures.hpp"

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>

namespace portico::gateway::patterns {

struct expanded_template {
  std::string text;
  std::string unresolved;  // first placeholder that did not resolve; empty on success
  bool ok() const noexcept { return unresolved.empty(); }
};

using step_answers = std::map<std::string, boost::json::value, std::less<>>;

expanded_template expand_call_template(std::string_view pattern, const path_captures& captures,
                                       const step_answers& steps = {});

// Percent-encodes every byte outside RFC 3986 "unreserved".
void append_percent_encoded(std::string& out, std::string_view value);

}  // namespace portico::gateway::patterns
