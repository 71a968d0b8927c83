#include "tracing/export/json_text.hpp"
#include "tracing/export/otlp_json.hpp"

#include <charconv>
#include <cmath>
#include <type_traits>
#include <variant>

#include "tracing/export/go_number.hpp"
#include "tracing/export/otlp_values.hpp"
#include "tracing/hex.hpp"

namespace gofr::tracing {

namespace {

// proto3 JSON writes int64, uint64 and fixed64 as strings: JSON readers that hold numbers as doubles would lose
// the low bits of a nanosecond timestamp.
template <typename Integer>
void append_quoted_integer(std::string& out, Integer value) {
  out.push_back('"');
  json::append_integer(out, value);
  out.push_back('"');
}

// A key with `,"` before it unless it opens the object.
struct Object {
  std::string& out;
  bool first = true;
  explicit Object(std::string& o) : out(o) { out.push_back('{'); }
  std::string& key(std::string_view name) {
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    out.append(name).append("\":");
    return out;
  }
  void close() { out.push_back('}'); }
};

void append_scalar(std::string& out, bool v) { out.append("{\"boolValue\":").append(v ? "true" : "false").append("}"); }
void append_scalar(std::string& out, std::int64_t v) {
  out.append("{\"intValue\":");
  append_quoted_integer(out, v);
  out.push_back('}');
}
void append_scalar(std::string& out, double v) {
  out.append("{\"doubleValue\":");
  // Any JSON number is acceptable; the proto3 mapping spells the non-finite values as these strings.
  if (!append_go_float(out, v, GoFloat::json)) {
    out.append(std::isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  }
  out.push_back('}');
}
void append_scalar(std::string& out, std::string_view v) {
  out.append("{\"stringValue\":");
  json::append_string(out, v);
  out.push_back('}');
}

// An AttributeValue or an AttributeRefValue.
template <typename Value>
void append_any_value(std::string& out, const Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double> ||
                      std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
          append_scalar(out, v);
        } else {
          // An empty array keeps its type as {"arrayValue":{}}: `values` is left out like any empty repeated field.
          out.append("{\"arrayValue\":{");
          if (!v.empty()) {
            out.append("\"values\":[");
            bool first = true;
            for (const auto& element : v) {
              if (!first) out.push_back(',');
              first = false;
              append_scalar(out, element);
            }
            out.push_back(']');
          }
          out.append("}}");
        }
      },
      value);
}

template <typename Item>
void append_key_value(std::string& out, const Item& attribute) {
  Object key_value(out);
  if (!attribute.key.empty()) json::append_string(key_value.key("key"), attribute.key);
  append_any_value(key_value.key("value"), attribute.value);
  key_value.close();
}

// The recorded attributes and then the closing ones (see Span::end), as one array.
void append_attributes(Object& object, const std::vector<Attribute>& attributes,
                       std::span<const AttributeRef> closing = {}) {
  if (attributes.empty() && closing.empty()) return;
  auto& out = object.key("attributes");
  out.push_back('[');
  bool first = true;
  const auto separate = [&] {
    if (!first) out.push_back(',');
    first = false;
  };
  for (const auto& attribute : attributes) {
    separate();
    append_key_value(out, attribute);
  }
  for (const auto& attribute : closing) {
    separate();
    append_key_value(out, attribute);
  }
  out.push_back(']');
}

void append_count(Object& object, std::string_view name, std::uint32_t count) {
  if (count != 0) json::append_integer(object.key(name), count);
}

void append_text(Object& object, std::string_view name, std::string_view text) {
  if (!text.empty()) json::append_string(object.key(name), text);
}

void append_span(std::string& out, const SpanData& span, std::span<const AttributeRef> closing) {
  Object s(out);
  json::append_hex_id(s.key("traceId"), span.context.trace_id);
  json::append_hex_id(s.key("spanId"), span.context.span_id);
  append_text(s, "traceState", span.context.state.to_header());
  if (span.has_parent()) json::append_hex_id(s.key("parentSpanId"), span.parent_span_id);
  json::append_integer(s.key("flags"), otlp::flags(span.context.flags, span.parent_remote));
  append_text(s, "name", span.name);
  json::append_integer(s.key("kind"), otlp::span_kind(span.kind));
  append_quoted_integer(s.key("startTimeUnixNano"), span.start_unix_nano);
  append_quoted_integer(s.key("endTimeUnixNano"), span.end_unix_nano);
  append_attributes(s, span.attributes, closing);
  append_count(s, "droppedAttributesCount", span.dropped_attributes);
  if (!span.events.empty()) {
    s.key("events").push_back('[');
    for (std::size_t i = 0; i < span.events.size(); ++i) {
      if (i != 0) out.push_back(',');
      Object e(out);
      append_quoted_integer(e.key("timeUnixNano"), span.events[i].time_unix_nano);
      append_text(e, "name", span.events[i].name);
      append_attributes(e, span.events[i].attributes);
      e.close();
    }
    out.push_back(']');
  }
  append_count(s, "droppedEventsCount", span.dropped_events);
  if (!span.links.empty()) {
    s.key("links").push_back('[');
    for (std::size_t i = 0; i < span.links.size(); ++i) {
      if (i != 0) out.push_back(',');
      const auto& link = span.links[i];
      Object l(out);
      json::append_hex_id(l.key("traceId"), link.context.trace_id);
      json::append_hex_id(l.key("spanId"), link.context.span_id);
      append_text(l, "traceState", link.context.state.to_header());
      append_attributes(l, link.attributes);
      json::append_integer(l.key("flags"), otlp::flags(link.context.flags, link.context.remote));
      l.close();
    }
    out.push_back(']');
  }
  append_count(s, "droppedLinksCount", span.dropped_links);
  if (span.status != StatusCode::unset) {
    Object status(s.key("status"));
    append_text(status, "message", span.status_message);
    json::append_integer(status.key("code"), otlp::status_code(span.status));
    status.close();
  }
  s.close();
}

}  // namespace

OtlpJsonFormat::OtlpJsonFormat(const Resource& resource, const InstrumentationScope& scope) {
  head_.append("{\"resourceSpans\":[{\"resource\":");
  Object r(head_);
  append_attributes(r, resource.attributes);
  r.close();
  head_.append(",\"scopeSpans\":[{\"scope\":");
  Object s(head_);
  append_text(s, "name", scope.name);
  append_text(s, "version", scope.version);
  s.close();
  spans_head_ = head_ + ",\"spans\":[";
}

void OtlpJsonFormat::append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const {
  append_span(out, span, closing);
}

std::string OtlpJsonFormat::frame(std::span<const std::string_view> spans) const {
  if (!spans.empty()) return join_json(spans_head_, spans, "]}]}]}");
  std::string out(head_);
  out.append("}]}]}");  // an empty repeated field is left out
  return out;
}

}  // namespace gofr::tracing
