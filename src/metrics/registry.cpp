#include "metrics/registry.hpp"

#include <algorithm>
#include <vector>

#include <prometheus/text_serializer.h>

#include "gofr/logging.hpp"
#include "metrics/http_metrics.hpp"
#include "metrics/names.hpp"
#include "metrics/process_metrics.hpp"

namespace gofr::metrics {
namespace {

prometheus::Labels make_scope_labels(const RegistryOptions& options) {
  return {{"otel_scope_name", valid_utf8(options.app_name)},
          {"otel_scope_schema_url", ""},
          {"otel_scope_version", valid_utf8(options.app_version)}};
}

// Served by ProcessMetrics; reserved even when it is off, so that the names mean the same in every service.
constexpr std::string_view process_names[] = {"app_process_cpu_seconds",
                                              "app_process_open_fds",
                                              "app_process_resident_memory_bytes",
                                              "app_process_threads",
                                              "process_cpu_seconds_total",
                                              "process_max_fds",
                                              "process_open_fds",
                                              "process_resident_memory_bytes",
                                              "process_start_time_seconds",
                                              "process_virtual_memory_bytes",
                                              "process_virtual_memory_max_bytes"};

}  // namespace

Registry::Registry(RegistryOptions options, Logger& logger)
    : options_(std::move(options)),
      scope_labels_(make_scope_labels(options_)),
      http_(std::make_unique<HttpMetrics>(scope_labels_, options_.cardinality_limit, &logger)),
      process_(options_.process_metrics ? std::make_unique<ProcessMetrics>(scope_labels_) : nullptr),
      metrics_(new gofr::Metrics(*this, logger)) {
  metrics_->reserve(HttpMetrics::name, true);
  for (const auto name : process_names) metrics_->reserve(name, false);
  metrics_->new_gauge("app_info", "Info for app_name, app_version and framework_version.");
  metrics_->set_gauge("app_info", 1,
                      {{"app_name", options_.app_name},
                       {"app_version", options_.app_version},
                       {"framework_version", options_.framework_version}});
}

Registry::~Registry() = default;

void Registry::on_scrape(std::function<void()> refresh) { scrape_hooks_.push_back(std::move(refresh)); }

void Registry::add_collector(std::shared_ptr<const prometheus::Collectable> collector,
                             std::initializer_list<std::string_view> histograms) {
  for (const auto name : histograms) metrics_->reserve(name, true);
  collectors_.push_back(std::move(collector));
}

std::string Registry::serialize() const {
  for (const auto& refresh : scrape_hooks_) refresh();
  auto families = prometheus_.Collect();
  const auto append = [&families](std::vector<prometheus::MetricFamily> more) {
    for (auto& family : more) families.push_back(std::move(family));
  };
  append(http_->Collect());
  if (process_) append(process_->Collect());
  for (const auto& collector : collectors_) append(collector->Collect());
  // GoFr (OpenTelemetry) shows a metric from its first recording on; a HELP/TYPE pair without samples helps nobody.
  std::erase_if(families, [](const prometheus::MetricFamily& family) { return family.metric.empty(); });
  for (auto& family : families) {
    family.help = escape_help(family.help);
    // prometheus-cpp keeps series in hash order; sorted output is stable from scrape to scrape and diffable.
    std::ranges::sort(family.metric, {}, &prometheus::ClientMetric::label);
  }
  std::ranges::sort(families, {}, &prometheus::MetricFamily::name);
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace gofr::metrics
