// results.json <-> results model. Each struct's fields are listed once (fields() below) and
// drive both the writer and the reader, so a field cannot be written and then forgotten on read.
// Reading: unknown keys are ignored (forward compatibility), missing keys keep their defaults,
// a wrong type is an error naming its JSON path ("variants[0].phases[1].overall.counts.sent").
// Integers are written and read as int64/uint64, never through double; doubles round-trip
// exactly (shortest form on write, parse_json_exact on read). Non-finite doubles, which JSON
// cannot hold, are written as null and read back as NaN.
#include "core/results/results_json.hpp"

#include "core/results/json_exact.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace portico::core {
namespace {

namespace json = boost::json;

template <class S, class T>
concept fields_of = std::is_same_v<std::remove_const_t<S>, T>;

// clang-format off
template <fields_of<percentile_value> S, class F> void fields(S& s, F&& f) {
  f("percentile", s.percentile); f("value_ns", s.value_ns);
}
template <fields_of<latency_summary> S, class F> void fields(S& s, F&& f) {
  f("count", s.count); f("out_of_range", s.out_of_range); f("min_ns", s.min_ns);
  f("max_ns", s.max_ns); f("mean_ns", s.mean_ns); f("stddev_ns", s.stddev_ns);
  f("percentiles", s.percentiles); f("histogram", s.histogram);
}
template <fields_of<request_counts> S, class F> void fields(S& s, F&& f) {
  f("sent", s.sent); f("completed", s.completed); f("errors", s.errors);
  f("errors_by_kind", s.errors_by_kind); f("error_examples", s.error_examples); f("status", s.status);
}
template <fields_of<stream_result> S, class F> void fields(S& s, F&& f) {
  f("name", s.name); f("counts", s.counts); f("corrected", s.corrected);
  f("uncorrected", s.uncorrected);
}
template <fields_of<timeline_point> S, class F> void fields(S& s, F&& f) {
  f("second", s.second); f("sent", s.sent); f("completed", s.completed); f("errors", s.errors);
  f("non_2xx", s.non_2xx); f("p50_ns", s.p50_ns); f("p90_ns", s.p90_ns); f("p99_ns", s.p99_ns);
  f("max_ns", s.max_ns);
}
template <fields_of<component_result> S, class F> void fields(S& s, F&& f) {
  f("kind", s.kind); f("name", s.name); f("counters", s.counters); f("latency", s.latency);
}
template <fields_of<event_record> S, class F> void fields(S& s, F&& f) {
  f("at_ns", s.at_ns); f("source", s.source); f("what", s.what);
}
template <fields_of<phase_result> S, class F> void fields(S& s, F&& f) {
  f("name", s.name); f("duration_ns", s.duration_ns); f("model", s.model);
  f("connections", s.connections); f("intended_rate", s.intended_rate);
  f("achieved_rate", s.achieved_rate); f("throughput", s.throughput);
  f("late_sends", s.late_sends); f("max_send_lag_ns", s.max_send_lag_ns);
  f("overall", s.overall); f("requests", s.requests); f("components", s.components);
  f("timeline", s.timeline);
}
template <fields_of<threshold_result> S, class F> void fields(S& s, F&& f) {
  f("text", s.text); f("scope", s.scope); f("actual", s.actual); f("passed", s.passed);
}
template <fields_of<variant_result> S, class F> void fields(S& s, F&& f) {
  f("name", s.name); f("overrides", s.overrides); f("phases", s.phases);
  f("thresholds", s.thresholds); f("events", s.events);
}
template <fields_of<capacity_point> S, class F> void fields(S& s, F&& f) {
  f("rate", s.rate); f("throughput", s.throughput); f("error_rate", s.error_rate);
  f("p50_ns", s.p50_ns); f("p99_ns", s.p99_ns); f("passed", s.passed);
}
template <fields_of<capacity_result> S, class F> void fields(S& s, F&& f) {
  f("slo", s.slo); f("points", s.points); f("knee_rate", s.knee_rate);
}
template <fields_of<run_result> S, class F> void fields(S& s, F&& f) {
  f("schema", s.schema); f("tool_version", s.tool_version); f("scenario", s.scenario);
  f("scenario_file", s.scenario_file); f("seed", s.seed); f("started_at", s.started_at);
  f("environment", s.environment); f("variants", s.variants); f("capacity", s.capacity);
}
// clang-format on

template <class T>
concept has_fields = requires(T& t) { fields(t, [](const char*, auto&) {}); };

// Every overload declared first: the container templates call the record ones and vice versa.
json::value to_json(const std::string& s);
json::value to_json(bool b);
json::value to_json(double d);
template <std::integral T> json::value to_json(T v);
template <class T> json::value to_json(const std::vector<T>& items);
template <class K, class T> json::value to_json(const std::map<K, T>& items);
template <has_fields T> json::value to_json(const T& s);
void from_json(const json::value& v, std::string& out, const std::string& path);
void from_json(const json::value& v, bool& out, const std::string& path);
void from_json(const json::value& v, double& out, const std::string& path);
template <std::integral T> void from_json(const json::value& v, T& out, const std::string& path);
template <class T> void from_json(const json::value& v, std::vector<T>& out, const std::string& path);
template <class K, class T>
void from_json(const json::value& v, std::map<K, T>& out, const std::string& path);
template <has_fields T> void from_json(const json::value& v, T& out, const std::string& path);

// ---- writing

json::value to_json(const std::string& s) { return json::value(s); }
json::value to_json(bool b) { return json::value(b); }
json::value to_json(double d) { return std::isfinite(d) ? json::value(d) : json::value(nullptr); }
template <std::integral T>
json::value to_json(T v) {
  if constexpr (std::is_signed_v<T>) return json::value(static_cast<std::int64_t>(v));
  else return json::value(static_cast<std::uint64_t>(v));
}
template <class T>
json::value to_json(const std::vector<T>& items) {
  json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}
template <class K, class T>
json::value to_json(const std::map<K, T>& items) {
  json::object out;
  for (const auto& [key, item] : items) {
    if constexpr (std::is_same_v<K, std::string>) out[key] = to_json(item);
    else out[std::to_string(key)] = to_json(item);
  }
  return out;
}
template <has_fields T>
json::value to_json(const T& s) {
  json::object out;
  fields(s, [&](const char* key, const auto& value) { out[key] = to_json(value); });
  return out;
}

// ---- reading

struct path_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw path_error((path.empty() ? std::string("(root)") : path) + ": " + what);
}

