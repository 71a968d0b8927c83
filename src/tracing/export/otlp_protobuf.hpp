#pragma once
// OTLP's binary encoding of a batch of spans: the bytes of an
// opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest, as sent in a gRPC Export call or as the body
// of an OTLP/HTTP `application/x-protobuf` POST to /v1/traces. Pure encoding, no I/O.
#include <span>
#include <string>

#include "gofr/tracing/span_data.hpp"
#include "tracing/span_format.hpp"

namespace gofr::tracing {

// Each span becomes one ScopeSpans.spans field; a batch is one ResourceSpans for the resource holding one
// ScopeSpans for the scope with the spans in order. The encoding is canonical proto3: fields in number order,
// default values left out, so it is byte-identical to what Google's serialisers write.
class OtlpProtobufFormat final : public SpanFormat {
 public:
  OtlpProtobufFormat(const Resource& resource, const InstrumentationScope& scope);
  void append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const override;
  std::string frame(std::span<const std::string_view> spans) const override;

 private:
  std::string resource_;  // the ResourceSpans.resource field, encoded once
  std::string scope_;     // the ScopeSpans.scope field, encoded once
};

inline std::string encode_otlp_protobuf(const Resource& resource, const InstrumentationScope& scope,
                                        std::span<const SpanData> spans) {
  return encode_batch(OtlpProtobufFormat(resource, scope), spans);
}

}  // namespace gofr::tracing
