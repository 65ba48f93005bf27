#pragma once
// A compiled path template: "/users/{id}/orders/{rest*}". Segments are literal, "{name}" (one
// non-empty segment) or, last only, "{name*}" (the rest of the path, possibly empty, slashes
// included). Immutable after construction; match() does not allocate.
#include "gateway/router/path_captures.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

class path_template {
 public:
  // Throws std::invalid_argument when the pattern does not start with '/', a brace is unbalanced,
  // a segment mixes literal text and a capture, a name is empty/duplicated, a "{x*}" is not last,
  // or there are more than path_captures::capacity captures.
  explicit path_template(std::string pattern);

  // Whole-path match; on success appends the captures (views into `path`).
  bool match(std::string_view path, path_captures& captures) const noexcept;
  const std::string& pattern() const noexcept { return pattern_; }

 private:
  struct segment {
    enum class kind { literal, capture, rest } type = kind::literal;
    std::string text;  // literal text or capture name
  };
  bool match_segments(std::string_view path, path_captures& captures) const noexcept;

  std::string pattern_;
  std::vector<segment> segments_;
};

}  // namespace portico::gateway
