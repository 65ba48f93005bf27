#include "gateway/router/router.hpp"

#include "core/util/split_mix64.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <map>
#include <string>

namespace portico::gateway {
namespace {

struct map_headers final : header_view {
  std::map<std::string, std::string> values;  // keys lower-case
  std::string_view get(std::string_view name) const override {
    std::string key(name);
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto it = values.find(key);
    return it == values.end() ? std::string_view{} : std::string_view(it->second);
  }
};

core::route_match_config exact(std::string v) {
  core::route_match_config m;
  m.path = std::move(v);
  return m;
}
core::route_match_config prefix(std::string v) {
  core::route_match_config m;
  m.path_prefix = std::move(v);
  return m;
}
core::route_match_config templ(std::string v) {
  core::route_match_config m;
  m.path_template = std::move(v);
  return m;
}
core::route_match_config regex(std::string v) {
  core::route_match_config m;
  m.path_regex = std::move(v);
  return m;
}
core::route_match_config host(std::string v) {
  core::route_match_config m;
  m.host = std::move(v);
  return m;
}
core::rewrite_config rewrite(std::string strip_prefix, std::string add_prefix, std::string path) {
  return {std::move(strip_prefix), std::move(add_prefix), std::move(path)};
}

core::route_config route(std::string name, core::route_match_config match) {
  core::route_config r;
  r.name = std::move(name);
  r.match = std::move(match);
  r.backends = {{"svc", 1}};
  return r;
}

core::listener_config listener(std::vector<core::route_config> routes) {
  core::listener_config l;
  l.routes = std::move(routes);
  return l;
}

route_request get(std::string_view path, std::string_view query = {}, const header_view* headers = nullptr) {
  return {"GET", "api.example.com", path, query, headers};
}

std::string matched_name(const router& r, const route_request& req) {
  const auto m = r.match(req);
  return m ? r.route(m->route_index).name : "<none>";
}

TEST(Router, FirstMatchingRouteWinsInFileOrder) {
  const router r(listener({route("exact", exact("/users/me")), route("template", templ("/users/{id}")),
                           route("prefix", prefix("/users")), route("all", prefix("/"))}));
  EXPECT_EQ(matched_name(r, get("/users/me")), "exact");
  EXPECT_EQ(matched_name(r, get("/users/42")), "template");
  EXPECT_EQ(matched_name(r, get("/users/42/orders")), "prefix");
  EXPECT_EQ(matched_name(r, get("/usersx")), "prefix");  // prefix is a plain string prefix
  EXPECT_EQ(matched_name(r, get("/other")), "all");
}

TEST(Router, ReturnsNothingWhenNoRouteMatches) {
  const router r(listener({route("exact", exact("/a"))}));
  EXPECT_FALSE(r.match(get("/b")).has_value());
  EXPECT_FALSE(r.match(get("/a/")).has_value());
}

TEST(Router, TemplateCapturesAreViewsOfThePath) {
  const router r(listener({route("t", templ("/users/{id}/orders/{order}"))}));
  const std::string path = "/users/42/orders/x-7";
  const auto m = r.match(get(path));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->captures.size(), 2u);
  EXPECT_EQ(*m->captures.find("id"), "42");
  EXPECT_EQ(*m->captures.find("order"), "x-7");
  EXPECT_EQ(m->captures.find("id")->data(), path.data() + 7);
}

TEST(Router, RegexMatchesTheWholePathAndExposesNumberedGroups) {
  const router r(listener({route("re", regex(R"(/v(\d+)/items/([a-z]+))"))}));
  const auto m = r.match(get("/v2/items/book"));
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->captures.find("1"), "2");
  EXPECT_EQ(*m->captures.find("2"), "book");
  EXPECT_FALSE(r.match(get("/v2/items/book/extra")));
  EXPECT_FALSE(r.match(get("/x/v2/items/book")));
}

TEST(Router, HostMatchIsCaseInsensitiveIgnoresThePortAndSupportsWildcards) {
  const router r(listener({route("exact", host("API.example.com")), route("wild", host("*.example.org"))}));
  struct row {
    std::string_view host;
    std::string expected;
  };
  for (const auto& [host, expected] : std::vector<row>{{"api.example.com", "exact"},
                                                       {"Api.Example.Com:8080", "exact"},
                                                       {"a.example.org", "wild"},
                                                       {"a.b.example.org:443", "wild"},
                                                       {"example.org", "<none>"},
                                                       {"xexample.org", "<none>"},
                                                       {"other.com", "<none>"}}) {
    EXPECT_EQ(matched_name(r, {"GET", host, "/", "", nullptr}), expected) << host;
  }
}

