#include "gateway/lb/hash.hpp"

#include <stdexcept>

namespace portico::gateway {

hash_policy::hash_policy(std::string_view hash_on) {
  if (hash_on == "client_ip") return;
  const auto colon = hash_on.find(':');
  const auto kind = hash_on.substr(0, colon);
  const auto name = colon == std::string_view::npos ? std::string_view{} : hash_on.substr(colon + 1);
  if (name.empty() || (kind != "header" && kind != "cookie"))
    throw std::invalid_argument("hash_on \"" + std::string(hash_on) + "\": expected client_ip, header:NAME or cookie:NAME");
  kind_ = kind == "header" ? source::header : source::cookie;
  name_ = std::string(name);
}

std::optional<std::uint64_t> hash_policy::key(std::string_view client_ip, const header_view& headers) const noexcept {
  std::string_view value;
  switch (kind_) {
    case source::client_ip: value = client_ip; break;
    case source::header: value = headers.get(name_); break;
    case source::cookie:
      if (!find_cookie(headers.get("Cookie"), name_, value)) return std::nullopt;
      break;
  }
  if (value.empty()) return std::nullopt;
  return hash64(value);
}

}  // namespace portico::gateway
