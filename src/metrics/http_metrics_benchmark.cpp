// The per-request cost of app_http_response, against the prometheus-cpp ways of recording it, and the scrape cost.
// Run: build/src/metrics_benchmark
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "gofr/logging.hpp"
#include "gofr/metrics.hpp"
#include "metrics/http_metrics.hpp"
#include "metrics/registry.hpp"

namespace {

using gofr::metrics::HttpMetrics;

const prometheus::Labels scope{
    {"otel_scope_name", "bench"}, {"otel_scope_schema_url", ""}, {"otel_scope_version", "1"}};
const prometheus::Histogram::BucketBoundaries http_buckets(HttpMetrics::buckets.begin(), HttpMetrics::buckets.end());

// The steady state: one route, as under a load test.
void BM_Observe(benchmark::State& state) {
  static HttpMetrics* http = nullptr;
  if (state.thread_index() == 0) http = new HttpMetrics(scope, 2000, nullptr);
  double seconds = 0.0001;
  for (auto _ : state) {
    http->observe("/users/{id}", "GET", 200, seconds);
    seconds = seconds < 1 ? seconds * 1.5 : 0.0001;  // walk the buckets
  }
  if (state.thread_index() == 0) {  // the loop ends with a barrier: no thread uses it any more
    delete http;
    http = nullptr;
  }
}
BENCHMARK(BM_Observe)->Threads(1)->Threads(2);

// A service's mix: 8 routes × 4 methods/statuses, so the thread cache probes a populated table.
void BM_ObserveMixedRoutes(benchmark::State& state) {
  HttpMetrics http(scope, 2000, nullptr);
  std::vector<std::string> routes;
  for (int i = 0; i < 8; ++i) routes.push_back("/api/v1/resource" + std::to_string(i) + "/{id}");
  constexpr std::array<std::pair<const char*, int>, 4> outcomes{
      {{"GET", 200}, {"POST", 201}, {"GET", 404}, {"DELETE", 204}}};
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [method, status] = outcomes[i % outcomes.size()];
    http.observe(routes[(i / outcomes.size()) % routes.size()], method, status, 0.003);
    ++i;
  }
}
BENCHMARK(BM_ObserveMixedRoutes);

// prometheus-cpp with the series pointer cached: Histogram::Observe locks a per-series mutex.
void BM_PrometheusHistogramCached(benchmark::State& state) {
  static prometheus::Registry* registry = nullptr;
  static prometheus::Histogram* histogram = nullptr;
  if (state.thread_index() == 0) {
    registry = new prometheus::Registry;
    histogram = &prometheus::BuildHistogram()
                     .Name("app_http_response")
                     .Help("x")
                     .Labels(scope)
                     .Register(*registry)
                     .Add({{"path", "/users/{id}"}, {"method", "GET"}, {"status", "200"}}, http_buckets);
  }
  for (auto _ : state) histogram->Observe(0.004);
  if (state.thread_index() == 0) {
    delete registry;
    registry = nullptr;
  }
}
BENCHMARK(BM_PrometheusHistogramCached)->Threads(1)->Threads(2);

// prometheus-cpp used naively: Family::Add with a freshly built label map on every request.
void BM_PrometheusFamilyAddPerRequest(benchmark::State& state) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildHistogram().Name("app_http_response").Help("x").Labels(scope).Register(registry);
  for (auto _ : state) {
    family.Add({{"path", "/users/{id}"}, {"method", "GET"}, {"status", std::to_string(200)}}, http_buckets)
        .Observe(0.004);
  }
}
BENCHMARK(BM_PrometheusFamilyAddPerRequest);

struct NullLogger {
  int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  gofr::Logger logger{{.pretty = false, .out_fd = fd, .err_fd = fd}};
  ~NullLogger() { ::close(fd); }
};

// The user API for comparison: name lookup, label canonicalisation, series lookup under the metric's mutex.
void BM_UserCounterWithLabels(benchmark::State& state) {
  NullLogger log;
  gofr::metrics::Registry registry({.process_metrics = false}, log.logger);
  auto& m = registry.metrics();
  m.new_counter("orders_created_total", "x");
  for (auto _ : state) m.increment_counter("orders_created_total", {{"channel", "web"}, {"region", "eu"}});
}
BENCHMARK(BM_UserCounterWithLabels);

// One scrape of a service with `range(0)` HTTP series and the process series.
void BM_Serialize(benchmark::State& state) {
  NullLogger log;
  gofr::metrics::Registry registry({}, log.logger);
  for (int i = 0; i < state.range(0); ++i) registry.http().observe("/r" + std::to_string(i), "GET", 200, 0.01);
  std::size_t bytes = 0;
  for (auto _ : state) bytes = registry.serialize().size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Serialize)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace
