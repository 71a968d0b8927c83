#pragma once
// Where a datasource reports what it does outside any request (migrations, health checks): the app's logger,
// metrics and tracer.
#include "gofr/logging.hpp"
#include "gofr/metrics.hpp"
#include "tracing/tracer.hpp"

namespace gofr::detail {

struct Telemetry {
  Logger& logger;
  Metrics& metrics;
  const tracing::Tracer& tracer;
};

}  // namespace gofr::detail
