#pragma once
// app_http_response: GoFr's request-duration histogram (seconds; labels path, method, status), recorded once per
// response on every worker thread.
//
// Why not a prometheus::Histogram: Family::Add locks and hashes a std::map of labels, and Histogram::Observe takes a
// per-series mutex, so every worker would contend on the cache lines of the busiest series, against the
// shared-nothing worker design (ADR 0002). Instead each thread counts into its own shard of each series, with
// plain stores (one writer per shard), found through a thread-local table keyed by (route, method, status); the
// shards are added up only when /metrics is scraped. The steady state takes no lock and no atomic read-modify-write.
//
// Cardinality is bounded: unmatched requests share path="unmatched" (GoFr uses the raw path, so every scanner probe
// mints a series); methods outside RFC 9110's nine are method="_OTHER"; and past `series_limit` label sets new ones
// are added up in one series labelled otel_metric_overflow="true", the OpenTelemetry SDK's convention.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>

namespace gofr {
class Logger;
}

namespace gofr::metrics {

class HttpMetrics final : public prometheus::Collectable {
 public:
  static constexpr std::string_view name = "app_http_response";
  // GoFr's HTTP buckets, in seconds.
  static constexpr std::array<double, 18> buckets{.001, .003, .005, .01, .02, .03, .05, .1, .2,
                                                  .3,   .5,   .75,  1,   2,   3,   5,   10, 30};
  static constexpr std::string_view unmatched_path = "unmatched";

  // `scope_labels` go on every series. `logger` (may be null) gets one WARN when the limit is first reached.
  HttpMetrics(prometheus::Labels scope_labels, std::size_t series_limit, Logger* logger);
  ~HttpMetrics() override;
  HttpMetrics(const HttpMetrics&) = delete;
  HttpMetrics& operator=(const HttpMetrics&) = delete;

  // One response. `route` is the matched route's template ("/users/{id}"), or empty when no route matched; it must
  // come from a bounded set (the route table), never the raw request path. A trailing '/' is dropped except on "/",
  // as GoFr does. `method` is the request method, `seconds` the duration (a negative or NaN one counts as 0).
  // Any thread; lock-free once the thread has seen this (route, method, status).
  void observe(std::string_view route, std::string_view method, int status, double seconds) noexcept;

  // The family as prometheus-cpp's serializer takes it; empty before the first observation.
  std::vector<prometheus::MetricFamily> Collect() const override;

  // Distinct label sets, the overflow series excluded.
  std::size_t series() const;

 private:
  struct Shard;
  struct Series;
  struct ThreadCache;

  static ThreadCache& this_thread_cache() noexcept;
  // The slow path: finds or creates the series and this thread's shard of it, under the mutex.
  Shard* find_shard(std::string_view route, std::uint8_t method, int status, const ThreadCache& thread);

  const std::uint64_t id_;  // never reused, so a thread's cache can tell this instance from a destroyed one
  const prometheus::Labels scope_labels_;
  const std::size_t series_limit_;
  Logger* const logger_;

  mutable std::mutex mutex_;   // guards everything below; never taken on the steady-state path
  std::deque<Series> series_;  // stable addresses, in creation order (the scrape order)
  std::unordered_map<std::string, Series*> index_;
  Series* overflow_ = nullptr;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace gofr::metrics
