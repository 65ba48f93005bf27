#pragma once
// Stable 64-bit hashing for consistent-hash LB (ring hash, Maglev) and the hash-key helper that
// turns lb_config::hash_on into a key. std::hash is not stable across builds/processes, so we use
// FNV-1a 64 followed by the MurmurHash3 fmix64 finaliser (FNV alone mixes the high bits poorly).
// The values are part of the behaviour (tests, simulator reproducibility): do not change them.
#include "gateway/router/route_request.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::gateway {

constexpr std::uint64_t fmix64(std::uint64_t k) noexcept {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

constexpr std::uint64_t hash64(std::string_view s, std::uint64_t seed = 0) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmix64(h);
}

// Where the consistent-hash key comes from, parsed once from lb_config::hash_on:
// "client_ip" | "header:NAME" | "cookie:NAME". Immutable; share freely across threads.
class hash_policy {
 public:
  enum class source { client_ip, header, cookie };

  // Throws std::invalid_argument for anything else (the config loader should reject it first).
  explicit hash_policy(std::string_view hash_on = "client_ip");

  source kind() const noexcept { return kind_; }
  const std::string& name() const noexcept { return name_; }

  // The request's hash key, or nullopt when the header/cookie/IP is absent (the LB then picks a
  // random host). client_ip is the peer address without the port.
  std::optional<std::uint64_t> key(std::string_view client_ip, const header_view& headers) const noexcept;

 private:
  source kind_ = source::client_ip;
  std::string name_;
};

}  // namespace portico::gateway
