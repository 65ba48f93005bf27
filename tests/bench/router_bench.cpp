// ns per router::match() on a 20-route table shaped like a real API gateway: the matched route
// sits first, in the middle or last (the router is a linear scan in file order by contract), for
// each kind of path condition, plus a miss (404). Regex routes are measured separately because
// std::regex dominates: the numbers back the header's advice to prefer exact/prefix/template.
#include "gateway/router/router.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace portico;
using gateway::route_request;

core::route_config route(std::string name) {
  core::route_config r;
  r.name = std::move(name);
  r.backends = {{"svc", 1}};
  return r;
}

core::listener_config table(bool with_regex) {
  core::listener_config l;
  for (int i = 0; i < 6; ++i) {
    auto r = route("exact" + std::to_string(i));
    r.match.path = "/static/page" + std::to_string(i);
    l.routes.push_back(r);
  }
  for (int i = 0; i < 6; ++i) {
    auto r = route("template" + std::to_string(i));
    r.match.path_template = "/svc" + std::to_string(i) + "/users/{id}/orders/{order}";
    r.match.methods = {"GET", "POST"};
    l.routes.push_back(r);
  }
  if (with_regex) {
    auto r = route("regex");
    r.match.path_regex = R"(/reports/(\d{4})-(\d{2})/[a-z]+)";
    l.routes.push_back(r);
  }
  for (int i = 0; i < 7; ++i) {
    auto r = route("prefix" + std::to_string(i));
    r.match.path_prefix = "/api/v" + std::to_string(i) + "/";
    if (i == 6) r.match.headers = {{"X-Canary", "1"}};
    l.routes.push_back(r);
  }
  return l;
}

void match(benchmark::State& state, std::string path, bool with_regex) {
  const gateway::router r(table(with_regex));
  const gateway::no_headers headers;
  const route_request req{"GET", "api.example.com", path, "", &headers};
  for (auto _ : state) {
    auto m = r.match(req);
    benchmark::DoNotOptimize(m);
  }
}

BENCHMARK_CAPTURE(match, exact_first, "/static/page0", false);
BENCHMARK_CAPTURE(match, template_middle, "/svc3/users/42/orders/7", false);
BENCHMARK_CAPTURE(match, prefix_last, "/api/v5/items/1", false);
BENCHMARK_CAPTURE(match, miss_404, "/nothing/here", false);
BENCHMARK_CAPTURE(match, regex_hit, "/reports/2024-05/summary", true);
BENCHMARK_CAPTURE(match, miss_past_regex, "/nothing/here", true);

void rewrite(benchmark::State& state) {
  auto l = table(false);
  l.routes[6].rewrite.path = "/orders/{order}?user={id}";
  const gateway::router r(l);
  const std::string path = "/svc0/users/42/orders/7";
  const route_request req{"GET", "h", path, "", nullptr};
  const auto m = *r.match(req);
  for (auto _ : state) {
    auto out = r.rewrite_path(m, path);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(rewrite);

}  // namespace
