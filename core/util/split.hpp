#pragma once
// "a,b,,c" -> {"a", "b", "c"}: comma-separated lists on the command line and in `address:`
// fields (several instance addresses). Empty items are dropped.
#include <string>
#include <string_view>
#include <vector>

namespace portico::core {

inline std::vector<std::string> split_list(std::string_view text, char separator = ',') {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto at = text.find(separator);
    const auto item = text.substr(0, at);
    if (!item.empty()) out.emplace_back(item);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

}  // namespace portico::core
