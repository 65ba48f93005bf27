#include "gateway/pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace portico::gateway {
namespace {

// A stage that logs its name and returns a scripted result.
class scripted_stage final : public stage {
 public:
  scripted_stage(std::string name, stage_result result, std::string& log) : name_(std::move(name)), result_(result), log_(log) {}
  std::string_view name() const noexcept override { return name_; }
  stage_result on_request(request_context&) const override {
    log_ += name_ + ">";
    return result_;
  }
  void on_response(request_context&) const noexcept override { log_ += "<" + name_; }

 private:
  std::string name_;
  stage_result result_;
  std::string& log_;
};

TEST(Pipeline, RunsStagesInOrderUntilOneResponds) {
  std::string log;
  pipeline p;
  p.add(std::make_unique<scripted_stage>("a", stage_result::next(), log));
  p.add(std::make_unique<scripted_stage>("b", stage_result::respond(), log));
  p.add(std::make_unique<scripted_stage>("c", stage_result::next(), log));
  request_context ctx;
  const auto step = p.run(ctx);
  EXPECT_EQ(step.result.action, stage_result::kind::respond);
  EXPECT_EQ(step.stopped_at, 1u);
  p.finish(ctx, step.stopped_at + 1);
  EXPECT_EQ(log, "a>b><b<a");
}

TEST(Pipeline, DelayReportsWhereToResume) {
  std::string log;
  pipeline p;
  p.add(std::make_unique<scripted_stage>("shape", stage_result::delay(std::chrono::milliseconds(5)), log));
  p.add(std::make_unique<scripted_stage>("after", stage_result::next(), log));
  request_context ctx;
  const auto step = p.run(ctx);
  EXPECT_EQ(step.result.action, stage_result::kind::delay);
  EXPECT_EQ(step.result.wait, std::chrono::milliseconds(5));
  const auto rest = p.run(ctx, step.stopped_at + 1);
  EXPECT_EQ(rest.result.action, stage_result::kind::next);
  EXPECT_EQ(rest.stopped_at, p.size());
  EXPECT_EQ(log, "shape>after>");
}

TEST(AsyncSlot, DeliversAResultThatArrivesBeforeTheWaiter) {
  request_context ctx;
  auto handle = ctx_resume(ctx);
  handle.resume(stage_result::respond());
  stage_result got = stage_result::next();
  ctx.slot->wait([&](stage_result r) { got = r; });
  EXPECT_EQ(got.action, stage_result::kind::respond);
}

TEST(AsyncSlot, DeliversAResultFromAnotherThreadAfterTheWaiter) {
  request_context ctx;
  auto handle = ctx_resume(ctx);
  std::atomic<int> calls{0};
  ctx.slot->wait([&](stage_result r) {
    if (r.action == stage_result::kind::next) ++calls;
  });
  std::thread([handle] { handle.resume(stage_result::next()); }).join();
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace portico::gateway
