#pragma once
// The process series, read from /proc when /metrics is scraped, so they are always current and cost nothing between
// scrapes. Two sets:
//   app_process_threads, app_process_resident_memory_bytes, app_process_open_fds, app_process_cpu_seconds: gauges
//     with the scope labels, in place of GoFr's Go-runtime gauges (app_go_routines, app_sys_memory_alloc, …);
//   process_cpu_seconds_total, process_open_fds, process_max_fds, process_resident_memory_bytes,
//     process_virtual_memory_bytes, process_virtual_memory_max_bytes, process_start_time_seconds: the Prometheus
//     process collector's series, with its names and help texts and no labels, exactly as a GoFr service serves
//     them from the Go client's default registry. Stock "process" dashboards read them.
// Linux only: where /proc cannot be read, Collect() returns nothing.
#include <optional>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>

namespace gofr::metrics {

struct ProcessSample {
  double cpu_seconds = 0;  // user + system
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double threads = 0;
  double open_fds = 0;
  double max_fds = 0;            // RLIMIT_NOFILE, soft
  double virtual_max_bytes = 0;  // RLIMIT_AS, soft; 2^64-1 when unlimited, as the Go client reports it
};

class ProcessMetrics final : public prometheus::Collectable {
 public:
  // Reads the start time once; `scope_labels` go on the app_process_* series.
  explicit ProcessMetrics(prometheus::Labels scope_labels);

  // The process now, or nullopt when /proc/self cannot be read.
  static std::optional<ProcessSample> sample();
  // Seconds since the Unix epoch; 0 when unknown.
  double start_time_seconds() const noexcept { return start_time_seconds_; }

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const prometheus::Labels scope_labels_;
  const double start_time_seconds_;
};

}  // namespace gofr::metrics