TEST(Router, EveryConditionOfARouteMustHold) {
  core::route_match_config m;
  m.path_prefix = "/api";
  m.methods = {"GET", "HEAD"};
  m.headers = {{"X-Canary", "1"}, {"X-Api-Key", "*"}};
  m.query = {{"v", "2"}, {"debug", "*"}};
  const router r(listener({route("strict", m)}));
  map_headers h;
  h.values = {{"x-canary", "1"}, {"x-api-key", "k1"}};
  const auto base = route_request{"GET", "h", "/api/x", "v=2&debug", &h};
  EXPECT_TRUE(r.match(base));

  auto wrong_method = base;
  wrong_method.method = "POST";
  EXPECT_FALSE(r.match(wrong_method));
  auto wrong_query = base;
  wrong_query.query = "v=3&debug=1";
  EXPECT_FALSE(r.match(wrong_query));
  auto missing_query = base;
  missing_query.query = "v=2";
  EXPECT_FALSE(r.match(missing_query));
  map_headers no_key;
  no_key.values = {{"x-canary", "1"}};
  auto missing_header = base;
  missing_header.headers = &no_key;
  EXPECT_FALSE(r.match(missing_header));
  auto no_headers_at_all = base;
  no_headers_at_all.headers = nullptr;
  EXPECT_FALSE(r.match(no_headers_at_all));
}

TEST(Router, WeightedSplitFollowsWeights) {
  auto canary = route("canary", prefix("/"));
  canary.backends = {{"stable", 90}, {"canary", 10}, {"off", 0}};
  const router r(listener({canary}));
  portico::core::split_mix64 rng(7);
  std::array<int, 3> counts{};
  constexpr int draws = 100000;
  for (int i = 0; i < draws; ++i) ++counts[r.pick_backend(0, rng.next())];
  EXPECT_NEAR(counts[0] / double(draws), 0.9, 0.01);
  EXPECT_NEAR(counts[1] / double(draws), 0.1, 0.01);
  EXPECT_EQ(counts[2], 0);
  EXPECT_EQ(r.pick_backend(0, 0), 0u);
  EXPECT_EQ(r.pick_backend(0, ~std::uint64_t{0}), 1u);
}

TEST(Router, RewritesThePath) {
  struct row {
    core::rewrite_config rewrite;
    std::string pattern, request, expected;
  };
  const std::vector<row> rows = {
      {rewrite("", "", ""), "/api/{rest*}", "/api/users/1", "/api/users/1"},
      {rewrite("/api", "", ""), "/api/{rest*}", "/api/users/1", "/users/1"},
      {rewrite("/api", "", ""), "/api/{rest*}", "/api", "/"},
      {rewrite("/api/", "", ""), "/api/{rest*}", "/api/users", "/users"},
      {rewrite("/api", "/v2", ""), "/api/{rest*}", "/api/users", "/v2/users"},
      {rewrite("", "/v2/", ""), "/api/{rest*}", "/api/users", "/v2/api/users"},
      {rewrite("", "", "/people/{id}/profile"), "/users/{id}", "/users/42", "/people/42/profile"},
      {rewrite("", "", "/files/{rest}"), "/static/{rest*}", "/static/a/b.css", "/files/a/b.css"},
  };
  for (const auto& row : rows) {
    auto rt = route("r", templ(row.pattern));
    rt.rewrite = row.rewrite;
    const router r(listener({rt}));
    const auto m = r.match(get(row.request));
    ASSERT_TRUE(m) << row.request;
    EXPECT_EQ(r.rewrite_path(*m, row.request), row.expected) << row.request;
  }
}

TEST(Router, NotFoundBodyIsValidJsonEvenForHostilePaths) {
  const std::string path = "/a\"b\\c\x01\xff";
  const auto body = not_found_body("GET", path);
  const auto doc = boost::json::parse(body).as_object();
  EXPECT_EQ(doc.at("error").as_string(), "no_route");
  EXPECT_EQ(doc.at("method").as_string(), "GET");
  EXPECT_EQ(doc.at("path").as_string(), "/a\"b\\c\x01\u00ff");  // bytes >= 0x80 escape as U+0080..U+00FF
}

TEST(Router, RejectsMalformedTemplatesAndRegexes) {
  for (const char* bad : {"users/{id}", "/users/{id", "/users/x{id}", "/users/{}", "/a/{x*}/b", "/a/{x}/{x}"})
    EXPECT_THROW(router(listener({route("bad", templ(bad))})), std::invalid_argument) << bad;
  EXPECT_THROW(router(listener({route("bad", regex("(unclosed"))})), std::invalid_argument);
}

TEST(RouteRequest, FindsQueryParametersAndCookies) {
  std::string_view v;
  EXPECT_TRUE(find_query_param("a=1&b=2&flag", "b", v));
  EXPECT_EQ(v, "2");
  EXPECT_TRUE(find_query_param("a=1&b=2&flag", "flag", v));
  EXPECT_EQ(v, "");
  EXPECT_FALSE(find_query_param("a=1&bb=2", "b", v));
  EXPECT_TRUE(find_cookie("session=abc; user=\"bob\"", "user", v));
  EXPECT_EQ(v, "bob");
  EXPECT_TRUE(find_cookie("session=abc;user=bob", "session", v));
  EXPECT_EQ(v, "abc");
  EXPECT_FALSE(find_cookie("xsession=abc", "session", v));
}

}  // namespace
}  // namespace portico::gateway
