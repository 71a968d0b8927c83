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

namespace gofr::tracing {

// The same content as encode_otlp_protobuf: one ResourceSpans, one ScopeSpans, all `spans` in order.
std::string encode_otlp_json(const Resource& resource, const InstrumentationScope& scope,
                             std::span<const SpanData> spans);

}  // namespace gofr::tracing
