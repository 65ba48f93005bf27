#include "gateway/ratelimit/key_builder.hpp"

#include "core/util/ascii_case.hpp"

#include <charconv>
#include <stdexcept>

namespace portico::gateway {
namespace {

std::string_view lookup(std::span<const name_value> fields, std::string_view name, bool case_insensitive) {
  for (const auto& [n, v] : fields) {
    if (case_insensitive ? core::iequals(n, name) : n == name) return v;
  }
  return {};
}

}  // namespace

key_builder::key_builder(const std::vector<std::string>& parts) {
  for (const std::string& p : parts) {
    if (p == "client_ip") parts_.push_back({source::client_ip, {}});
    else if (p == "api_key") parts_.push_back({source::api_key, {}});
    else if (p == "client") parts_.push_back({source::client, {}});
    else if (p == "route") parts_.push_back({source::route, {}});
    else if (p.rfind("header:", 0) == 0 && p.size() > 7) parts_.push_back({source::header, p.substr(7)});
    else if (p.rfind("claim:", 0) == 0 && p.size() > 6) parts_.push_back({source::claim, p.substr(6)});
    else throw std::invalid_argument("unknown rate-limit key part '" + p + "'");
  }
}

void key_builder::build_into(const request_view& r, std::string& out) const {
  out.clear();
  for (const part& p : parts_) {
    std::string_view value;
    switch (p.from) {
      case source::client_ip: value = r.client_ip; break;
      case source::api_key: value = r.api_key; break;
      case source::client: value = r.client; break;
      case source::route: value = r.route; break;
      case source::header: value = lookup(r.headers, p.name, true); break;
      case source::claim: value = lookup(r.claims, p.name, false); break;
    }
    char digits[20];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value.size()).ptr);
    out += ':';
    out += value;
    out += '|';
  }
}

std::string key_builder::build(const request_view& request) const {
  std::string out;
  build_into(request, out);
  return out;
}

}  // namespace portico::gateway
