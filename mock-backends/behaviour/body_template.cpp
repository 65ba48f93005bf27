#include "mock-backends/behaviour/body_template.hpp"

#include "core/util/json_escape.hpp"
#include "mock-backends/behaviour/rng.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace portico::mock {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

std::string default_content_type(core::body_config::kind kind) {
  switch (kind) {
    case core::body_config::kind::empty: return "";
    case core::body_config::kind::text: return "text/plain; charset=utf-8";
    case core::body_config::kind::json: return "application/json";
    case core::body_config::kind::random_bytes: return "application/octet-stream";
    case core::body_config::kind::file: return "application/octet-stream";
  }
  return "";
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view value) { core::append_json_escaped(out, value); }

body_template::body_template(const core::body_config& config, const std::vector<std::string>& names,
                             std::uint64_t seed)
    : min_size_(config.size),
      pad_(config.type == core::body_config::kind::json ? ' ' : '.'),
      json_(config.type == core::body_config::kind::json),
      content_type_(config.content_type.empty() ? default_content_type(config.type) : config.content_type) {
  using kind = core::body_config::kind;
  if (config.type == kind::random_bytes) {
    // Printable so that it survives logs and terminals; seeded so runs are reproducible.
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    rng random(seed);
    std::string bytes(config.size, ' ');
    for (auto& c : bytes) c = alphabet[random() % alphabet.size()];
    parts_.push_back({false, std::move(bytes)});
    min_size_ = 0;
    return;
  }
  if (config.type == kind::empty) return;
  if (config.type == kind::file) {
    // Checked once here so that a typo fails start-up; later read failures answer 500.
    if (!std::ifstream(config.file, std::ios::binary)) throw std::invalid_argument("body.file: cannot read " + config.file);
    file_ = config.file;
    static_ = false;
    min_size_ = 0;
    if (config.content_type.empty() && file_.size() > 5 && file_.compare(file_.size() - 5, 5, ".json") == 0) {
      content_type_ = "application/json";
    }
    return;
  }
  const std::string& text = config.content;
  std::string literal;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      std::size_t j = i + 1;
      while (j < text.size() && is_name_char(text[j])) ++j;
      if (j > i + 1 && j < text.size() && text[j] == '}') {
        std::string name = text.substr(i + 1, j - i - 1);
        if (std::find(names.begin(), names.end(), name) != names.end()) {
          if (!literal.empty()) parts_.push_back({false, std::exchange(literal, {})});
          parts_.push_back({true, std::move(name)});
          static_ = false;
          i = j + 1;
          continue;
        }
      }
    }
    literal += text[i++];
  }
  if (!literal.empty()) parts_.push_back({false, std::move(literal)});
}

bool body_template::render(const path_captures& values, std::string& out) const {
  if (!file_.empty()) {
    std::ifstream in(file_, std::ios::binary);
    if (!in) return false;
    out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
  }
  const std::size_t start = out.size();
  for (const auto& p : parts_) {
    if (!p.placeholder) {
      out += p.text;
    } else if (json_) {
      append_json_escaped(out, values.find(p.text));
    } else {
      out += values.find(p.text);
    }
  }
  const std::size_t written = out.size() - start;
  if (written < min_size_) out.append(min_size_ - written, pad_);
  return true;
}

std::string body_template::render_static() const {
  std::string out;
  render(path_captures{}, out);
  return out;
}

}  // namespace portico::mock
