#pragma once
// Tracing from configuration, with GoFr's variables first and OpenTelemetry's standard ones as fallbacks:
//   TRACE_EXPORTER   otlp | jaeger (OTLP) | zipkin | gofr; unset: no export (ids still propagate)
//   TRACER_URL       otlp/jaeger: an http(s) URL (OTLP/HTTP; "/v1/traces" is added to a bare host), or host:port
//                    (OTLP/gRPC, as GoFr); zipkin: the full URL; gofr: defaults to GoFr's collector
//   TRACER_RATIO     ParentBased(TraceIdRatioBased) ratio, 0..1 (default 1)
//   TRACER_HEADERS   k=v,k2=v2 sent with every export; wins over TRACER_AUTH_KEY (sent as Authorization)
//   OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT / _HEADERS / _PROTOCOL (http/protobuf, http/json) /
//   _TIMEOUT, OTEL_BSP_MAX_QUEUE_SIZE / _MAX_EXPORT_BATCH_SIZE / _SCHEDULE_DELAY
#include <memory>
#include <string>

#include "gofr/config.hpp"
#include "gofr/logging.hpp"
#include "tracing/batch_span_processor.hpp"

namespace gofr::tracing {

struct TracingSetup {
  std::unique_ptr<BatchSpanProcessor> processor;  // null: nothing is exported
  double ratio = 1.0;
  std::string summary;  // for the start-up log line
};

// Throws config_error naming the variable for a bad value.
TracingSetup make_tracing(const Config& config, Logger& logger, const std::string& app_name,
                          const std::string& app_version);

}  // namespace gofr::tracing
