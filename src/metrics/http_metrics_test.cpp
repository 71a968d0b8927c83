#include "metrics/http_metrics.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace gofr::metrics {
namespace {

const prometheus::Labels scope{{"otel_scope_name", "svc"}, {"otel_scope_schema_url", ""}, {"otel_scope_version", "1"}};

struct Observed {
  std::vector<std::uint64_t> cumulative;  // per bucket, +Inf last
  std::uint64_t count = 0;
  double sum = 0;
};

// Series by their labels without the scope, e.g. "method=GET,path=/x,status=200".
std::map<std::string, Observed> collect(const HttpMetrics& http) {
  std::map<std::string, Observed> out;
  const auto families = http.Collect();
  if (families.empty()) return out;
  EXPECT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].name, "app_http_response");
  EXPECT_EQ(families[0].type, prometheus::MetricType::Histogram);
  for (const auto& metric : families[0].metric) {
    std::string key;
    EXPECT_GE(metric.label.size(), 3u);
    EXPECT_EQ(metric.label[0].name, "otel_scope_name");
    EXPECT_EQ(metric.label[1].name, "otel_scope_schema_url");
    EXPECT_EQ(metric.label[2].name, "otel_scope_version");
    for (std::size_t i = 3; i < metric.label.size(); ++i) {
      key += (key.empty() ? "" : ",") + metric.label[i].name + "=" + metric.label[i].value;
    }
    auto& o = out[key];
    for (const auto& b : metric.histogram.bucket) o.cumulative.push_back(b.cumulative_count);
    o.count = metric.histogram.sample_count;
    o.sum = metric.histogram.sample_sum;
  }
  return out;
}

TEST(HttpMetrics, RecordsGofrsHistogramWithCumulativeBuckets) {
  HttpMetrics http(scope, 100, nullptr);
  EXPECT_TRUE(http.Collect().empty());
  http.observe("/users/{id}", "GET", 200, 0.004);
  http.observe("/users/{id}", "GET", 200, 0.005);  // on a bound: counts in that bucket ("le")
  http.observe("/users/{id}", "GET", 200, 45);     // beyond the last bound: only +Inf

  const auto families = http.Collect();
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].help, "Response time of HTTP requests in seconds.");
  const auto& buckets = families[0].metric.at(0).histogram.bucket;
  ASSERT_EQ(buckets.size(), 19u);
  for (std::size_t i = 0; i < HttpMetrics::buckets.size(); ++i)
    EXPECT_EQ(buckets[i].upper_bound, HttpMetrics::buckets[i]);
  EXPECT_TRUE(std::isinf(buckets.back().upper_bound));

  const auto series = collect(http);
  ASSERT_EQ(series.size(), 1u);
  const auto& o = series.at("method=GET,path=/users/{id},status=200");
  EXPECT_EQ(o.cumulative, (std::vector<std::uint64_t>{0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3}));
  EXPECT_EQ(o.count, 3u);
  EXPECT_DOUBLE_EQ(o.sum, 45.009);
}

TEST(HttpMetrics, EveryValueLandsInTheFirstBucketWhoseBoundItDoesNotExceed) {
  std::vector<double> values{0, 1e-9, 1e9, std::numeric_limits<double>::infinity()};
  for (const double bound : HttpMetrics::buckets) {
    values.push_back(bound);
    values.push_back(std::nextafter(bound, 0.0));
    values.push_back(std::nextafter(bound, 100.0));
  }
  for (const double value : values) {
    HttpMetrics http(scope, 100, nullptr);
    http.observe("/x", "GET", 200, value);
    std::size_t expected = 0;  // the reference: a linear scan
    while (expected < HttpMetrics::buckets.size() && value > HttpMetrics::buckets[expected]) ++expected;
    const auto o = collect(http).at("method=GET,path=/x,status=200");
    for (std::size_t i = 0; i < o.cumulative.size(); ++i) {
      EXPECT_EQ(o.cumulative[i], i >= expected ? 1u : 0u) << "value " << value << " bucket " << i;
    }
  }
}

