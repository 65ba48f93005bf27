#include "gateway/auth/basic_credentials.hpp"

#include "gateway/auth/base64url.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace portico::gateway {
namespace {

constexpr std::string_view scheme = "pbkdf2-sha256";

std::string derive(std::string_view password, std::string_view salt, std::uint32_t iterations, std::size_t length) {
  std::string out(length, '\0');
  const int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                                   reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                                   static_cast<int>(iterations), EVP_sha256(), static_cast<int>(length),
                                   reinterpret_cast<unsigned char*>(out.data()));
  return ok == 1 ? out : std::string{};
}

std::string sha256(std::string_view user, std::string_view password) {
  std::string input;
  input.reserve(user.size() + 1 + password.size());
  input.append(user).append(":").append(password);
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), reinterpret_cast<unsigned char*>(digest.data()));
  OPENSSL_cleanse(input.data(), input.size());
  return digest;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

}  // namespace

std::unordered_map<std::string, pbkdf2_hash> parse_credentials(std::string_view text, const std::string& file_name) {
  std::unordered_map<std::string, pbkdf2_hash> users;
  int line_no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string at = file_name + ":" + std::to_string(line_no) + ": ";
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) throw std::invalid_argument(at + "expected user:" + std::string(scheme) + "$...");
    const auto parts = split(line.substr(colon + 1), '$');
    pbkdf2_hash h;
    const auto salt = parts.size() == 4 ? base64_decode(parts[2]) : std::nullopt;
    const auto key = parts.size() == 4 ? base64_decode(parts[3]) : std::nullopt;
    const bool iterations_ok = parts.size() == 4 &&
                               std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), h.iterations).ec == std::errc{} &&
                               h.iterations >= 1000;
    if (parts[0] != scheme || !iterations_ok || !salt || salt->empty() || !key || key->size() < 16) {
      throw std::invalid_argument(at + "expected " + std::string(scheme) + "$<iterations >= 1000>$<base64 salt>$<base64 key of 16+ bytes>");
    }
    h.salt = *salt;
    h.key = *key;
    if (!users.emplace(std::string(line.substr(0, colon)), std::move(h)).second) throw std::invalid_argument(at + "duplicate user");
  }
  return users;
}

std::string credentials_line(std::string_view user, std::string_view password, std::string_view salt, std::uint32_t iterations) {
  return std::string(user) + ":" + std::string(scheme) + "$" + std::to_string(iterations) + "$" + base64_encode(salt) + "$" +
         base64_encode(derive(password, salt, iterations, 32));
}

basic_credentials::basic_credentials(const std::string& file, std::size_t remembered)
    : basic_credentials(
          [&] {
            std::ifstream in(file, std::ios::binary);
            if (!in) throw std::invalid_argument("auth.basic.credentials_file: cannot read " + file);
            std::ostringstream text;
            text << in.rdbuf();
            return parse_credentials(text.str(), file);
          }(),
          remembered) {}

basic_credentials::basic_credentials(std::unordered_map<std::string, pbkdf2_hash> users, std::size_t remembered)
    : users_(std::move(users)), remembered_limit_(remembered) {
  // The dummy costs what a typical entry costs.
  dummy_ = users_.empty() ? pbkdf2_hash{100000, "dummy-salt", std::string(32, '\0')} : users_.begin()->second;
}

bool basic_credentials::check(std::string_view user, std::string_view password) const {
  const std::string digest = sha256(user, password);
  {
    std::lock_guard lock(mutex_);
    if (remembered_.contains(digest)) return true;
  }
  const auto it = users_.find(std::string(user));
  const pbkdf2_hash& h = it == users_.end() ? dummy_ : it->second;
  const std::string derived = derive(password, h.salt, h.iterations, h.key.size());
  const bool ok = it != users_.end() && derived.size() == h.key.size() &&
                  CRYPTO_memcmp(derived.data(), h.key.data(), h.key.size()) == 0;
  if (ok) {
    std::lock_guard lock(mutex_);
    if (remembered_.size() >= remembered_limit_) remembered_.clear();
    remembered_.insert(digest);
  }
  return ok;
}

}  // namespace portico::gateway
