#include "gateway/router/path_captures.hpp"

namespace portico::gateway {

std::string expand_captures(std::string_view pattern, const path_captures& captures) {
  std::string out;
  out.reserve(pattern.size() + 16);
  while (!pattern.empty()) {
    const auto open = pattern.find('{');
    const auto close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) {
      out.append(pattern);
      break;
    }
    out.append(pattern.substr(0, open));
    auto name = pattern.substr(open + 1, close - open - 1);
    if (!name.empty() && name.back() == '*') name.remove_suffix(1);
    if (const auto* value = captures.find(name)) out.append(*value);
    pattern.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace portico::gateway
