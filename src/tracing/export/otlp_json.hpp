#pragma once
// OTLP's JSON encoding of a batch of spans: the body of an OTLP/HTTP `application/json` POST to /v1/traces.
// Pure encoding, no I/O.
//
// This is the proto3 JSON mapping of ExportTraceServiceRequest with OTLP's deviations (OTLP specification,
// "JSON Protobuf Encoding"): trace and span ids are lower-case hex strings, not base64; enums are integers, never
// names; keys are lowerCamelCase. As in any proto3 JSON, 64-bit integers (timestamps, int attributes) are decimal
// strings, and default values are left out.
#include <span>
#include <string>

#include "gofr/tracing/span_data.hpp"
#include "tracing/span_format.hpp"

namespace gofr::tracing {

// The same content as OtlpProtobufFormat: one ResourceSpans, one ScopeSpans, the spans in order.
class OtlpJsonFormat final : public SpanFormat {
 public:
  OtlpJsonFormat(const Resource& resource, const InstrumentationScope& scope);
  void append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const override;
  std::string frame(std::span<const std::string_view> spans) const override;

 private:
  std::string head_;        // up to the scope, encoded once
  std::string spans_head_;  // head_ and the start of the spans array
};

inline std::string encode_otlp_json(const Resource& resource, const InstrumentationScope& scope,
                                    std::span<const SpanData> spans) {
  return encode_batch(OtlpJsonFormat(resource, scope), spans);
}

}  // namespace gofr::tracing