void from_json(const json::value& v, std::string& out, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string");
  out.assign(v.get_string().data(), v.get_string().size());
}
void from_json(const json::value& v, bool& out, const std::string& path) {
  if (!v.is_bool()) fail(path, "expected true or false");
  out = v.get_bool();
}
void from_json(const json::value& v, double& out, const std::string& path) {
  if (v.is_double()) out = v.get_double();
  else if (v.is_int64()) out = static_cast<double>(v.get_int64());
  else if (v.is_uint64()) out = static_cast<double>(v.get_uint64());
  else if (v.is_null()) out = std::numeric_limits<double>::quiet_NaN();
  else fail(path, "expected a number");
}
template <std::integral T>
void from_json(const json::value& v, T& out, const std::string& path) {
  if (!v.is_int64() && !v.is_uint64()) fail(path, "expected an integer");
  const bool fits = v.is_int64() ? std::in_range<T>(v.get_int64()) : std::in_range<T>(v.get_uint64());
  if (!fits) fail(path, "integer out of range");
  out = v.is_int64() ? static_cast<T>(v.get_int64()) : static_cast<T>(v.get_uint64());
}
template <class T>
void from_json(const json::value& v, std::vector<T>& out, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array");
  out.clear();
  const auto& items = v.get_array();
  out.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    from_json(items[i], out[i], path + "[" + std::to_string(i) + "]");
}
template <class K, class T>
void from_json(const json::value& v, std::map<K, T>& out, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object");
  out.clear();
  for (const auto& [key_view, item] : v.get_object()) {
    const std::string key(key_view.data(), key_view.size());
    const auto item_path = path + "." + key;
    if constexpr (std::is_same_v<K, std::string>) {
      from_json(item, out[key], item_path);
    } else {
      K number{};
      const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), number);
      if (ec != std::errc() || end != key.data() + key.size()) fail(item_path, "key is not an integer");
      from_json(item, out[number], item_path);
    }
  }
}
template <has_fields T>
void from_json(const json::value& v, T& out, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object");
  const auto& object = v.get_object();
  fields(out, [&](const char* key, auto& field) {
    if (const auto* item = object.if_contains(key))
      from_json(*item, field, path.empty() ? std::string(key) : path + "." + key);
  });
}

