// Every case of the smuggling table, at the parser level: the head parser (or, for body-level
// cases, the chunked decoder after a valid head) must refuse it with the expected status.
#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http/message_head.hpp"
#include "tests/unit/gateway/http/smuggling_cases.hpp"

#include <gtest/gtest.h>

#include <set>

namespace portico::gateway::http {
namespace {

int refusal_status(const std::string& raw) {
  request_head head;
  const auto r = parse_request(raw, {}, head);
  if (r.state == parse_state::error) return describe(r.error).status;
  if (r.state == parse_state::incomplete) return 0;
  if (head.framing != body_framing::chunked) return 200;
  chunked_decoder decoder(parse_limits{}.max_body_bytes);
  std::string_view body = std::string_view(raw).substr(head.head_bytes);
  while (true) {
    const auto step = decoder.next(body);
    body.remove_prefix(step.consumed);
    if (step.kind == chunk_step::failed) return describe(step.error_code).status;
    if (step.kind == chunk_step::done || step.kind == chunk_step::need_more) return 200;
  }
}

class SmugglingParser : public ::testing::TestWithParam<testing::smuggling_case> {};

TEST_P(SmugglingParser, RefusesWithTheStatusTheRfcRequires) {
  const auto& c = GetParam();
  EXPECT_EQ(refusal_status(c.raw), c.status) << c.rule << " " << c.name;
}

INSTANTIATE_TEST_SUITE_P(AllCases, SmugglingParser, ::testing::ValuesIn(testing::smuggling_cases()),
                         [](const ::testing::TestParamInfo<testing::smuggling_case>& param_info) { return std::string(param_info.param.name); });

TEST(SmugglingTable, HasAtLeastFortyDistinctCasesOverSeveralRules) {
  std::set<std::string> names, rules;
  for (const auto& c : testing::smuggling_cases()) {
    names.insert(c.name);
    rules.insert(c.rule);
  }
  EXPECT_EQ(names.size(), testing::smuggling_cases().size());
  EXPECT_GE(names.size(), 40u);
  EXPECT_GE(rules.size(), 8u);
}

TEST(ChunkedDecoder, DecodesChunksAcrossArbitrarySplits) {
  const std::string body = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n";
  for (std::size_t split = 0; split <= body.size(); ++split) {
    chunked_decoder d(1000);
    std::string out;
    std::string pending;
    for (const auto& part : {body.substr(0, split), body.substr(split)}) {
      pending += part;
      while (true) {
        const auto step = d.next(pending);
        if (step.kind == chunk_step::bytes) out.append(step.data);
        pending.erase(0, step.consumed);
        ASSERT_NE(step.kind, chunk_step::failed) << split;
        if (step.kind != chunk_step::bytes) break;
      }
    }
    EXPECT_TRUE(d.done()) << split;
    EXPECT_EQ(out, "hello world") << split;
  }
}

}  // namespace
}  // namespace portico::gateway::http
