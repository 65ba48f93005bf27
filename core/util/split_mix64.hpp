#pragma once
// SplitMix64 (Steele, Lea & Flood): a small, fast, seedable generator whose output is the same on
// every platform (std distributions are not), so seeded runs, tests and the simulator repeat
// exactly. Used directly for LB choices, retry jitter and load arrivals, and to seed the mock's
// xoshiro generators. Not thread-safe: one per owner.
#include <cstdint>

namespace portico::core {

// One SplitMix64 step: advances `state` and returns the mixed value.
inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class split_mix64 {
 public:
  explicit split_mix64(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept { return splitmix64(state_); }
  // Uniform in [0, n) by Lemire's multiply-shift (bias < n / 2^64, irrelevant here). n > 0.
  std::uint64_t below(std::uint64_t n) noexcept {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  // Uniform in [0, 1) with 53 random bits.
  double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace portico::core
