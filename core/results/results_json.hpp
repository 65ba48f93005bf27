#pragma once
// results.json: the results model <-> JSON (Boost.JSON). Lossless round trip: read(write(r)) == r.
#include "core/results/results.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::core {

std::string write_results_json(const run_result& run, bool pretty = true);
// On failure returns nullopt and sets *error to a message naming the offending path.
std::optional<run_result> read_results_json(std::string_view json, std::string* error = nullptr);
std::optional<run_result> read_results_file(const std::string& path, std::string* error = nullptr);
bool write_results_file(const run_result& run, const std::string& path, std::string* error = nullptr);

// A component list alone, {"components": [...]} with the same fields and exactness as in
// results.json: the gateway admin's GET /components, read back by `portico run --processes`.
std::string write_components_json(const std::vector<component_result>& components);
std::optional<std::vector<component_result>> read_components_json(std::string_view json, std::string* error = nullptr);

}  // namespace portico::core
