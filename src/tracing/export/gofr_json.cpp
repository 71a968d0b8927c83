#include "tracing/export/json_text.hpp"
#include "tracing/export/gofr_json.hpp"

#include <charconv>
#include <vector>

#include "tracing/attribute_ref.hpp"
#include "tracing/export/string_tags.hpp"
#include "tracing/hex.hpp"

namespace gofr::tracing {

namespace {

void append_span(std::string& out, std::string_view service_name, const SpanData& span,
                 std::span<const AttributeRef> closing) {
  out.append("{\"traceId\":");
  json::append_hex_id(out, span.context.trace_id);
  out.append(",\"id\":");
  json::append_hex_id(out, span.context.span_id);
  out.append(",\"parentId\":");
  json::append_hex_id(out, span.parent_span_id);  // all zero for a root span, as GoFr sends it
  out.append(",\"name\":");
  json::append_string(out, span.name);
  // Go: StartTime().UnixNano() / 1000 and EndTime().Sub(StartTime()).Nanoseconds() / 1000, both truncating toward
  // zero; an end before the start gives a negative duration there too.
  out.append(",\"timestamp\":");
  json::append_integer(out, static_cast<std::int64_t>(span.start_unix_nano / 1000));
  out.append(",\"duration\":");
  const auto nanos = static_cast<std::int64_t>(span.end_unix_nano - span.start_unix_nano);
  json::append_integer(out, nanos / 1000);
  std::vector<Tag> tags;
  tags.reserve(span.attributes.size() + closing.size() + 1);
  for (const auto& attribute : span.attributes)
    tags.push_back({attribute.key, tag_value(attribute.value, GoFloat::strconv_f)});
  for (const auto& attribute : closing)
    tags.push_back({std::string(attribute.key), tag_value(owned_value(attribute.value), GoFloat::strconv_f)});
  tags.push_back({"service.name", std::string(service_name)});
  out.append(",\"tags\":");
  append_string_map(out, std::move(tags));
  // GoFr copies the first span's service.name tag here; with one resource per process that is always ours.
  out.append(",\"localEndpoint\":{\"serviceName\":");
  json::append_string(out, service_name);
  out.append("}}");
}

}  // namespace

void GofrJsonFormat::append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const {
  append_span(out, service_name_, span, closing);
}

}  // namespace gofr::tracing
