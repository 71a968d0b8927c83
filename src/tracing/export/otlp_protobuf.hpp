#pragma once
// OTLP's binary encoding of a batch of spans: the bytes of an
// opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest, as sent in a gRPC Export call or as the body
// of an OTLP/HTTP `application/x-protobuf` POST to /v1/traces. Pure encoding, no I/O.
#include <span>
#include <string>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing {

// One ResourceSpans for `resource` holding one ScopeSpans for `scope` with all `spans`, in order. The encoding is
// canonical proto3: fields in number order, default values left out.
std::string encode_otlp_protobuf(const Resource& resource, const InstrumentationScope& scope,
                                 std::span<const SpanData> spans);

}  // namespace gofr::tracing
