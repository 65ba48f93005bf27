#pragma once
// A mock endpoint's response body: literal text with {name} placeholders filled per request from
// path captures and built-in variables, then padded to the configured minimum size. Built once,
// then const; render() is thread-safe.
//
// A placeholder is '{' identifier '}' with identifier [A-Za-z0-9_.]+, so JSON braces ({"a": 1})
// stay literal. Names that are neither a capture of the endpoint's path nor a variable passed to
// the constructor stay literal too. In JSON bodies substituted values are JSON-string-escaped.
// Padding: JSON gets trailing spaces (still valid JSON), text gets '.'; random_bytes is an exact
// size of seeded pseudo-random printable bytes. A file body is the file's bytes, read on every
// render (no placeholders, no padding), so that rewriting the file changes the answer.
#include "core/config/backend_config.hpp"
#include "mock-backends/behaviour/path_template.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::mock {

class body_template {
 public:
  // names: the placeholders that may be filled (path captures and built-ins such as "instance").
  body_template(const core::body_config& config, const std::vector<std::string>& names, std::uint64_t seed);

  // True when the body is the same for every request: render once and reuse the bytes.
  bool is_static() const noexcept { return static_; }
  const std::string& content_type() const noexcept { return content_type_; }

  // Appends the body to out. values: (name, value) pairs, looked up by placeholder name. False
  // (nothing appended) when a file body cannot be read.
  bool render(const path_captures& values, std::string& out) const;
  std::string render_static() const;

 private:
  struct part {
    bool placeholder;
    std::string text;  // literal text, or the placeholder's name
  };
  std::vector<part> parts_;
  std::string file_;  // non-empty: a file body
  std::uint64_t min_size_ = 0;
  char pad_ = ' ';
  bool json_ = false;
  bool static_ = true;
  std::string content_type_;
};

// Appends value to out as the inside of a JSON string (quotes not included).
void append_json_escaped(std::string& out, std::string_view value);

}  // namespace portico::mock
