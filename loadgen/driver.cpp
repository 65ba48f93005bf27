#include "loadgen/driver.hpp"

#include "core/stats/interval_recorder.hpp"
#include "loadgen/request_mix.hpp"
#include "loadgen/schedule.hpp"
#include "loadgen/target.hpp"
#include "loadgen/tls.hpp"
#include "loadgen/worker.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

namespace portico::loadgen {

namespace {

using std::chrono::nanoseconds;
constexpr std::int64_t second_ns = 1'000'000'000;

struct totals {
  std::uint64_t sent = 0, completed = 0, errors = 0, non_2xx = 0;
};

totals read_live(const std::vector<std::unique_ptr<live_counters>>& live) {
  totals t;
  for (const auto& l : live) {
    t.sent += l->sent.load(std::memory_order_relaxed);
    t.completed += l->completed.load(std::memory_order_relaxed);
    t.errors += l->errors.load(std::memory_order_relaxed);
    t.non_2xx += l->non_2xx.load(std::memory_order_relaxed);
  }
  return t;
}

void validate(const core::load_config& load, const core::phases_config& phases) {
  if (load.connections < 1) throw config_error("connections must be >= 1");
  if (load.threads < 1) throw config_error("threads must be >= 1");
  if (load.pipeline < 1) throw config_error("pipeline depth must be >= 1");
  if (load.timeout.count() <= 0) throw config_error("timeout must be > 0");
  if (phases.measure.count() <= 0) throw config_error("measure phase must be longer than 0");
  if (phases.warmup.count() < 0 || phases.drain.count() < 0) throw config_error("phases must not be negative");
  if (load.type == core::load_config::model::open) {
    if (load.schedule.empty()) throw config_error("open model needs a schedule (a rate)");
    for (const auto& stage : load.schedule) {
      if (stage.target.per_second < 0) throw config_error("rates must not be negative");
      if (stage.length.count() < 0) throw config_error("stage lengths must not be negative");
    }
  }
}

// The average intended rate over [from, to) of the schedule.
double intended_rate(const core::load_config& load, nanoseconds from, nanoseconds to) {
  if (load.type != core::load_config::model::open || to <= from) return 0;
  const rate_profile profile(load.schedule);
  return (profile.count_by(to) - profile.count_by(from)) / (static_cast<double>((to - from).count()) * 1e-9);
}

}  // namespace

result run(const core::load_config& load, const core::phases_config& phases, std::uint64_t seed,
           const core::clock& clock, const progress_callback& on_progress, std::stop_token stop) {
  validate(load, phases);
  std::string error;
  const auto destination = parse_target(load.target, &error);
  if (!destination) throw config_error(error);
  tls_context tls;
  if (destination->tls) {
    auto made = make_tls_context(load, &error);
    if (!made) throw config_error(error);
    tls = std::move(*made);
  }
  auto templates = load.requests;
  for (auto& t : templates) {
    if (t.path.empty()) t.path = destination->path;
  }
  if (templates.empty()) {
    core::request_template t;
    t.path = destination->path;
    templates.push_back(t);
  }
  const auto mix = request_mix::compile(templates, destination->host_header, &error);
  if (!mix) throw config_error(error);

  const int threads = std::min(load.threads, load.connections);
  const bool open_model = load.type == core::load_config::model::open;
  const core::histogram_options options{};
  core::interval_recorder corrected_recorder(options), uncorrected_recorder(options);
  std::vector<std::unique_ptr<live_counters>> live;
  std::vector<std::unique_ptr<worker>> workers;
  std::atomic<bool> stop_flag{false};

  const core::time_point start = clock.now();
  const core::time_point warmup_end = start + phases.warmup;
  const core::time_point measure_end = warmup_end + phases.measure;
  for (int w = 0; w < threads; ++w) {
    live.push_back(std::make_unique<live_counters>());
    worker_plan plan{.config = &load, .destination = &*destination, .tls = tls.get(), .clock = &clock,
                     .start = start, .warmup_end = warmup_end, .measure_end = measure_end, .drain = phases.drain,
                     .connections = load.connections / threads + (w < load.connections % threads ? 1 : 0),
                     .quota = load.max_requests / static_cast<std::uint64_t>(threads) +
                              (static_cast<std::uint64_t>(w) < load.max_requests % static_cast<std::uint64_t>(threads) ? 1 : 0),
                     .arrivals = std::nullopt, .mix = *mix, .seed = seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(w) + 1,
                     .live = live.back().get(), .timeline = &corrected_recorder,
                     .timeline_uncorrected = &uncorrected_recorder, .stop = &stop_flag};
    if (load.max_requests != 0 && plan.quota == 0) plan.quota = 1;  // fewer requests than threads
    if (open_model) plan.arrivals.emplace(load.schedule, load.arrival, seed, threads, w);
    workers.push_back(std::make_unique<worker>(std::move(plan)));
  }

  std::atomic<int> running{threads};
  std::vector<std::thread> pool;
  for (auto& w : workers) {
    pool.emplace_back([&w, &running] {
      w->run();
      running.fetch_sub(1, std::memory_order_release);
    });
  }

  result out;
  out.target = load.target;
  out.threads = threads;
  std::vector<core::timeline_point> timeline;
  totals previous;
  std::int64_t next_tick = start.since_epoch.count() + second_ns;
  bool measuring = false;
  std::int64_t interval_start = warmup_end.since_epoch.count();
  auto sample = [&](std::int64_t at, bool final) {
    auto corrected = corrected_recorder.take_interval();
    auto uncorrected = uncorrected_recorder.take_interval();
    const totals now_totals = read_live(live);
    const std::int64_t length = at - interval_start;
    if (final && corrected.count() == 0 && uncorrected.count() == 0 && now_totals.sent == previous.sent &&
        now_totals.errors == previous.errors)
      return;
    core::timeline_point p;
    p.second = (interval_start - warmup_end.since_epoch.count()) / second_ns;
    p.sent = now_totals.sent - previous.sent;
    p.completed = now_totals.completed - previous.completed;
    p.errors = now_totals.errors - previous.errors;
    p.non_2xx = now_totals.non_2xx - previous.non_2xx;
    p.p50_ns = corrected.value_at_percentile(50);
    p.p90_ns = corrected.value_at_percentile(90);
    p.p99_ns = corrected.value_at_percentile(99);
    p.max_ns = corrected.max();
    timeline.push_back(p);
    out.intervals.push_back({interval_start - warmup_end.since_epoch.count(), length,
                             corrected.encode_v2_compressed_base64(), uncorrected.encode_v2_compressed_base64(),
                             corrected.max(), uncorrected.max()});
    if (on_progress) {
      const double seconds = static_cast<double>(std::max<std::int64_t>(1, length)) * 1e-9;
      on_progress({false, static_cast<double>(at - warmup_end.since_epoch.count()) * 1e-9,
                   static_cast<double>(p.sent) / seconds, static_cast<double>(p.completed) / seconds, p.p99_ns,
                   now_totals.sent, now_totals.completed, now_totals.errors});
    }
    previous = now_totals;
    interval_start = at;
  };

  while (running.load(std::memory_order_acquire) > 0) {
    if (stop.stop_requested()) stop_flag.store(true, std::memory_order_relaxed);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::int64_t now = clock.now().since_epoch.count();
    if (!measuring && now >= warmup_end.since_epoch.count()) {
      // Anything recorded before the measure phase is not part of the timeline.
      corrected_recorder.take_interval();
      uncorrected_recorder.take_interval();
      measuring = true;
      interval_start = warmup_end.since_epoch.count();
      next_tick = interval_start + second_ns;
    }
    if (now >= next_tick) {
      if (measuring) {
        sample(next_tick, false);
      } else if (on_progress) {
        on_progress({true, static_cast<double>(now - start.since_epoch.count()) * 1e-9, 0, 0, 0, 0, 0, 0});
      }
      next_tick += second_ns;
    }
  }
  for (auto& t : pool) t.join();
  if (measuring) sample(clock.now().since_epoch.count(), true);

  phase_stats warmup_stats(mix->size()), measure_stats(mix->size());
  core::time_point stopped = start;
  for (const auto& w : workers) {
    warmup_stats.merge(w->warmup());
    measure_stats.merge(w->measure());
    stopped = std::max(stopped, w->measure_stopped());
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < mix->size(); ++i) names.push_back(mix->at(i).name);
  const auto measured_until = std::min(std::max(stopped, warmup_end), measure_end);
  phase_shape shape{"warmup", phases.warmup.count(), open_model, load.connections,
                    intended_rate(load, nanoseconds{0}, phases.warmup), names};
  out.warmup = to_phase_result(warmup_stats, shape);
  shape.name = "measure";
  shape.duration_ns = (measured_until - warmup_end).count();
  shape.intended_rate = intended_rate(load, phases.warmup, phases.warmup + phases.measure);
  out.measure = to_phase_result(measure_stats, shape);
  out.measure.timeline = std::move(timeline);
  out.warmup.overall.counts.error_examples = warmup_stats.error_examples;
  out.measure.overall.counts.error_examples = measure_stats.error_examples;
  return out;
}

}  // namespace portico::loadgen