TEST(HttpMetrics, KnowsEveryStandardMethod) {
  HttpMetrics http(scope, 100, nullptr);
  const std::vector<std::string> methods{"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                         "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  for (const auto& method : methods) http.observe("/x", method, 200, 0.001);
  for (const auto* other : {"", "GE", "GETS", "PUSH", "PATCHY", "DELETES", "OPTION", "CONNECTS", "post"}) {
    http.observe("/x", other, 200, 0.001);
  }
  const auto series = collect(http);
  for (const auto& method : methods) EXPECT_EQ(series.at("method=" + method + ",path=/x,status=200").count, 1u);
  EXPECT_EQ(series.at("method=_OTHER,path=/x,status=200").count, 9u);
}

TEST(HttpMetrics, TellsApartRoutesOfEveryLengthThatDifferInOneByte) {
  HttpMetrics http(scope, 1000, nullptr);
  std::vector<std::string> routes;
  for (std::size_t n = 1; n <= 40; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      std::string route(n + 1, 'a');  // built in place: GCC 12 misreads "/" + std::string(…) (-Wstringop-overflow)
      route[0] = '/';
      route[1 + at] = 'b';
      routes.push_back(route);
    }
    std::string all_a(n + 1, 'a');
    all_a[0] = '/';
    routes.push_back(all_a);
  }
  for (int round = 0; round < 2; ++round) {  // the second round is answered from the thread's cache
    for (const auto& route : routes) http.observe(route, "GET", 200, 0.001);
  }
  const auto series = collect(http);
  EXPECT_EQ(series.size(), routes.size());
  for (const auto& route : routes) EXPECT_EQ(series.at("method=GET,path=" + route + ",status=200").count, 2u) << route;
}

TEST(HttpMetrics, BoundsLabelValues) {
  HttpMetrics http(scope, 100, nullptr);
  http.observe("", "GET", 404, 0.001);  // no route matched
  http.observe("", "POST", 404, 0.001);
  http.observe("/orders/", "GET", 200, 0.001);  // trailing slash dropped, as GoFr does
  http.observe("/orders", "GET", 200, 0.001);   // … so both are one series
  http.observe("/", "GET", 200, 0.001);         // but the root stays "/"
  http.observe("/orders", "BREW", 405, 0.001);  // client-chosen methods do not choose series
  http.observe("/orders", "get", 405, 0.001);
  http.observe("/orders", "PATCH", 204, 0.001);

  const auto series = collect(http);
  EXPECT_EQ(series.at("method=GET,path=unmatched,status=404").count, 1u);
  EXPECT_EQ(series.at("method=POST,path=unmatched,status=404").count, 1u);
  EXPECT_EQ(series.at("method=GET,path=/orders,status=200").count, 2u);
  EXPECT_EQ(series.at("method=GET,path=/,status=200").count, 1u);
  EXPECT_EQ(series.at("method=_OTHER,path=/orders,status=405").count, 2u);
  EXPECT_EQ(series.at("method=PATCH,path=/orders,status=204").count, 1u);
  EXPECT_EQ(series.size(), 6u);
  EXPECT_EQ(http.series(), 6u);
}

TEST(HttpMetrics, NegativeAndNanDurationsCountAsZero) {
  HttpMetrics http(scope, 100, nullptr);
  http.observe("/x", "GET", 200, -1);
  http.observe("/x", "GET", 200, std::numeric_limits<double>::quiet_NaN());
  const auto o = collect(http).at("method=GET,path=/x,status=200");
  EXPECT_EQ(o.cumulative.front(), 2u);
  EXPECT_EQ(o.sum, 0);
}

