// variants: runs to compare, each a set of overrides on the base scenario. Forms:
//   variants: [{name: rr, set: {gateway.listeners[0].routes[0].lb: round_robin}}, ...]
//   variants: {named: [...], matrix: {PATH: [v1, v2], PATH2: [w1, w2]}}
// A matrix expands to the cartesian product, the first path varying slowest, each named by the
// last path segments: "lb=p2c,algorithm=token_bucket". Values are kept as YAML text.
#include "core/config/sections.hpp"

#include <algorithm>
#include <set>

namespace portico::core::detail {

namespace {

constexpr int max_depth = 16;
constexpr std::size_t max_variants = 256;  // each is loaded again to be validated

bool plain_safe(const std::string& s) {
  return !s.empty() && s.find_first_of(",[]{}:#&*!|>'\"%@`\n") == std::string::npos && s.front() != ' ' && s.back() != ' ' &&
         s.front() != '-' && s.front() != '?';
}

// YAML flow text that parses back to the same node (quoted when needed).
bool to_flow(const YAML::Node& n, std::string& out, int depth) {
  if (depth > max_depth || out.size() > 64 * 1024) return false;
  if (n.IsMap() || n.IsSequence()) {
    out += n.IsMap() ? "{" : "[";
    bool first = true;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      if (n.IsMap()) {
        if (!to_flow(it->first, out, depth + 1)) return false;
        out += ": ";
        if (!to_flow(it->second, out, depth + 1)) return false;
      } else if (!to_flow(*it, out, depth + 1)) {
        return false;
      }
    }
    out += n.IsMap() ? "}" : "]";
    return true;
  }
  if (!n.IsScalar()) {
    out += "null";
    return true;
  }
  const std::string& s = n.Scalar();
  if (is_plain(n) && plain_safe(s)) {
    out += s;
    return true;
  }
  out += '"';
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  out += '"';
  return true;
}

std::string last_segment(const std::string& path) {
  std::string s = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
  return s.substr(0, s.find('['));
}

void read_named(read_context& ctx, const YAML::Node& n, const std::string& path, std::vector<variant_config>& out) {
  if (!expect_sequence(ctx, n, path)) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const YAML::Node item = n[i];
    if (!expect_map(ctx, item, item_path)) continue;
    variant_config variant;
    object_reader r(ctx, item, item_path);
    r.required("name", variant.name, "");
    r.skip("set");  // read below, as YAML text
    r.finish();
    const YAML::Node set = item["set"];
    if (set && expect_map(ctx, set, item_path + ".set")) {
      for (auto it = set.begin(); it != set.end(); ++it) {
        std::string text;
        if (!it->first.IsScalar() || !to_flow(it->second, text, 0)) {
          ctx.error(it->first, item_path + ".set", "expected PATH: VALUE with a value nested at most 16 deep");
          continue;
        }
        variant.overrides[it->first.Scalar()] = text;
      }
    }
    out.push_back(std::move(variant));
  }
}

void read_matrix(read_context& ctx, const YAML::Node& n, const std::string& path, std::vector<variant_config>& out) {
  if (!expect_map(ctx, n, path)) return;
  std::vector<variant_config> product{variant_config{}};
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    const std::string axis_path = path + "." + key;
    const YAML::Node values = it->second;
    if (!expect_sequence(ctx, values, axis_path)) continue;
    if (values.size() == 0 || product.size() * values.size() > 256) {
      ctx.error(values, axis_path, "a matrix axis needs 1 or more values, and at most 256 variants in all");
      return;
    }
    std::vector<variant_config> next;
    for (const auto& base : product) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        std::string text;
        if (!to_flow(values[i], text, 0)) {
          ctx.error(values[i], axis_path + "[" + std::to_string(i) + "]", "value nested more than 16 deep");
          return;
        }
        variant_config v = base;
        v.name += (v.name.empty() ? "" : ",") + last_segment(key) + "=" + text;
        v.overrides[key] = text;
        next.push_back(std::move(v));
      }
    }
    product = std::move(next);
  }
  if (product.size() == 1 && product.front().overrides.empty()) return;
  out.insert(out.end(), product.begin(), product.end());
}

}  // namespace

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, variants_ref out) {
  if (n.IsSequence()) {
    read_named(ctx, n, path, out.value);
  } else if (expect_map(ctx, n, path)) {
    object_reader r(ctx, n, path);
    r.skip("named");
    r.skip("matrix");
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      if (it->first.Scalar() == "named") read_named(ctx, it->second, path + ".named", out.value);
      if (it->first.Scalar() == "matrix") read_matrix(ctx, it->second, path + ".matrix", out.value);
    }
    r.finish();
  }
  std::set<std::string> names;
  for (const auto& v : out.value) {
    if (!names.insert(v.name).second) ctx.error(n, path, "duplicate variant name '" + v.name + "'");
  }
  if (out.value.size() > max_variants) {
    ctx.error(n, path, "more than " + std::to_string(max_variants) + " variants");
    out.value.resize(max_variants);
  }
  return true;
}

json::object schema_of(schema_tag, const variants_ref&) {
  const json::object named{
      {"type", "array"},
      {"items",
       {{"type", "object"},
        {"properties",
         {{"name", {{"type", "string"}, {"description", "Variant name (--variant NAME)"}}},
          {"set", {{"type", "object"}, {"description", "PATH: VALUE overrides, e.g. gateway.listeners[0].routes[0].lb: p2c"}}}}},
        {"required", json::array{"name"}},
        {"additionalProperties", false}}}};
  const json::object matrix{{"type", "object"},
                            {"description", "PATH: [values]; expands to the cartesian product"},
                            {"additionalProperties", {{"type", "array"}, {"minItems", 1}}}};
  return one_of({named,
                 {{"type", "object"},
                  {"properties", {{"named", named}, {"matrix", matrix}}},
                  {"additionalProperties", false}}},
                "Named variants (a list), or {named: [...], matrix: {...}}");
}

}  // namespace portico::core::detail
