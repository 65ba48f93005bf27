// The results files in tests/fixtures/results/ (used by the CLI tests and for screenshots) are
// written from sample_run.hpp. Regenerate them with:
//   PORTICO_WRITE_FIXTURES=1 build/dev/tests/unit_reports --gtest_filter='ResultsFixtures.*'
#include "core/results/results_json.hpp"
#include "reports/metrics.hpp"
#include "reports/thresholds.hpp"
#include "sample_run.hpp"
#include "tests/support/paths.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace portico::reports {
namespace {

struct fixture {
  const char* file;
  testing::sample_options options;
};

std::vector<fixture> fixtures() {
  testing::sample_options slower;
  slower.slowdown = 1.3;
  testing::sample_options four;  // the limiter shoot-out's four algorithms: for overlays and screenshots
  four.variants = 4;
  return {{"sample.json", {}},
          {"sample_regressed.json", slower},
          {"single.json", testing::single_variant()},
          {"four_variants.json", four}};
}

TEST(ResultsFixtures, ParseAndCarryThresholdsThatMatchTheirOwnNumbers) {
  const bool write = std::getenv("PORTICO_WRITE_FIXTURES") != nullptr;
  for (const auto& f : fixtures()) {
    const auto path = testing::source_path(std::string("tests/fixtures/results/") + f.file);
    std::string error;
    if (write) {
      ASSERT_TRUE(core::write_results_file(testing::sample_run(f.options), path, &error)) << error;
    }
    const auto run = core::read_results_file(path, &error);
    ASSERT_TRUE(run.has_value()) << path << ": " << error;
    EXPECT_EQ(run->schema, core::results_schema_id);
    ASSERT_FALSE(run->variants.empty());
    for (const auto& v : run->variants) {
      const auto* measure = measure_phase(v);
      ASSERT_NE(measure, nullptr);
      EXPECT_EQ(v.thresholds, evaluate_thresholds(testing::sample_thresholds(), *measure)) << f.file << " " << v.name;
    }
  }
}

TEST(ResultsFixtures, SampleRunSurvivesAJsonRoundTrip) {
  const auto run = testing::sample_run();
  std::string error;
  const auto back = core::read_results_json(core::write_results_json(run), &error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(*back, run);
}

}  // namespace
}  // namespace portico::reports
