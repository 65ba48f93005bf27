#pragma once
// Path captures from a template match ("/users/{id}" -> id=42) or a regex match (groups "1".."9"),
// and expansion of "{name}" placeholders in rewrite/aggregate paths. Fixed capacity, no
// allocation: names view the router's compiled pattern, values view the request path.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace portico::gateway {

class path_captures {
 public:
  static constexpr std::size_t capacity = 8;

  // Returns false (and stores nothing) when full.
  bool add(std::string_view name, std::string_view value) noexcept {
    if (count_ == capacity) return false;
    items_[count_++] = {name, value};
    return true;
  }
  // Value of the capture `name`, or nullptr when there is none.
  const std::string_view* find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < count_; ++i)
      if (items_[i].first == name) return &items_[i].second;
    return nullptr;
  }
  std::size_t size() const noexcept { return count_; }
  const std::pair<std::string_view, std::string_view>& operator[](std::size_t i) const noexcept { return items_[i]; }
  void clear() noexcept { count_ = 0; }
  void pop_back() noexcept {
    if (count_ > 0) --count_;
  }

 private:
  std::array<std::pair<std::string_view, std::string_view>, capacity> items_{};
  std::size_t count_ = 0;
};

// Replaces every "{name}" (or "{name*}") in `pattern` with the capture's value; an unknown name
// expands to "" (the config loader is expected to reject those). "{{" is not special.
std::string expand_captures(std::string_view pattern, const path_captures& captures);

}  // namespace portico::gateway
