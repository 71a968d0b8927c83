#pragma once
// Zipkin's v2 JSON encoding of a batch of spans (zipkin2-api.yaml, ListOfSpans): the body POSTed to
// /api/v2/spans. Pure encoding, no I/O.
//
// The mapping follows the OpenTelemetry Zipkin exporter specification (trace/sdk_exporters/zipkin.md) and what GoFr
// sends with TRACE_EXPORTER=zipkin (the Go OTel Zipkin exporter): internal spans have no `kind`; attributes, the
// resource's service.name, the status (`otel.status_code`, and `error` carrying the description) and, as the
// specification and the JS exporter add, the dropped counts become string tags, spelled as Go spells them (see
// string_tags.hpp); events become annotations, "name: {attributes as JSON}" when they have attributes. Links and
// tracestate have no Zipkin equivalent and are not sent, nor is the instrumentation scope (Go's exporter adds
// otel.library.name/version tags; the specification leaves it open). Names and serviceName are sent as given:
// Zipkin lower-cases them on ingest, and neither the Go nor the JS exporter does it for it.
#include <span>
#include <string>
#include <string_view>

#include "gofr/tracing/span_data.hpp"
#include "tracing/span_format.hpp"

namespace gofr::tracing {

// A JSON array with one object per span. Times are whole microseconds, rounded to nearest; `duration` is at least 1
// (Zipkin: "durations of less than one are rounded up").
class ZipkinJsonFormat final : public SpanFormat {
 public:
  explicit ZipkinJsonFormat(std::string service_name) : service_name_(std::move(service_name)) {}
  void append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const override;
  std::string frame(std::span<const std::string_view> spans) const override { return join_json("[", spans, "]"); }

 private:
  std::string service_name_;
};

inline std::string encode_zipkin_json(std::string_view service_name, std::span<const SpanData> spans) {
  return encode_batch(ZipkinJsonFormat(std::string(service_name)), spans);
}

}  // namespace gofr::tracing
