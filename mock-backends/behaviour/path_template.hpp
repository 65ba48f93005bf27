#pragma once
// Request-path matching for mock endpoints: literal paths ("/health"), templates with named
// segments ("/users/{id}/orders/{order}"), a "*" segment that matches any one segment, a trailing
// "**" that matches the rest (zero or more segments), and "*" alone, which matches every path.
// The query string is not part of the match (the caller strips it). Built once, then const.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace portico::mock {

// Captured {name} -> segment text; views into the matched path (valid while the path is).
class path_captures {
 public:
  static constexpr std::size_t capacity = 12;  // 8 template captures + built-ins
  std::size_t size() const noexcept { return size_; }
  std::string_view name(std::size_t i) const noexcept { return items_[i].first; }
  std::string_view value(std::size_t i) const noexcept { return items_[i].second; }
  // Empty view when absent.
  std::string_view find(std::string_view name) const noexcept;
  void clear() noexcept { size_ = 0; }
  bool push(std::string_view name, std::string_view value) noexcept;

 private:
  std::array<std::pair<std::string_view, std::string_view>, capacity> items_{};
  std::size_t size_ = 0;
};

class path_template {
 public:
  // Throws std::invalid_argument for templates it cannot honour (more than 8 captures, "**" not
  // last, unbalanced braces) — configuration errors, caught at start-up.
  explicit path_template(std::string_view pattern);

  bool match(std::string_view path, path_captures& captures) const noexcept;
  bool is_literal() const noexcept { return literal_; }
  const std::string& pattern() const noexcept { return pattern_; }
  std::vector<std::string> capture_names() const;

 private:
  enum class kind { literal, capture, any_segment, rest };
  struct segment {
    kind type;
    std::string text;  // literal text or capture name
  };
  std::string pattern_;
  std::vector<segment> segments_;
  bool literal_ = true;
  bool match_all_ = false;
};

}  // namespace portico::mock
