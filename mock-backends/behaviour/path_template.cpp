#include "mock-backends/behaviour/path_template.hpp"

#include <stdexcept>

namespace portico::mock {

std::string_view path_captures::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < size_; ++i) {
    if (items_[i].first == name) return items_[i].second;
  }
  return {};
}

bool path_captures::push(std::string_view name, std::string_view value) noexcept {
  if (size_ == capacity) return false;
  items_[size_++] = {name, value};
  return true;
}

namespace {

// Splits "/a/b/c" into "a","b","c"; a trailing slash yields a final empty segment.
template <typename F>
void for_each_segment(std::string_view path, F&& f) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    f(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

path_template::path_template(std::string_view pattern) : pattern_(pattern) {
  if (pattern == "*") {
    match_all_ = true;
    literal_ = false;
    return;
  }
  std::size_t captures = 0;
  for_each_segment(pattern, [&](std::string_view s) {
    if (!segments_.empty() && segments_.back().type == kind::rest) {
      throw std::invalid_argument("'**' must be the last segment of " + pattern_);
    }
    if (s == "*") {
      segments_.push_back({kind::any_segment, {}});
    } else if (s == "**") {
      segments_.push_back({kind::rest, {}});
    } else if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
      if (++captures > 8) throw std::invalid_argument("too many captures in " + pattern_);
      segments_.push_back({kind::capture, std::string(s.substr(1, s.size() - 2))});
    } else if (s.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("a {name} must be a whole path segment in " + pattern_);
    } else {
      segments_.push_back({kind::literal, std::string(s)});
      return;
    }
    literal_ = false;
  });
}

bool path_template::match(std::string_view path, path_captures& captures) const noexcept {
  captures.clear();
  if (match_all_) return true;
  if (literal_) return path == pattern_;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (const auto& seg : segments_) {
    if (seg.type == kind::rest) return true;
    if (path.data() == nullptr) return false;  // ran out of segments
    auto slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    switch (seg.type) {
      case kind::literal:
        if (part != seg.text) return false;
        break;
      case kind::capture:
        if (part.empty() || !captures.push(seg.text, part)) return false;
        break;
      case kind::any_segment:
        if (part.empty()) return false;
        break;
      case kind::rest: break;
    }
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  return path.data() == nullptr;
}

std::vector<std::string> path_template::capture_names() const {
  std::vector<std::string> names;
  for (const auto& seg : segments_) {
    if (seg.type == kind::capture) names.push_back(seg.text);
  }
  return names;
}

}  // namespace portico::mock
