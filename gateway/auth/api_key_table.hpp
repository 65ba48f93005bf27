#pragma once
// The accepted API keys of a route: from the scenario and/or a keys file, each with the client
// and plan it identifies (usable as rate-limit keys). Lookup never compares the presented key
// with a stored one byte by byte: both are reduced to SHA-256 digests, found by digest and
// confirmed with a constant-time compare, so response timing tells nothing about how much of a
// guess was right. Immutable after construction; thread-safe.
#include "core/config/policy_config.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::gateway {

struct api_key_client {
  std::string client;  // configured client name, or "key-<n>" (n = position) when none is given
  std::string plan;
};

class api_key_table {
 public:
  // Throws std::invalid_argument for an unreadable keys file, a malformed line or a duplicate key.
  explicit api_key_table(const core::api_key_auth_config& config);

  const api_key_client* find(std::string_view key) const;  // nullptr: not a valid key
  std::size_t size() const noexcept { return by_digest_.size(); }

 private:
  void add(const core::api_key_entry& entry, const std::string& where);
  std::unordered_map<std::string, api_key_client> by_digest_;  // SHA-256(key) -> client
};

// Parses a keys file: one `key[,client[,plan]]` per line; blank lines and lines starting with '#'
// are skipped. Throws std::invalid_argument naming the line of a malformed entry.
std::vector<core::api_key_entry> parse_api_keys(std::string_view text, const std::string& file_name);

}  // namespace portico::gateway
