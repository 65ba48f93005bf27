#include "core/config/loader.hpp"

#include "core/config/overrides.hpp"
#include "core/config/sections.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace portico::core {

namespace {

constexpr std::size_t max_file_bytes = 4 * 1024 * 1024;
constexpr int max_nesting = 64;

// yaml-cpp parses nested collections recursively; refuse input that could exhaust the stack.
// The estimate errs high: flow brackets open at once, plus each line's indentation and the
// block indicators ("- ", "? ", ": ") on it.
bool nested_too_deeply(std::string_view text, int& line_number) {
  int flow = 0;
  line_number = 1;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', line_start), text.size());
    const std::string_view line = text.substr(line_start, end - line_start);
    int block = 0;
    for (std::size_t i = 0; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i) block += line[i] == '\t' ? 8 : 1;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if ((c == '[' || c == '{') && ++flow > max_nesting) return true;
      if ((c == ']' || c == '}') && flow > 0) --flow;
      if ((c == '-' || c == '?' || c == ':') && (i + 1 == line.size() || line[i + 1] == ' ')) ++block;
    }
    if (block > 4 * max_nesting) return true;
    line_start = end + 1;
    ++line_number;
  }
  return false;
}

config_error plain_error(const std::string& file, int line, int column, std::string message) {
  return {{file, line, column}, "", std::move(message)};
}

// Loads one tree (base or one variant) into a scenario, collecting every error.
scenario_config convert(std::string_view yaml, const std::string& file, const std::vector<std::string>& overrides,
                        std::vector<config_error>& errors) {
  scenario_config scenario;
  scenario.file = file;
  if (yaml.size() > max_file_bytes) {
    errors.push_back(plain_error(file, 0, 0, "file larger than 4 MiB"));
    return scenario;
  }
  if (int line = 0; nested_too_deeply(yaml, line)) {
    errors.push_back(plain_error(file, line, 1, "nested too deeply (more than 64 levels)"));
    return scenario;
  }
  detail::read_context ctx;
  ctx.file = file;
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap() && !root.IsNull()) {
      ctx.error(root, "", "the scenario must be a mapping (name:, backends:, gateway:, load:, ...), got " + detail::show(root));
    } else {
      for (const auto& text : overrides) {
        std::string error;
        const auto parsed = detail::parse_override(text, &error);
        if (parsed) error = detail::apply_override(root, *parsed);
        if (!error.empty()) {
          ctx.errors.push_back(plain_error(file, 0, 0, "override '" + text + "': " + error));
          continue;
        }
        ctx.overrides.emplace_back(parsed->path, text);
      }
      detail::read_scenario(ctx, root, scenario);
    }
  } catch (const YAML::ParserException& e) {
    ctx.errors.push_back(plain_error(file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg));
  } catch (const YAML::Exception& e) {
    ctx.errors.push_back(plain_error(file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                                     "cannot read YAML: " + e.msg));
  }
  errors.insert(errors.end(), ctx.errors.begin(), ctx.errors.end());
  return scenario;
}

// Cross-section rules and defaults that need the whole scenario.
void finish(scenario_config& s, std::vector<config_error>& errors) {
  auto& schedule = s.load.schedule;
  if (schedule.size() == 1 && schedule.front().length.count() == 0) schedule.front().length = s.phases.warmup + s.phases.measure;
  std::vector<std::string> routes;
  for (const auto& listener : s.gateway.listeners) {
    for (const auto& route : listener.routes) routes.push_back(route.name);
  }
  auto check_scope = [&](const threshold_config& t, const std::string& path) {
    if (t.scope.empty() || routes.empty() || std::find(routes.begin(), routes.end(), t.scope) != routes.end()) return;
    std::string message = "unknown route '" + t.scope + "'";
    if (auto hint = detail::closest(t.scope, routes); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
    errors.push_back({t.where, path, message});
  };
  for (std::size_t i = 0; i < s.thresholds.size(); ++i) check_scope(s.thresholds[i], "thresholds[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < s.capacity_search.slo.size(); ++i) {
    check_scope(s.capacity_search.slo[i], "capacity_search.slo[" + std::to_string(i) + "]");
  }
}

}  // namespace

load_result load_scenario_text(std::string_view yaml, const std::string& file_name, const std::vector<std::string>& overrides) {
  load_result result;
  scenario_config scenario = convert(yaml, file_name, overrides, result.errors);
  if (!result.errors.empty()) return result;
  finish(scenario, result.errors);
  if (!result.errors.empty()) return result;
  // Each variant must load too; its errors name it (the base loaded cleanly, so all are its own).
  for (const auto& variant : scenario.variants) {
    std::vector<std::string> with_variant = overrides;
    for (const auto& [path, value] : variant.overrides) with_variant.push_back(path + "=" + value);
    std::vector<config_error> errors;
    scenario_config loaded = convert(yaml, file_name, with_variant, errors);
    if (errors.empty()) finish(loaded, errors);
    for (auto& e : errors) {
      e.message = "variant '" + variant.name + "': " + e.message;
      result.errors.push_back(std::move(e));
    }
  }
  if (result.errors.empty()) result.scenario = std::move(scenario);
  return result;
}

load_result load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    load_result result;
    result.errors.push_back(plain_error(path, 0, 0, "cannot open file"));
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path, overrides);
}

std::string scenario_json_schema() {
  detail::json::object schema = detail::scenario_schema();
  detail::json::object root{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                            {"$id", "https://portico.dev/schema/scenario.json"},
                            {"title", "Portico scenario"}};
  for (auto& [key, value] : schema) root[key] = value;
  return detail::pretty_json(root);
}

}  // namespace portico::core
