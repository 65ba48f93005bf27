#pragma once
// Internal to core/config: one read_value / schema_of pair per scenario section, each defined in
// the loader_<section>.cpp that holds the section's field tables.
#include "core/config/schema_writer.hpp"
#include "core/config/object_reader.hpp"

namespace portico::core::detail {

// backends: a mapping name -> backend (the key is the backend's name).
struct backend_map { std::vector<backend_config>& value; };
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, backend_map out);
json::object schema_of(schema_tag, const backend_map&);

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, gateway_config& out);
json::object schema_of(schema_tag, const gateway_config&);

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, auth_config& out);
json::object schema_of(schema_tag, const auth_config&);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, rate_limit_config& out);
json::object schema_of(schema_tag, const rate_limit_config&);

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, load_config& out);
json::object schema_of(schema_tag, const load_config&);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, phases_config& out);
json::object schema_of(schema_tag, const phases_config&);

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, event_config& out);
json::object schema_of(schema_tag, const event_config&);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, threshold_config& out);
json::object schema_of(schema_tag, const threshold_config&);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, capacity_search_config& out);
json::object schema_of(schema_tag, const capacity_search_config&);

// variants: a list of named override sets, and/or a matrix (see loader_variants.cpp).
struct variants_ref { std::vector<variant_config>& value; };
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, variants_ref out);
json::object schema_of(schema_tag, const variants_ref&);

// "route(users).p99 <= 20ms" -> threshold (text, scope, metric, compare, value); else an error.
bool parse_threshold(std::string_view text, threshold_config& out, std::string& error);

// The whole document (root must be a mapping), and the schema of the whole format.
void read_scenario(read_context& ctx, const YAML::Node& root, scenario_config& out);
json::object scenario_schema();

}  // namespace portico::core::detail
