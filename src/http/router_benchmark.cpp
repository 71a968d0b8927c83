// Per-request costs of the pieces on the hot path that are not I/O: route matching, path cleaning, response
// head serialisation. Run: build/src/http_benchmark
#include <benchmark/benchmark.h>

#include "http/path.hpp"
#include "http/router.hpp"
#include "http/wire.hpp"

namespace {

using gofr::http::Router;

Router<int> make_router() {
  Router<int> r;
  r.add("GET", "/hello", 1);
  r.add("GET", "/users/{id}", 2);
  r.add("GET", "/users/{id}/orders/{order:[0-9]+}", 3);
  for (int i = 0; i < 50; ++i) r.add("GET", "/static/route" + std::to_string(i), 10 + i);
  return r;
}

void BM_RouteStatic(benchmark::State& state) {
  auto r = make_router();
  Router<int>::Match m;
  for (auto _ : state) benchmark::DoNotOptimize(r.match("GET", "/hello", m));
}
BENCHMARK(BM_RouteStatic);

void BM_RouteWithParams(benchmark::State& state) {
  auto r = make_router();
  Router<int>::Match m;
  for (auto _ : state) benchmark::DoNotOptimize(r.match("GET", "/users/42/orders/7", m));
}
BENCHMARK(BM_RouteWithParams);

void BM_RouteNotFound(benchmark::State& state) {
  auto r = make_router();
  Router<int>::Match m;
  for (auto _ : state) benchmark::DoNotOptimize(r.match("GET", "/nothing/here", m));
}
BENCHMARK(BM_RouteNotFound);

void BM_CleanPathAlreadyClean(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gofr::http::clean_path("/users/42/orders"));
}
BENCHMARK(BM_CleanPathAlreadyClean);

void BM_SerializeHead(benchmark::State& state) {
  gofr::http::Response response;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = R"({"data":"Hello World!"})";
  std::string out;
  const std::string extra = "X-Correlation-ID: 0123456789abcdef0123456789abcdef\r\nAccess-Control-Allow-Origin: *\r\n";
  for (auto _ : state) {
    out.clear();
    gofr::http::serialize_head(out, response, {}, extra);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_SerializeHead);

}  // namespace
