#include "loadgen/request_mix.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

namespace portico::loadgen {
namespace {

core::request_template make(std::string method, std::string path, int weight = 1) {
  core::request_template t;
  t.method = std::move(method);
  t.path = std::move(path);
  t.weight = weight;
  return t;
}

std::string render(request_mix& mix, std::size_t i, rng& random) {
  std::string out;
  mix.render(i, random, out);
  return out;
}

TEST(RequestMix, LiteralTemplateRendersACompleteRequest) {
  std::string error;
  auto t = make("POST", "/items");
  t.headers["X-Key"] = "abc";
  t.body = "{\"a\":1}";
  auto mix = request_mix::compile({t}, "127.0.0.1:80", &error);
  ASSERT_TRUE(mix) << error;
  rng random(1);
  EXPECT_EQ(render(*mix, 0, random),
            "POST /items HTTP/1.1\r\nHost: 127.0.0.1:80\r\nX-Key: abc\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
  EXPECT_FALSE(mix->at(0).fixed.empty()) << "nothing varies: rendered once";
}

TEST(RequestMix, EmptyListMeansGetSlash) {
  std::string error;
  auto mix = request_mix::compile({}, "h:1", &error);
  ASSERT_TRUE(mix);
  rng random(1);
  EXPECT_EQ(render(*mix, 0, random), "GET / HTTP/1.1\r\nHost: h:1\r\n\r\n");
}

TEST(RequestMix, IntegerFeederStaysInRangeAndCoversIt) {
  std::string error;
  auto mix = request_mix::compile({make("GET", "/u/{int:3..5}")}, "h", &error);
  ASSERT_TRUE(mix) << error;
  rng random(9);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto r = render(*mix, 0, random);
    seen.insert(r.substr(0, r.find(" HTTP")));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"GET /u/3", "GET /u/4", "GET /u/5"}));
}

TEST(RequestMix, CycleIsRoundRobinAndPickIsSeeded) {
  std::string error;
  auto t = make("GET", "/{cycle:a,b,c}");
  t.headers["K"] = "{pick:x,y,z}";
  auto mix = request_mix::compile({t}, "h", &error);
  ASSERT_TRUE(mix) << error;
  auto copy = *mix;
  rng r1(5), r2(5);
  std::string paths;
  for (int i = 0; i < 4; ++i) {
    const auto a = render(*mix, 0, r1), b = render(copy, 0, r2);
    EXPECT_EQ(a, b) << "same seed, same sequence";
    paths += a[5];
  }
  EXPECT_EQ(paths, "abca");
}

TEST(RequestMix, FileFeedersReadLines) {
  const std::string path = ::testing::TempDir() + "keys.txt";
  std::ofstream(path) << "k1\nk2\r\n\nk3\n";
  std::string error;
  auto t = make("GET", "/");
  t.headers["X-Api-Key"] = "{file_cycle:" + path + "}";
  auto mix = request_mix::compile({t}, "h", &error);
  ASSERT_TRUE(mix) << error;
  rng random(1);
  std::string keys;
  for (int i = 0; i < 4; ++i) {
    const auto r = render(*mix, 0, random);
    const auto at = r.find("X-Api-Key: ") + 11;
    keys += r.substr(at, 2) + ",";
  }
  EXPECT_EQ(keys, "k1,k2,k3,k1,");
  std::remove(path.c_str());
}

TEST(RequestMix, BadPlaceholdersAreErrorsNamingTheTemplate) {
  std::string error;
  EXPECT_FALSE(request_mix::compile({make("GET", "/{int:9..1}")}, "h", &error));
  EXPECT_NE(error.find("GET /{int:9..1}"), std::string::npos) << error;
  EXPECT_FALSE(request_mix::compile({make("GET", "/{file:/no/such/file}")}, "h", &error));
  EXPECT_NE(error.find("/no/such/file"), std::string::npos) << error;
  EXPECT_FALSE(request_mix::compile({make("GET", "/", 0)}, "h", &error));
}

TEST(RequestMix, UnknownBracesStayLiteral) {
  std::string error;
  auto t = make("POST", "/");
  t.body = "{\"id\": {int:1..1}}";
  auto mix = request_mix::compile({t}, "h", &error);
  ASSERT_TRUE(mix) << error;
  rng random(1);
  const auto r = render(*mix, 0, random);
  EXPECT_EQ(r.substr(r.find("\r\n\r\n") + 4), "{\"id\": 1}");
}

TEST(RequestMix, WeightedChoiceFollowsTheWeights) {
  std::string error;
  auto mix = request_mix::compile({make("GET", "/a", 9), make("GET", "/b", 1)}, "h", &error);
  ASSERT_TRUE(mix);
  rng random(11);
  std::map<std::size_t, int> counts;
  for (int i = 0; i < 100000; ++i) ++counts[mix->choose(random)];
  EXPECT_NEAR(counts[0] / 100000.0, 0.9, 0.01);
  EXPECT_NEAR(counts[1] / 100000.0, 0.1, 0.01);
}

}  // namespace
}  // namespace portico::loadgen
