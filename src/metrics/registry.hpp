#pragma once
// Everything /metrics serves: the user's metrics (gofr::Metrics, kept in a prometheus-cpp registry), the framework's
// app_info, app_http_response (HttpMetrics) and the process series (ProcessMetrics), rendered together in the
// Prometheus text exposition format 0.0.4.
//
// GoFr exports through the OpenTelemetry SDK, which puts the instrumentation scope on every series; dashboards built
// for GoFr filter on it, so every family here carries otel_scope_name=<APP_NAME>, otel_scope_version=<APP_VERSION>
// and otel_scope_schema_url="". The standard process_* series are the exception, as in GoFr, where they come
// from the Prometheus Go client's process collector and carry no scope.
//
// Threading: metrics() and http() may be used from any thread; serialize() may run concurrently with recording and
// with other scrapes.
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/registry.h>

#include "gofr/metrics.hpp"
#include "gofr/version.hpp"

namespace gofr {
class Logger;
}

namespace gofr::metrics {

class HttpMetrics;
class ProcessMetrics;

struct RegistryOptions {
  std::string app_name = "gofr-app";
  std::string app_version = "dev";
  std::string framework_version = gofr::framework_version;
  // Label sets per metric before new ones go to the otel_metric_overflow="true" series.
  std::size_t cardinality_limit = 2000;
  // The app_process_* and process_* series, read from /proc at each scrape.
  bool process_metrics = true;
};

class Registry {
 public:
  // The Content-Type of serialize()'s text, as the Prometheus Go client sends it.
  static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

  // Registers app_info (=1 with app_name, app_version, framework_version) and reserves the framework's names.
  Registry(RegistryOptions options, Logger& logger);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The user API, App::metrics().
  gofr::Metrics& metrics() noexcept { return *metrics_; }
  // app_http_response, recorded by the HTTP server once per response.
  HttpMetrics& http() noexcept { return *http_; }

  // `refresh` runs at the start of every scrape, to set gauges that are read rather than recorded (a pool's open
  // connections). Register before the metrics server starts.
  void on_scrape(std::function<void()> refresh);
  // A framework collector served with the rest (the gRPC histograms); `histograms` are its metric names, reserved so
  // that the user API cannot register them. Add before the metrics server starts.
  void add_collector(std::shared_ptr<const prometheus::Collectable> collector,
                     std::initializer_list<std::string_view> histograms);

  // The body of GET /metrics: every family with at least one series, sorted by name. Reads /proc for the process
  // series, so it costs a few system calls; call it per scrape, not per request.
  std::string serialize() const;

  const RegistryOptions& options() const noexcept { return options_; }
  const prometheus::Labels& scope_labels() const noexcept { return scope_labels_; }
  prometheus::Registry& prometheus() noexcept { return prometheus_; }

 private:
  const RegistryOptions options_;
  const prometheus::Labels scope_labels_;
  prometheus::Registry prometheus_;
  std::unique_ptr<HttpMetrics> http_;
  std::unique_ptr<ProcessMetrics> process_;
  std::unique_ptr<gofr::Metrics> metrics_;
  std::vector<std::function<void()>> scrape_hooks_;
  std::vector<std::shared_ptr<const prometheus::Collectable>> collectors_;
};

}  // namespace gofr::metrics
