#pragma once
// A small, fast, seedable PRNG (SplitMix64) for LB choices and retry jitter: deterministic in
// tests and in the simulator. Not thread-safe: one per owner (each LB instance has its own).
#include <cstdint>

namespace portico::gateway {

class split_mix64 {
 public:
  explicit split_mix64(std::uint64_t seed = 0x9e3779b97f4a7c15ULL) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by Lemire's multiply-shift (bias < n / 2^64, irrelevant here). n > 0.
  std::uint64_t below(std::uint64_t n) noexcept {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  // Uniform in [0, 1).
  double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace portico::gateway
