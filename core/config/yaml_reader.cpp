#include "core/config/object_reader.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace portico::core::detail {

namespace {

constexpr std::size_t max_errors = 200;
constexpr int max_json_depth = 32;

bool starts_with_path(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

template <class Int>
bool parse_integer(const YAML::Node& n, Int& out) {
  if (!is_plain(n)) return false;
  const std::string& s = n.Scalar();
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && begin != end;
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty() || s.find_first_of(" \t\n") != std::string::npos) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(out) && s.find_first_of("xXnN") == std::string::npos;
}

boost::json::value to_json(read_context& ctx, const YAML::Node& n, const std::string& path, int depth) {
  if (depth > max_json_depth) {
    ctx.error(n, path, "nested deeper than " + std::to_string(max_json_depth) + " levels");
    return nullptr;
  }
  if (!ctx.spend(n, path)) return nullptr;
  if (n.IsMap()) {
    boost::json::object o;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) {
        ctx.error(it->first, path, "JSON object keys must be scalars");
        continue;
      }
      o[it->first.Scalar()] = to_json(ctx, it->second, path + "." + it->first.Scalar(), depth + 1);
    }
    return o;
  }
  if (n.IsSequence()) {
    boost::json::array a;
    for (std::size_t i = 0; i < n.size(); ++i) a.push_back(to_json(ctx, n[i], path + "[" + std::to_string(i) + "]", depth + 1));
    return a;
  }
  if (!n.IsScalar() || (is_plain(n) && (n.Scalar() == "null" || n.Scalar() == "~"))) return nullptr;
  const std::string& s = n.Scalar();
  if (is_plain(n)) {
    if (s == "true" || s == "false") return s == "true";
    std::int64_t i = 0;
    if (parse_integer(n, i)) return i;
    double d = 0;
    if (parse_double(s, d)) return d;
  }
  return boost::json::string(s);
}

}  // namespace

source_location read_context::where(const YAML::Node& at) const {
  source_location loc{file, 0, 0};
  if (at.IsDefined() && !at.Mark().is_null()) {
    loc.line = at.Mark().line + 1;
    loc.column = at.Mark().column + 1;
  }
  return loc;
}

void read_context::error(const YAML::Node& at, const std::string& path, std::string message) {
  if (errors.size() > max_errors) return;
  if (errors.size() == max_errors) {
    errors.push_back({{file, 0, 0}, "", "too many errors; stopped reporting"});
    return;
  }
  source_location loc = where(at);
  // A value set by an override has no position in the file: name the override instead.
  for (const auto& [override_path, text] : overrides) {
    if (starts_with_path(path, override_path)) {
      loc.line = loc.column = 0;
      message += " (set by override '" + text + "')";
      break;
    }
  }
  errors.push_back({loc, path, std::move(message)});
}

bool read_context::spend(const YAML::Node& at, const std::string& path) {
  if (budget == 0) return false;
  if (--budget == 0) error(at, path, "document too large to read (aliases expanding too far?)");
  return budget > 0;
}

