#pragma once
// The JSON body of GoFr's own trace exporter (TRACE_EXPORTER=gofr, pkg/gofr/exporter.go), POSTed to TRACER_URL
// (default https://tracer-api.gofr.dev/api/spans), which answers 201. Pure encoding, no I/O.
//
// A Zipkin-like array, byte-for-byte as GoFr's json.Marshal writes it, so the GoFr tracer backend reads our spans
// exactly as it reads GoFr's:
//   [{"traceId","id","parentId","name","timestamp","duration","tags","localEndpoint":{"serviceName"}}]
// GoFr's quirks are kept on purpose: `parentId` of a root span is "0000000000000000" rather than absent (Go's
// SpanID.String() of the zero id defeats `omitempty`); times are truncated, not rounded, to microseconds, so a
// span shorter than 1µs has duration 0; tags are the span's attributes followed by the resource's (service.name)
// with floats in strconv's 'f' form; kind, status, events and links are not sent.
#include <span>
#include <string>
#include <string_view>

#include "gofr/tracing/span_data.hpp"
#include "tracing/span_format.hpp"

namespace gofr::tracing {

class GofrJsonFormat final : public SpanFormat {
 public:
  explicit GofrJsonFormat(std::string service_name) : service_name_(std::move(service_name)) {}
  void append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const override;
  std::string frame(std::span<const std::string_view> spans) const override { return join_json("[", spans, "]"); }

 private:
  std::string service_name_;
};

inline std::string encode_gofr_json(std::string_view service_name, std::span<const SpanData> spans) {
  return encode_batch(GofrJsonFormat(std::string(service_name)), spans);
}

}  // namespace gofr::tracing
