#pragma once
// State a stage hands over from one configuration generation to the next (hot reload), so that a
// reload does not reset what it did not change (a rate limiter's per-key budgets: without this,
// provoking reloads would hand every client a fresh budget). While a generation is built, each
// stage factory looks up what the generation being replaced kept under the stage's identity,
// takes it over when its configuration is unchanged (the stage decides what "unchanged" means),
// and keeps what it uses for the generation after.
//
//   auto old = handover.previous ? handover.previous->find<my_state>(id) : nullptr;
//   auto state = old && old->config == config ? old : std::make_shared<my_state>(config);
//   handover.next.keep(id, state);
//
// An identity starts with the stage kind ("rate_limit\n..."), which fixes the stored type T.
// Not synchronised: used only while one generation is built (gateway_server's reload lock);
// the objects themselves are shared by the generations and synchronise their own state.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

class carried_state {
 public:
  template <class T>
  std::shared_ptr<T> find(std::string_view identity) const {
    const auto it = entries_.find(identity);
    return it == entries_.end() ? nullptr : std::static_pointer_cast<T>(it->second);
  }
  template <class T>
  void keep(std::string identity, std::shared_ptr<T> object) {
    entries_[std::move(identity)] = std::move(object);
  }

 private:
  std::map<std::string, std::shared_ptr<void>, std::less<>> entries_;
};

struct state_handover {
  const carried_state* previous = nullptr;  // the generation being replaced; nullptr at start-up
  carried_state& next;                      // the generation being built
  std::vector<std::string>& notes;          // for the reload's answer and log: what was kept or reset
};

}  // namespace portico::gateway