YAML::Node child(const YAML::Node& n, std::string_view key) {
  if (!n.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string show(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a sequence";
  std::string s = node.Scalar();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return "'" + s + "'";
}

bool is_plain(const YAML::Node& node) { return node.IsScalar() && node.Tag() != "!"; }

bool expect_map(read_context& ctx, const YAML::Node& n, const std::string& path) {
  if (n.IsMap()) return true;
  ctx.error(n, path, "expected a mapping, got " + show(n));
  return false;
}

bool expect_sequence(read_context& ctx, const YAML::Node& n, const std::string& path) {
  if (n.IsSequence()) return true;
  ctx.error(n, path, "expected a sequence, got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, bool& out) {
  if (is_plain(n) && (n.Scalar() == "true" || n.Scalar() == "false")) {
    out = n.Scalar() == "true";
    return true;
  }
  ctx.error(n, path, "expected true or false, got " + show(n));
  return false;
}

#define PORTICO_READ_INTEGER(T)                                                      \
  bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, T& out) { \
    if (parse_integer(n, out)) return true;                                          \
    ctx.error(n, path, "expected an integer, got " + show(n));                       \
    return false;                                                                    \
  }
PORTICO_READ_INTEGER(int)
PORTICO_READ_INTEGER(std::int64_t)
PORTICO_READ_INTEGER(std::uint64_t)
#undef PORTICO_READ_INTEGER

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, double& out) {
  if (is_plain(n) && parse_double(n.Scalar(), out)) return true;
  ctx.error(n, path, "expected a number, got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::string& out) {
  if (n.IsScalar()) {
    out = n.Scalar();
    return true;
  }
  ctx.error(n, path, "expected a string, got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, file_ref out) {
  std::string text;
  if (!read_value(ctx, n, path, text)) return false;
  if (text.empty()) {
    ctx.error(n, path, "expected a file path, got an empty string");
    return false;
  }
  std::filesystem::path file(text);
  // "<inline>" and the like name no directory: relative paths then stay relative to the cwd.
  if (file.is_relative() && !ctx.file.empty() && ctx.file.front() != '<') file = std::filesystem::path(ctx.file).parent_path() / file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec) || !std::ifstream(file).good()) {
    ctx.error(n, path, "cannot read file '" + file.string() + "'");
    return false;
  }
  out.value = file.string();
  return true;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::chrono::nanoseconds& out) {
  if (n.IsScalar()) {
    if (auto d = parse_duration(n.Scalar())) {
      out = *d;
      return true;
    }
  }
  ctx.error(n, path, "expected a duration like 250ms, 10s, 2m, 1.5s (units ns us ms s m h), got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, rate& out) {
  if (n.IsScalar()) {
    if (auto r = parse_rate(n.Scalar())) {
      out = *r;
      return true;
    }
  }
  ctx.error(n, path, "expected a rate like 500/s or 30000/m, got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, fraction_ref out) {
  if (n.IsScalar()) {
    if (auto f = parse_fraction(n.Scalar())) {
      if (*f > 1) {
        ctx.error(n, path, "must be between 0% and 100% (got " + show(n) + ")");
        return false;
      }
      out.value = *f;
      return true;
    }
  }
  ctx.error(n, path, "expected a percentage like 2% or a fraction like 0.02, got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, size_ref out) {
  if (n.IsScalar()) {
    if (auto s = parse_size(n.Scalar())) {
      out.value = *s;
      return true;
    }
  }
  ctx.error(n, path, "expected a size like 512, 4KiB, 1MiB or 10KB, got " + show(n));
  return false;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, string_list_ref out) {
  out.value.clear();
  if (n.IsScalar()) {
    out.value.push_back(n.Scalar());
    return true;
  }
  return read_value(ctx, n, path, out.value);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, json_text_ref out) {
  const std::size_t errors_before = ctx.errors.size();
  const boost::json::value v = to_json(ctx, n, path, 0);
  out.value = boost::json::serialize(v);
  return ctx.errors.size() == errors_before;
}

YAML::Node object_reader::find(std::string_view key) const {
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

void object_reader::finish() {
  std::set<std::string, std::less<>> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      ctx_.error(key, path_, "keys must be plain words, got " + show(key));
      continue;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      ctx_.error(key, child_path(name), "duplicate key '" + name + "'");
      continue;
    }
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string message = "unknown key '" + name + "'";
    if (auto hint = closest(name, known_); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
    ctx_.error(key, child_path(name), message);
  }
}

void object_reader::check(const YAML::Node& n, const std::string& path, const std::string& value, backend_ref_t) {
  if (ctx_.backend_names.count(value) != 0) return;
  std::string message = "unknown backend '" + value + "'";
  if (auto hint = closest(value, ctx_.backend_names); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
  if (ctx_.backend_names.empty()) message += "; the scenario defines no backends";
  ctx_.error(n, path, message);
}

std::string object_reader::range_message(const bounds& b, const YAML::Node& n) {
  auto number = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  if (std::isinf(b.hi)) return "must be at least " + number(b.lo) + " (got " + show(n) + ")";
  if (std::isinf(b.lo)) return "must be at most " + number(b.hi) + " (got " + show(n) + ")";
  return "must be between " + number(b.lo) + " and " + number(b.hi) + " (got " + show(n) + ")";
}

bool is_host_port(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size() || text.size() - colon > 6) return false;
  unsigned port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  return port <= 65535;
}

bool is_url(std::string_view text) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (text.substr(0, scheme.size()) == scheme && text.size() > scheme.size()) return true;
  }
  return false;
}

// Optimal string alignment distance: Levenshtein plus transposition of neighbours ("usres").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace portico::core::detail
