#include "reports/junit_formatter.hpp"

#include "sample_run.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace portico::reports {
namespace {

// A small XML well-formedness check: balanced, properly nested elements, quoted attributes,
// '&' only in the five predefined entities, '<' never inside text or attribute values.
// Returns "" when well-formed, else what is wrong; fills `elements` with opened element names.
std::string check_xml(const std::string& xml, std::vector<std::string>& elements) {
  std::vector<std::string> stack;
  std::size_t i = xml.rfind("<?xml", 0) == 0 ? xml.find("?>") + 2 : 0;
  const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+);");
  while (i < xml.size()) {
    if (xml[i] == '&') {
      if (!std::regex_search(xml.begin() + static_cast<long>(i), xml.end(), entity)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (xml[i] != '<') {
      if (xml[i] == '>') return "stray > at " + std::to_string(i);
      ++i;
      continue;
    }
    const auto end = xml.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return "< inside a tag";
    if (std::count(tag.begin(), tag.end(), '"') % 2 != 0) return "unbalanced quotes in <" + tag + ">";
    if (tag.front() == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return "mismatched </" + tag.substr(1) + ">";
      stack.pop_back();
    } else {
      const bool self_closing = tag.back() == '/';
      const std::string name = tag.substr(0, tag.find_first_of(" /"));
      elements.push_back(name);
      if (!self_closing) stack.push_back(name);
    }
    i = end + 1;
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

TEST(JunitFormatter, IsWellFormedWithOneTestcasePerThresholdAndFailuresWhereExpected) {
  const auto run = testing::sample_run();
  const auto xml = junit_formatter{}.render(run);
  std::vector<std::string> elements;
  ASSERT_EQ(check_xml(xml, elements), "") << xml;
  std::size_t thresholds = 0, failed = 0;
  for (const auto& v : run.variants) {
    for (const auto& t : v.thresholds) {
      ++thresholds;
      failed += t.passed ? 0 : 1;
    }
  }
  ASSERT_GT(failed, 0u);
  EXPECT_EQ(std::count(elements.begin(), elements.end(), "testcase"), static_cast<long>(thresholds));
  EXPECT_EQ(std::count(elements.begin(), elements.end(), "failure"), static_cast<long>(failed));
  EXPECT_EQ(std::count(elements.begin(), elements.end(), "testsuite"), static_cast<long>(run.variants.size()));
  EXPECT_NE(xml.find("tests=\"" + std::to_string(thresholds) + "\" failures=\"" + std::to_string(failed) + "\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"p99 &lt; 50ms\""), std::string::npos);
  EXPECT_NE(xml.find("message=\"actual "), std::string::npos);
}

TEST(JunitFormatter, EscapesNamesAndDropsControlCharacters) {
  core::run_result run;
  run.scenario = "a&b";
  core::variant_result v;
  v.name = "x<y>\x01";
  v.thresholds = {{"p99 < 1ms", "", 2e6, false}};
  run.variants.push_back(v);
  const auto xml = junit_formatter{}.render(run);
  std::vector<std::string> elements;
  EXPECT_EQ(check_xml(xml, elements), "") << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("actual 2.00 ms, limit &lt; 1ms"), std::string::npos);
}

TEST(JunitFormatter, TheCheckerRejectsBrokenXml) {
  std::vector<std::string> elements;
  EXPECT_NE(check_xml("<a><b></a></b>", elements), "");
  EXPECT_NE(check_xml("<a x=\"1>text</a>", elements), "");
  EXPECT_NE(check_xml("<a>fish & chips</a>", elements), "");
}

}  // namespace
}  // namespace portico::reports
