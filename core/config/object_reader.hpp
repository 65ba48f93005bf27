#pragma once
// Internal to core/config: `object_reader` is the visitor a `describe(V&, T&)` field table is run
// with to read one YAML mapping into a struct (schema_writer.hpp's schema_object is the other).
#include "core/config/yaml_reader.hpp"

namespace portico::core::detail {

class object_reader;

template <class T>
concept described = requires(object_reader& r, T& value) { describe(r, value); };

// Reads one mapping through a field table; finish() reports keys the table did not name.
class object_reader {
 public:
  static constexpr bool reading = true;

  object_reader(read_context& ctx, const YAML::Node& node, std::string path)
      : ctx_(ctx), node_(node), path_(std::move(path)) {}

  template <class T, class... C>
  void field(std::string_view key, T&& value, std::string_view /*doc*/, const C&... constraints) {
    known_.emplace_back(key);
    const YAML::Node node = find(key);
    if (!node) return;
    const std::string path = child_path(key);
    if (read_value(ctx_, node, path, value)) (check(node, path, value, constraints), ...);
  }
  template <class T, class... C>
  void required(std::string_view key, T&& value, std::string_view doc, const C&... constraints) {
    if (!find(key)) ctx_.error(node_, path_, "missing required field '" + std::string(key) + "'");
    field(key, std::forward<T>(value), doc, constraints...);
  }
  // A section's `enabled` flag: a present section is on unless it says `enabled: false`.
  void presence_flag(std::string_view key, bool& value, std::string_view doc) {
    value = true;
    field(key, value, doc);
  }
  void location(source_location& where) const { where = ctx_.where(node_); }
  void skip(std::string_view key) { known_.emplace_back(key); }  // allowed, read by the caller

  YAML::Node find(std::string_view key) const;  // invalid/undefined node when absent
  bool has(std::string_view key) const { return static_cast<bool>(find(key)); }
  std::string child_path(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }
  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  read_context& context() const { return ctx_; }
  void finish();  // unknown keys (with a suggestion), duplicate keys

 private:
  template <class T>
  void check(const YAML::Node& n, const std::string& path, const T& value, const bounds& b) {
    const double v = as_number(value);
    if (v < b.lo || v > b.hi) ctx_.error(n, path, range_message(b, n));
  }
  template <class T>
  void check(const YAML::Node& n, const std::string& path, const T& value, positive_t) {
    if (as_number(value) <= 0) ctx_.error(n, path, "must be greater than zero (got " + show(n) + ")");
  }
  void check(const YAML::Node& n, const std::string& path, const std::string& value, backend_ref_t);
  void check(const YAML::Node& n, const std::string& path, const std::string& value, host_port_t) {
    if (!value.empty() && !is_host_port(value)) ctx_.error(n, path, "expected host:port like 127.0.0.1:8080, got " + show(n));
  }
  void check(const YAML::Node& n, const std::string& path, const std::string& value, url_t) {
    if (!value.empty() && !is_url(value)) ctx_.error(n, path, "expected a URL like http://127.0.0.1:8080, got " + show(n));
  }

  template <class T> static double as_number(const T& v) { return static_cast<double>(v); }
  static double as_number(const std::chrono::nanoseconds& v) { return static_cast<double>(v.count()); }
  static double as_number(const rate& v) { return v.per_second; }
  static double as_number(const fraction_ref& v) { return v.value; }
  static double as_number(const size_ref& v) { return static_cast<double>(v.value); }
  static std::string range_message(const bounds& b, const YAML::Node& n);

  read_context& ctx_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

// Reads a mapping through T's field table. Custom read_value overloads call it and then add
// what a table cannot say (shorthand forms, cross-field rules).
template <described T>
bool read_object(read_context& ctx, const YAML::Node& n, const std::string& path, T& out) {
  if (n.IsNull()) return true;  // "section:" with nothing under it keeps the defaults
  if (!expect_map(ctx, n, path)) return false;
  object_reader r(ctx, n, path);
  describe(r, out);
  r.finish();
  return true;
}

template <described T>
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, T& out) {
  return read_object(ctx, n, path, out);
}

}  // namespace portico::core::detail
