#pragma once
// What a finished span records, in OpenTelemetry's data model (trace/v1 Span), handed to span processors and
// exporters. Plain data: copyable, no behaviour.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gofr/tracing/span_context.hpp"

namespace gofr::tracing {

enum class SpanKind : std::uint8_t { internal, server, client, producer, consumer };
enum class StatusCode : std::uint8_t { unset, ok, error };

// OTel attribute values: the scalar types and homogeneous arrays of them.
using AttributeValue = std::variant<bool, std::int64_t, double, std::string, std::vector<bool>,
                                    std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>>;

struct Attribute {
  std::string key;
  AttributeValue value;
};

// An attribute given by reference, for Span::end(closing): key and value are read in place while the ending span is
// encoded, never copied. Scalars and strings.
using AttributeRefValue = std::variant<bool, std::int64_t, double, std::string_view>;

struct AttributeRef {
  std::string_view key;
  AttributeRefValue value;
};

struct Event {
  std::string name;
  std::uint64_t time_unix_nano = 0;
  std::vector<Attribute> attributes;
};

struct Link {
  SpanContext context;
  std::vector<Attribute> attributes;
};

struct SpanData {
  std::string name;
  SpanKind kind = SpanKind::internal;
  SpanContext context;                          // this span's trace id, span id, flags and tracestate
  std::array<std::uint8_t, 8> parent_span_id{};  // all zero for a root span
  bool parent_remote = false;                   // the parent came from another process
  std::uint64_t start_unix_nano = 0;
  std::uint64_t end_unix_nano = 0;
  std::vector<Attribute> attributes;
  std::vector<Event> events;
  std::vector<Link> links;
  StatusCode status = StatusCode::unset;
  std::string status_message;  // only with StatusCode::error
  std::uint32_t dropped_attributes = 0;
  std::uint32_t dropped_events = 0;
  std::uint32_t dropped_links = 0;

  bool has_parent() const noexcept {
    for (auto b : parent_span_id)
      if (b != 0) return true;
    return false;
  }
};

// Who produced the spans: OTel's Resource (service.name, service.version, telemetry.sdk.*) and the
// instrumentation scope (the tracer's name and version).
struct Resource {
  std::vector<Attribute> attributes;
};

struct InstrumentationScope {
  std::string name;
  std::string version;
};

}  // namespace gofr::tracing