TEST(HttpMetrics, LabelSetsBeyondTheLimitGoToTheOverflowSeries) {
  HttpMetrics http(scope, 2, nullptr);
  http.observe("/a", "GET", 200, 0.001);
  http.observe("/b", "GET", 200, 0.001);
  http.observe("/c", "GET", 200, 0.001);
  http.observe("/d", "GET", 200, 0.001);
  http.observe("/c", "GET", 200, 0.001);
  http.observe("/a", "GET", 200, 0.001);  // known sets keep their series
  const auto series = collect(http);
  EXPECT_EQ(series.at("method=GET,path=/a,status=200").count, 2u);
  EXPECT_EQ(series.at("method=GET,path=/b,status=200").count, 1u);
  EXPECT_EQ(series.at("otel_metric_overflow=true").count, 3u);
  EXPECT_EQ(series.size(), 3u);
  EXPECT_EQ(http.series(), 2u);
}

TEST(HttpMetrics, ThreadsCountIntoTheirOwnShardsAndTheScrapeAddsThemUp) {
  HttpMetrics http(scope, 100, nullptr);
  constexpr int threads = 4, per_thread = 50'000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&http, t] {
      for (int i = 0; i < per_thread; ++i) {
        http.observe("/shared", "GET", 200, 0.002);
        http.observe(t % 2 ? "/odd" : "/even", "POST", 201 + i % 2, 0.5);
      }
    });
  }
  // Scrapes run while the workers write.
  for (int i = 0; i < 20; ++i) {
    const auto series = collect(http);
    if (series.contains("method=GET,path=/shared,status=200")) {
      EXPECT_LE(series.at("method=GET,path=/shared,status=200").count, std::uint64_t{threads * per_thread});
    }
  }
  for (auto& w : workers) w.join();
  const auto series = collect(http);
  const auto& shared = series.at("method=GET,path=/shared,status=200");
  EXPECT_EQ(shared.count, std::uint64_t{threads * per_thread});
  EXPECT_NEAR(shared.sum, threads * per_thread * 0.002, 1e-6);
  EXPECT_EQ(series.at("method=POST,path=/odd,status=201").count, std::uint64_t{per_thread});
  EXPECT_EQ(series.at("method=POST,path=/even,status=202").count, std::uint64_t{per_thread});
}

TEST(HttpMetrics, CountsOfExitedThreadsRemain) {
  HttpMetrics http(scope, 100, nullptr);
  std::thread([&] { http.observe("/x", "GET", 200, 0.1); }).join();
  std::thread([&] { http.observe("/x", "GET", 200, 0.1); }).join();
  EXPECT_EQ(collect(http).at("method=GET,path=/x,status=200").count, 2u);
}

TEST(HttpMetrics, InstancesUsedByOneThreadKeepTheirCountsApart) {
  HttpMetrics a(scope, 100, nullptr);
  for (int i = 0; i < 3; ++i) {
    HttpMetrics b(scope, 100, nullptr);  // a new instance, maybe at a destroyed one's address
    a.observe("/x", "GET", 200, 0.1);
    b.observe("/x", "GET", 200, 0.1);
    b.observe("/x", "GET", 200, 0.1);
    a.observe("/x", "GET", 200, 0.1);
    EXPECT_EQ(collect(b).at("method=GET,path=/x,status=200").count, 2u);
  }
  EXPECT_EQ(collect(a).at("method=GET,path=/x,status=200").count, 6u);
}

TEST(HttpMetrics, ManyDistinctKeysKeepTheThreadCacheBounded) {
  HttpMetrics http(scope, 20'000, nullptr);
  // More keys than the cache holds: it starts over, and every observation still lands in its series.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 10'000; ++i) http.observe("/r" + std::to_string(i), "GET", 200, 0.001);
  }
  const auto series = collect(http);
  EXPECT_EQ(series.size(), 10'000u);
  EXPECT_EQ(series.at("method=GET,path=/r9999,status=200").count, 2u);
}

}  // namespace
}  // namespace gofr::metrics