constexpr std::streamoff max_results_file_bytes = std::streamoff{1} << 30;

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

}  // namespace

std::string write_results_json(const run_result& run, bool pretty) {
  const auto value = to_json(run);
  if (!pretty) return json::serialize(value);
  // Boost.JSON 1.81 has no pretty printer: indent by walking the value.
  std::ostringstream out;
  const auto indent = [&](std::size_t depth) { out << '\n' << std::string(depth * 2, ' '); };
  const auto print = [&](const auto& self, const json::value& v, std::size_t depth) -> void {
    if (v.is_object() && !v.get_object().empty()) {
      out << '{';
      bool first = true;
      for (const auto& [key, item] : v.get_object()) {
        out << (first ? "" : ",");
        first = false;
        indent(depth + 1);
        out << json::serialize(json::string_view(key)) << ": ";
        self(self, item, depth + 1);
      }
      indent(depth);
      out << '}';
    } else if (v.is_array() && !v.get_array().empty()) {
      out << '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        out << (first ? "" : ",");
        first = false;
        indent(depth + 1);
        self(self, item, depth + 1);
      }
      indent(depth);
      out << ']';
    } else {
      out << json::serialize(v);
    }
  };
  print(print, value, 0);
  out << '\n';
  return out.str();
}

namespace {

// The document's JSON, or nullopt with "<what>: not valid JSON (...)" in *error.
std::optional<json::value> parse_document(std::string_view text, const char* what, std::string* error) {
  std::string parse_error;
  auto value = parse_json_exact(text, &parse_error);
  if (!value) set_error(error, std::string(what) + ": not valid JSON (" + parse_error + ")");
  return value;
}

// v read into a T, or nullopt with the offending path in *error.
template <class T>
std::optional<T> read_as(const json::value& v, const std::string& path, std::string* error) {
  T out{};
  try {
    from_json(v, out, path);
  } catch (const path_error& e) {
    set_error(error, e.what());
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<run_result> read_results_json(std::string_view text, std::string* error) {
  const auto value = parse_document(text, "results.json", error);
  if (!value) return std::nullopt;
  const auto* object = value->if_object();
  const auto* schema = object ? object->if_contains("schema") : nullptr;
  if (schema == nullptr || !schema->is_string()) {
    set_error(error, std::string("schema: missing; expected \"") + results_schema_id + "\"");
    return std::nullopt;
  }
  if (schema->get_string() != results_schema_id) {
    set_error(error, "schema: \"" + std::string(schema->get_string()) + "\" is not supported; expected \"" +
                         results_schema_id + "\"");
    return std::nullopt;
  }
  return read_as<run_result>(*value, "", error);
}

std::optional<run_result> read_results_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    set_error(error, path + ": cannot open");
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  if (const auto size = in.tellg(); size > max_results_file_bytes) {
    set_error(error, path + ": larger than " + std::to_string(max_results_file_bytes >> 20) + " MiB");
    return std::nullopt;
  }
  in.seekg(0);
  std::ostringstream text;
  text << in.rdbuf();
  std::string message;
  auto run = read_results_json(text.str(), &message);
  if (!run) set_error(error, path + ": " + message);
  return run;
}

bool write_results_file(const run_result& run, const std::string& path, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << write_results_json(run, true);
  out.close();
  if (!out) {
    set_error(error, path + ": cannot write");
    return false;
  }
  return true;
}

std::string write_components_json(const std::vector<component_result>& components) {
  return json::serialize(json::object{{"components", to_json(components)}});
}

std::optional<std::vector<component_result>> read_components_json(std::string_view text, std::string* error) {
  const auto value = parse_document(text, "components", error);
  if (!value) return std::nullopt;
  const auto* object = value->if_object();
  const auto* list = object ? object->if_contains("components") : nullptr;
  if (list == nullptr) {
    set_error(error, "components: missing");
    return std::nullopt;
  }
  return read_as<std::vector<component_result>>(*list, "components", error);
}

}  // namespace portico::core
