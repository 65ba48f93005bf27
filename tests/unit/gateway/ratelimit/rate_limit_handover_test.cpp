// A rate-limit stage rebuilt by a reload takes over the previous limiter's per-key state when the
// route keeps its identity and its limiter configuration (algorithm, limits, keying), and starts
// afresh when that configuration changed; on a manual clock, so that time moves only when told.
#include "gateway/pipeline/request_context.hpp"
#include "gateway/ratelimit/rate_limit_stage.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;

std::string yaml_with(const std::string& route) {
  return "name: t\nbackends: {users: {instances: 1}}\ngateway:\n  listeners:\n    - name: public\n"
         "      address: 127.0.0.1:0\n      routes:\n" +
         route;
}

const std::string limited = "        - {name: users, match: {path_prefix: /}, backend: users, rate_limit: {algorithm: fixed_window, limit: 2, window: 10s}}\n";

// One generation's build: the rate-limit stage of route `index`, and what it carries to the next.
struct generation {
  core::gateway_config config;
  carried_state carried;
  std::vector<std::string> notes;
  std::unique_ptr<stage> limit;

  generation(const std::string& routes, const core::clock& clock, const generation* previous, std::size_t index = 0)
      : config(testing::scenario_from_text(yaml_with(routes)).gateway) {
    state_handover handover{previous ? &previous->carried : nullptr, carried, notes};
    const auto& listener = config.listeners.at(0);
    stage_build_context c{config, listener, &listener.routes.at(index), index, clock, 1, nullptr, &handover};
    limit = make_rate_limit_stage(c);
  }
  int status() {
    request_context ctx;
    return limit->on_request(ctx).action == stage_result::kind::respond ? ctx.response.status : 200;
  }
  std::vector<int> statuses(int n) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i) out.push_back(status());
    return out;
  }
};

const std::vector<int> exhausted{200, 200, 429};  // limit 2

TEST(RateLimitHandover, AnUnchangedLimiterKeepsItsBudgetsAcrossAReload) {
  core::manual_clock clock(core::time_point{3600s});
  generation first(limited, clock, nullptr);
  EXPECT_EQ(first.statuses(3), exhausted);
  EXPECT_TRUE(first.notes.empty());  // nothing to take over at start-up

  // An unrelated change (the timeout) and the route moved down in the file: same limiter.
  generation second("        - {name: other, match: {path_prefix: /o}, backend: users}\n" +
                        std::string(limited).insert(limited.size() - 2, ", timeout: 3s"),
                    clock, &first, 1);
  EXPECT_EQ(second.notes, std::vector<std::string>{"public/users: rate-limit state kept (limiter unchanged)"});
  EXPECT_EQ(rate_limit_stage_limiter(*second.limit), rate_limit_stage_limiter(*first.limit));
  EXPECT_EQ(second.status(), 429);
  clock.advance(10s);  // the next window: the budget refills as it would have without the reload
  EXPECT_EQ(second.status(), 200);
  EXPECT_EQ(rate_limit_stage_report(*second.limit)->denied, 2u);  // counters carry on too: one denial each side
}

TEST(RateLimitHandover, AChangedLimitStartsAfreshAndSaysSo) {
  core::manual_clock clock(core::time_point{3600s});
  generation first(limited, clock, nullptr);
  EXPECT_EQ(first.statuses(3), exhausted);
  std::string raised = limited;
  raised.replace(raised.find("limit: 2"), 8, "limit: 3");
  generation second(raised, clock, &first);
  EXPECT_EQ(second.notes, std::vector<std::string>{"public/users: rate-limit state reset (limiter configuration changed)"});
  EXPECT_EQ(second.status(), 200);
  // Keying is part of the shape too: per client IP instead of one route-wide key.
  std::string keyed = raised;
  keyed.replace(keyed.find("window: 10s"), 11, "window: 10s, key: [client_ip]");
  generation third(keyed, clock, &second);
  EXPECT_EQ(third.notes, std::vector<std::string>{"public/users: rate-limit state reset (limiter configuration changed)"});
}

TEST(RateLimitHandover, ARenamedRouteDoesNotInheritAnotherRoutesBudgets) {
  core::manual_clock clock(core::time_point{3600s});
  generation first(limited, clock, nullptr);
  EXPECT_EQ(first.statuses(2), (std::vector<int>{200, 200}));
  std::string renamed = limited;
  renamed.replace(renamed.find("name: users"), 11, "name: accounts");
  generation second(renamed, clock, &first);
  EXPECT_TRUE(second.notes.empty());  // a new route: nothing kept, nothing reset
  EXPECT_EQ(second.statuses(3), exhausted);
}

}  // namespace
}  // namespace portico::gateway
