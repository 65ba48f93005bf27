#include "gateway/auth/api_key_table.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace portico::gateway {
namespace {

std::string sha256(std::string_view data) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("auth.api_key.keys_file: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<core::api_key_entry> parse_api_keys(std::string_view text, const std::string& file_name) {
  std::vector<core::api_key_entry> out;
  int line_no = 0;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    for (std::string_view rest = line;;) {
      const auto comma = rest.find(',');
      fields.push_back(trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
    const std::string at = file_name + ":" + std::to_string(line_no) + ": ";
    if (fields.size() > 3) throw std::invalid_argument(at + "more fields than key,client,plan");
    if (fields[0].empty()) throw std::invalid_argument(at + "empty key");
    fields.resize(3);
    out.push_back({std::string(fields[0]), std::string(fields[1]), std::string(fields[2])});
  }
  return out;
}

api_key_table::api_key_table(const core::api_key_auth_config& config) {
  for (const auto& entry : config.keys) add(entry, "auth.api_key.keys");
  if (!config.keys_file.empty()) {
    for (const auto& entry : parse_api_keys(read_file(config.keys_file), config.keys_file)) add(entry, config.keys_file);
  }
}

void api_key_table::add(const core::api_key_entry& entry, const std::string& where) {
  api_key_client client{entry.client.empty() ? "key-" + std::to_string(by_digest_.size()) : entry.client, entry.plan};
  if (!by_digest_.emplace(sha256(entry.key), std::move(client)).second) {
    throw std::invalid_argument(where + ": duplicate API key");  // the key itself is not logged
  }
}

const api_key_client* api_key_table::find(std::string_view key) const {
  const std::string digest = sha256(key);
  const auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return nullptr;
  // Equal hashes already mean equal digests; the explicit constant-time check keeps that true
  // whatever the map's comparison does.
  return CRYPTO_memcmp(it->first.data(), digest.data(), digest.size()) == 0 ? &it->second : nullptr;
}

}  // namespace portico::gateway
