// W3C Trace Context parsing, table-driven from the Recommendation's rules (traceparent §3.2,
// tracestate §3.3) and the cases of the W3C test suite (w3c/trace-context test/).
#include "gateway/patterns/trace_context.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::gateway::patterns {
namespace {

struct parent_case {
  const char* what;
  std::string value;
  bool valid;
};

const std::string tid = "0af7651916cd43dd8448eb211c80319c";
const std::string pid = "b7ad6b7169203331";

class TraceparentParsing : public ::testing::TestWithParam<parent_case> {};

TEST_P(TraceparentParsing, AcceptsExactlyTheValidForms) {
  const auto& c = GetParam();
  EXPECT_EQ(parse_traceparent(c.value).has_value(), c.valid) << c.what << ": " << c.value;
}

INSTANTIATE_TEST_SUITE_P(
    W3c, TraceparentParsing,
    ::testing::Values(
        parent_case{"version 00 sampled", "00-" + tid + "-" + pid + "-01", true},
        parent_case{"version 00 not sampled", "00-" + tid + "-" + pid + "-00", true},
        parent_case{"unknown flag bits are accepted", "00-" + tid + "-" + pid + "-ff", true},
        parent_case{"future version, same length", "cc-" + tid + "-" + pid + "-01", true},
        parent_case{"future version with more fields", "cc-" + tid + "-" + pid + "-01-what-the-future-holds", true},
        parent_case{"future version, no dash after flags", "cc-" + tid + "-" + pid + "-01.what", false},
        parent_case{"version 00 with trailing data", "00-" + tid + "-" + pid + "-01-extra", false},
        parent_case{"version ff is invalid", "ff-" + tid + "-" + pid + "-01", false},
        parent_case{"uppercase version", "0A-" + tid + "-" + pid + "-01", false},
        parent_case{"uppercase trace id", "00-0AF7651916CD43DD8448EB211C80319C-" + pid + "-01", false},
        parent_case{"uppercase flags", "00-" + tid + "-" + pid + "-0A", false},
        parent_case{"all-zero trace id", "00-00000000000000000000000000000000-" + pid + "-01", false},
        parent_case{"all-zero parent id", "00-" + tid + "-0000000000000000-01", false},
        parent_case{"short trace id", "00-" + tid.substr(1) + "-" + pid + "-01", false},
        parent_case{"short parent id", "00-" + tid + "-" + pid.substr(1) + "-01", false},
        parent_case{"non-hex in trace id", "00-0af7651916cd43dd8448eb211c80319g-" + pid + "-01", false},
        parent_case{"wrong separator", "00_" + tid + "-" + pid + "-01", false},
        parent_case{"one-digit flags", "00-" + tid + "-" + pid + "-1", false},
        parent_case{"empty", "", false},
        parent_case{"whitespace inside", "00-" + tid + " -" + pid + "-01", false}));

TEST(Traceparent, ReadsFieldsAndSampledFlag) {
  const auto tp = parse_traceparent("00-" + tid + "-" + pid + "-03");
  ASSERT_TRUE(tp);
  EXPECT_EQ(tp->trace_id, tid);
  EXPECT_EQ(tp->parent_id, pid);
  EXPECT_TRUE(tp->sampled());
  EXPECT_FALSE(parse_traceparent("00-" + tid + "-" + pid + "-02")->sampled());
}

TEST(Traceparent, WritesVersion00WithOnlyTheSampledFlag) {
  EXPECT_EQ(format_traceparent(tid, pid, true), "00-" + tid + "-" + pid + "-01");
  EXPECT_EQ(format_traceparent(tid, pid, false), "00-" + tid + "-" + pid + "-00");
}

TEST(Traceparent, NewIdsAreLowercaseHexAndValid) {
  for (int i = 0; i < 50; ++i) {
    const auto t = new_trace_id(), s = new_span_id();
    ASSERT_TRUE(parse_traceparent(format_traceparent(t, s, true))) << t << " " << s;
  }
}

struct state_case {
  const char* what;
  std::string value;
  bool valid;
  std::size_t members;
};

class TracestateParsing : public ::testing::TestWithParam<state_case> {};

TEST_P(TracestateParsing, AcceptsExactlyTheValidLists) {
  const auto& c = GetParam();
  const auto parsed = parse_tracestate(c.value);
  ASSERT_EQ(parsed.has_value(), c.valid) << c.what << ": " << c.value;
  if (parsed) {
    EXPECT_EQ(parsed->size(), c.members) << c.what;
  }
}

std::string members(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + std::string("k") + std::to_string(i) + "=v";
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    W3c, TracestateParsing,
    ::testing::Values(state_case{"one member", "congo=t61rcWkgMzE", true, 1},
                      state_case{"two members, spaces and tabs", "rojo=00f067aa0ba902b7 ,\tcongo=t61rcWkgMzE", true, 2},
                      state_case{"empty members are dropped", "a=1,,  ,b=2", true, 2},
                      state_case{"empty header", "", true, 0},
                      state_case{"multi-tenant key", "fw529a3039@dt=abc", true, 1},
                      state_case{"tenant may start with a digit", "1tenant@sys=x", true, 1},
                      state_case{"key with allowed symbols", "a_b-c*d/e=x", true, 1},
                      state_case{"32 members", members(32), true, 32},
                      state_case{"33 members", members(33), false, 0},
                      state_case{"duplicate key", "a=1,b=2,a=3", false, 0},
                      state_case{"uppercase key", "Congo=x", false, 0},
                      state_case{"key starts with digit (no tenant)", "1abc=x", false, 0},
                      state_case{"system id too long", "t@abcdefghijklmno=x", false, 0},
                      state_case{"key of 257 chars", std::string(257, 'a') + "=x", false, 0},
                      state_case{"key of 256 chars", std::string(256, 'a') + "=x", true, 1},
                      state_case{"value of 257 chars", "a=" + std::string(257, 'v'), false, 0},
                      state_case{"value ending in space", "a=x ,b=y", true, 2},  // OWS around members is trimmed
                      state_case{"value with inner space", "a=x y", true, 1},
                      state_case{"value with '='", "a=x=y", false, 0},
                      state_case{"empty value", "a=", false, 0},
                      state_case{"no '='", "abc", false, 0},
                      state_case{"control char in value", std::string("a=x\x01y"), false, 0}));

TEST(Tracestate, TruncatesLongMembersFirstThenFromTheEnd) {
  tracestate s{{"a", std::string(200, 'x')}, {"b", std::string(100, 'y')}, {"c", std::string(100, 'z')},
               {"d", std::string(100, 'w')}, {"e", std::string(100, 'v')}, {"f", std::string(100, 'u')}};
  const auto out = format_tracestate(s, 512);
  EXPECT_LE(out.size(), 512u);
  EXPECT_EQ(out.find("a="), std::string::npos);  // > 128 chars: removed first
  EXPECT_EQ(out.rfind("b=", 0), 0u);            // order kept
  EXPECT_NE(out.find("e="), std::string::npos);
  EXPECT_EQ(out.find("f="), std::string::npos);  // then from the end: 5 x 102 + 4 commas > 512
}

TEST(Tracestate, UpsertMovesTheKeyToTheFrontAndKeeps32) {
  auto s = *parse_tracestate(members(32));
  upsert_tracestate(s, "k5", "new");
  EXPECT_EQ(s.front(), (std::pair<std::string, std::string>{"k5", "new"}));
  EXPECT_EQ(s.size(), 32u);
  upsert_tracestate(s, "portico", "1");
  EXPECT_EQ(s.front().first, "portico");
  EXPECT_EQ(s.size(), 32u);
  EXPECT_EQ(s.back().first, "k30");  // the right-most member went
}

}  // namespace
}  // namespace portico::gateway::patterns
