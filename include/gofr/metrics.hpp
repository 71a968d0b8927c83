#pragma once
// Custom metrics: GoFr's app.Metrics(). Register a metric once by name, then record it by name from any thread.
// Custom metrics are served with the framework's series on METRICS_PORT at /metrics, in Prometheus text format, and
// like GoFr's every series carries otel_scope_name=<APP_NAME>, otel_scope_version=<APP_VERSION> and
// otel_scope_schema_url="".
//
//   auto& m = app.metrics();
//   m.new_counter("orders_created_total", "Orders created.");
//   m.new_histogram("order_value_euros", "Order value in euros.", {5, 10, 50, 100, 500});
//   …
//   m.increment_counter("orders_created_total", {{"channel", "web"}});
//   m.record_histogram("order_value_euros", 42.5, {{"channel", "web"}});
//
// Names are shown as GoFr's exporter shows them: '-' and '.' become '_' ("counter-test" is scraped as counter_test),
// and counters get no "_total" suffix, so name counters "…_total" yourself (docs/metrics.md).
//
// Errors: registration mistakes are programming errors and throw std::invalid_argument. Recording never throws: an
// unregistered name logs GoFr's ERROR "Metrics <name> is not registered" (at most once a minute per name) and
// records nothing; so does an invalid label name or a non-finite value.
//
// Labels: any label set is accepted on any recording, as in GoFr. Each distinct set is its own series, so keep the
// keys of one metric the same everywhere or PromQL aggregations will not line up. A metric holds at most 2000 label
// sets by default (the OpenTelemetry SDK's limit, which GoFr runs with); later new sets are added up in one series
// labelled otel_metric_overflow="true", and a WARN line says so once.
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace gofr {

class Logger;
namespace metrics {
class Registry;
struct SeriesLookup;
}

// One label of a recording: {"key", "value"}.
using MetricLabel = std::pair<std::string_view, std::string_view>;

// The labels of one recording, read during the call only: a braced list {{"method", "GET"}, {"status", "200"}} or
// any contiguous range of MetricLabel (std::vector, std::array, std::span). GoFr's flat list "k1", "v1", "k2", "v2"
// is written {{"k1", "v1"}, {"k2", "v2"}}, which cannot have an odd length. A key given twice keeps the last value.
class MetricLabels {
 public:
  constexpr MetricLabels() noexcept = default;
  constexpr MetricLabels(std::initializer_list<MetricLabel> labels) noexcept : labels_(labels.begin(), labels.size()) {}
  // Any contiguous container of MetricLabel. (Constrained on data()/size() rather than <ranges>, which would weigh
  // on every file that includes gofr/context.hpp.)
  template <class Range>
  requires requires(const Range& r) {
    { r.data() } -> std::convertible_to<const MetricLabel*>;
    { r.size() } -> std::convertible_to<std::size_t>;
  }
  constexpr MetricLabels(const Range& labels) noexcept : labels_(labels.data(), labels.size()) {}

  constexpr auto begin() const noexcept { return labels_.begin(); }
  constexpr auto end() const noexcept { return labels_.end(); }
  constexpr std::size_t size() const noexcept { return labels_.size(); }
  constexpr bool empty() const noexcept { return labels_.empty(); }

 private:
  std::span<const MetricLabel> labels_;
};

class Metrics {
 public:
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Registration, from any thread at any time (usually before run()). Each throws std::invalid_argument for a name
  // that is invalid after the '-'/'.' rewrite, or already taken by any metric, the framework's included.
  // A counter only goes up (increment_counter). Scraped as a Prometheus counter.
  void new_counter(std::string_view name, std::string_view description);
  // A value that goes up and down by deltas (in-flight jobs, queue depth). Scraped as a gauge, as GoFr's are.
  void new_up_down_counter(std::string_view name, std::string_view description);
  // `buckets` are the upper bounds, finite and strictly increasing (else std::invalid_argument); +Inf is implied.
  // No bounds means a single +Inf bucket: only _count and _sum.
  void new_histogram(std::string_view name, std::string_view description, std::vector<double> buckets);
  // A value that is set (temperature, cache size); each label set keeps the last value set.
  void new_gauge(std::string_view name, std::string_view description);

  // Recording, from any thread.
  void increment_counter(std::string_view name, MetricLabels labels = {});
  // `delta` may be negative; NaN and infinities are refused (logged).
  void delta_up_down_counter(std::string_view name, double delta, MetricLabels labels = {});
  // NaN and infinities are refused (logged).
  void record_histogram(std::string_view name, double value, MetricLabels labels = {});
  void set_gauge(std::string_view name, double value, MetricLabels labels = {});

 private:
  friend class metrics::Registry;
  friend struct metrics::SeriesLookup;
  struct State;

  Metrics(metrics::Registry& registry, Logger& logger);
  // Names the framework serves through its own collectors (app_http_response, process_*), kept out of user hands.
  void reserve(std::string_view name, bool histogram);

  std::unique_ptr<State> state_;
};

}  // namespace gofr
