#include "tracing/export/json_text.hpp"
#include "tracing/export/zipkin_json.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "tracing/attribute_ref.hpp"
#include "tracing/export/string_tags.hpp"
#include "tracing/hex.hpp"

namespace gofr::tracing {

namespace {

// Nanoseconds to the nearest microsecond, halves up, as zipkin-go (time.Round) and the JS exporter (Math.round) do.
constexpr std::uint64_t round_to_micros(std::uint64_t nanos) noexcept { return nanos / 1000 + (nanos % 1000 >= 500); }

constexpr const char* zipkin_kind(SpanKind kind) noexcept {
  switch (kind) {
    case SpanKind::server:
      return "SERVER";
    case SpanKind::client:
      return "CLIENT";
    case SpanKind::producer:
      return "PRODUCER";
    case SpanKind::consumer:
      return "CONSUMER";
    case SpanKind::internal:
      return nullptr;  // the specification: "must be omitted"
  }
  return nullptr;
}

std::vector<Tag> tags_of(std::string_view service_name, const SpanData& span, std::span<const AttributeRef> closing) {
  std::vector<Tag> tags;
  tags.reserve(span.attributes.size() + closing.size() + 6);
  // Go's exporter stringifies scalar floats with fmt's %v ("1e+06"); see go_number.hpp.
  for (const auto& attribute : span.attributes) tags.push_back({attribute.key, tag_value(attribute.value, GoFloat::fmt_v)});
  for (const auto& attribute : closing) {
    tags.push_back({std::string(attribute.key), tag_value(owned_value(attribute.value), GoFloat::fmt_v)});
  }
  // The resource's attributes follow the span's (and so win on a clash); GoFr's resource is just service.name.
  tags.push_back({"service.name", std::string(service_name)});
  if (span.status != StatusCode::unset) {
    tags.push_back({"otel.status_code", span.status == StatusCode::ok ? "OK" : "ERROR"});
  }
  // `error` is what Zipkin treats as failure: set, possibly empty, exactly when the status is ERROR, and an
  // attribute of that name is dropped otherwise, as the specification and Go's exporter do.
  if (span.status == StatusCode::error) {
    tags.push_back({"error", span.status_message});
  } else {
    std::erase_if(tags, [](const Tag& t) { return t.key == "error"; });
  }
  const auto count = [&](std::string_view key, std::uint32_t n) {
    if (n != 0) tags.push_back({std::string(key), std::to_string(n)});
  };
  // Tag names from the specification's generic mapping to non-OTLP formats.
  count("otel.dropped_attributes_count", span.dropped_attributes);
  count("otel.dropped_events_count", span.dropped_events);
  count("otel.dropped_links_count", span.dropped_links);
  return tags;
}

void append_span(std::string& out, std::string_view service_name, const SpanData& span,
                 std::span<const AttributeRef> closing) {
  out.append("{\"traceId\":");
  json::append_hex_id(out, span.context.trace_id);
  if (span.has_parent()) {
    out.append(",\"parentId\":");
    json::append_hex_id(out, span.parent_span_id);
  }
  out.append(",\"id\":");
  json::append_hex_id(out, span.context.span_id);
  if (const char* kind = zipkin_kind(span.kind)) out.append(",\"kind\":\"").append(kind).append("\"");
  out.append(",\"name\":");
  json::append_string(out, span.name);
  out.append(",\"timestamp\":");
  json::append_integer(out, round_to_micros(span.start_unix_nano));
  out.append(",\"duration\":");
  const std::uint64_t nanos = span.end_unix_nano > span.start_unix_nano ? span.end_unix_nano - span.start_unix_nano : 0;
  json::append_integer(out, std::max<std::uint64_t>(round_to_micros(nanos), 1));
  out.append(",\"localEndpoint\":{\"serviceName\":");
  json::append_string(out, service_name);
  out.push_back('}');
  // Zipkin fields that would be empty are left out (the specification: an event-less span has no `annotations`).
  if (!span.events.empty()) {
    out.append(",\"annotations\":[");
    for (std::size_t i = 0; i < span.events.size(); ++i) {
      const auto& event = span.events[i];
      if (i != 0) out.push_back(',');
      out.append("{\"timestamp\":");
      json::append_integer(out, round_to_micros(event.time_unix_nano));
      out.append(",\"value\":");
      std::string value = event.name;
      if (!event.attributes.empty()) {
        // Zipkin annotations have no attributes, so they ride in the text; a NaN makes Go's json.Marshal fail, and
        // then the name is sent alone.
        value.append(": ");
        if (!append_attribute_object(value, event.attributes)) value.resize(event.name.size());
      }
      json::append_string(out, value);
      out.push_back('}');
    }
    out.push_back(']');
  }
  out.append(",\"tags\":");
  append_string_map(out, tags_of(service_name, span, closing));
  out.push_back('}');
}

}  // namespace

void ZipkinJsonFormat::append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const {
  append_span(out, service_name_, span, closing);
}

}  // namespace gofr::tracing
