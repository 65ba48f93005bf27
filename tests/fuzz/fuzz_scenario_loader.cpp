// Feeds arbitrary text to the scenario loader: it must return a scenario or errors, never crash,
// hang or overflow the stack. Lines "#set PATH=VALUE" (YAML comments) also become overrides, so
// the override and variant paths are exercised too.
#include "core/config/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  for (std::size_t at = text.find("#set "); at != std::string_view::npos && overrides.size() < 4;
       at = text.find("#set ", at + 1)) {
    const std::size_t end = text.find('\n', at);
    overrides.emplace_back(text.substr(at + 5, end == std::string_view::npos ? std::string_view::npos : end - at - 5));
  }
  const auto result = portico::core::load_scenario_text(text, "fuzz.yaml", overrides);
  std::size_t total = 0;
  for (const auto& e : result.errors) total += e.to_string().size();
  if (result.ok() != result.scenario.has_value()) __builtin_trap();
  return static_cast<int>(total & 0);
}
