#include "gateway/router/path_template.hpp"

#include <stdexcept>

namespace portico::gateway {

path_template::path_template(std::string pattern) : pattern_(std::move(pattern)) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument("path template \"" + pattern_ + "\": " + why);
  };
  if (pattern_.empty() || pattern_.front() != '/') fail("must start with '/'");
  std::string_view rest = std::string_view(pattern_).substr(1);
  std::size_t captures = 0;
  for (;;) {
    const auto slash = rest.find('/');
    const auto text = rest.substr(0, slash);
    segment seg;
    const bool opens = text.find('{') != std::string_view::npos, closes = text.find('}') != std::string_view::npos;
    if (opens || closes) {
      if (text.size() < 3 || text.front() != '{' || text.back() != '}' || text.find('{', 1) != std::string_view::npos ||
          text.find('}') != text.size() - 1)
        fail("a capture must be a whole segment \"{name}\"");
      auto name = text.substr(1, text.size() - 2);
      seg.type = segment::kind::capture;
      if (name.back() == '*') {
        name.remove_suffix(1);
        seg.type = segment::kind::rest;
        if (slash != std::string_view::npos) fail("\"{" + std::string(name) + "*}\" must be the last segment");
      }
      if (name.empty()) fail("empty capture name");
      for (const auto& s : segments_)
        if (s.type != segment::kind::literal && s.text == name) fail("duplicate capture \"" + std::string(name) + "\"");
      if (++captures > path_captures::capacity) fail("too many captures");
      seg.text = std::string(name);
    } else {
      seg.text = std::string(text);
    }
    segments_.push_back(std::move(seg));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
}

bool path_template::match(std::string_view path, path_captures& captures) const noexcept {
  // Undo partial captures on failure so a failed route leaves no trace for the next one.
  const auto first_capture = captures.size();
  if (match_segments(path, captures)) return true;
  while (captures.size() > first_capture) captures.pop_back();
  return false;
}

bool path_template::match_segments(std::string_view path, path_captures& captures) const noexcept {
  if (path.empty() || path.front() != '/') return false;
  std::string_view rest = path.substr(1);
  bool done = false;  // the path has no more segments
  for (const auto& seg : segments_) {
    if (seg.type == segment::kind::rest) {
      // "/files/{p*}" matches "/files/", "/files/a/b" and, with nothing left, "/files".
      captures.add(seg.text, done ? std::string_view{} : rest);
      return true;
    }
    if (done) return false;
    const auto slash = rest.find('/');
    const auto text = rest.substr(0, slash);
    if (slash == std::string_view::npos) done = true;
    else rest.remove_prefix(slash + 1);
    if (seg.type == segment::kind::literal) {
      if (text != seg.text) return false;
    } else {
      if (text.empty()) return false;
      captures.add(seg.text, text);
    }
  }
  return done;
}

}  // namespace portico::gateway
