#pragma once
// HTTP Basic credentials (RFC 7617) checked against salted PBKDF2-HMAC-SHA256 hashes. File format,
// one user per line ('#' comments and blank lines skipped):
//   user:pbkdf2-sha256$<iterations>$<base64 salt>$<base64 derived key>
// e.g. made with python3: hashlib.pbkdf2_hmac('sha256', pw, salt, 100000) (see the scenario docs).
// An unknown user costs the same PBKDF2 run as a known one (no user enumeration by timing); the
// final comparison is constant-time. Successful checks are remembered by a SHA-256 of the
// credentials (bounded, cleared when full) so a busy client does not pay PBKDF2 per request.
// Thread-safe.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace portico::gateway {

struct pbkdf2_hash {
  std::uint32_t iterations = 0;
  std::string salt;
  std::string key;  // derived key; its length is the one derived when checking
};

// Throws std::invalid_argument naming the line of a malformed entry or a duplicate user.
std::unordered_map<std::string, pbkdf2_hash> parse_credentials(std::string_view text, const std::string& file_name);

// The file line for a user (for tests and tooling).
std::string credentials_line(std::string_view user, std::string_view password, std::string_view salt, std::uint32_t iterations);

class basic_credentials {
 public:
  // Reads the file; throws std::invalid_argument when unreadable or malformed.
  explicit basic_credentials(const std::string& file, std::size_t remembered = 10000);
  explicit basic_credentials(std::unordered_map<std::string, pbkdf2_hash> users, std::size_t remembered = 10000);

  bool check(std::string_view user, std::string_view password) const;

 private:
  std::unordered_map<std::string, pbkdf2_hash> users_;
  pbkdf2_hash dummy_;  // for unknown users
  std::size_t remembered_limit_;
  mutable std::mutex mutex_;
  mutable std::unordered_set<std::string> remembered_;  // SHA-256(user ":" password) that passed
};

}  // namespace portico::gateway
