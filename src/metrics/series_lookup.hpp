#pragma once
// The series of a user-API metric for one label set, for framework code that records on every call and keeps what
// it found (series are never removed while the registry lives). Recording through gofr::Metrics canonicalises the
// labels and looks them up each time: about 4 000 instructions, once per record. Null, reported as the API
// reports it, when the metric or the labels are wrong.
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include "gofr/metrics.hpp"

namespace gofr::metrics {

struct SeriesLookup {
  static prometheus::Histogram* histogram(Metrics& metrics, std::string_view name, MetricLabels labels);
  static prometheus::Counter* counter(Metrics& metrics, std::string_view name, MetricLabels labels);
};

}  // namespace gofr::metrics
