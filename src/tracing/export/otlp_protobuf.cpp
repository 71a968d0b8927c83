#include "tracing/export/otlp_protobuf.hpp"

#include <cstring>
#include <type_traits>
#include <variant>

#include "logging/utf8.hpp"
#include "tracing/export/otlp_values.hpp"
#include "tracing/export/protobuf_writer.hpp"

namespace gofr::tracing {

namespace {

// Field numbers from opentelemetry-proto: collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
// resource/v1/resource.proto and common/v1/common.proto.
namespace field {
constexpr std::uint32_t request_resource_spans = 1;  // ExportTraceServiceRequest
constexpr std::uint32_t resource_spans_resource = 1, resource_spans_scope_spans = 2;
constexpr std::uint32_t resource_attributes = 1;
constexpr std::uint32_t scope_spans_scope = 1, scope_spans_spans = 2;
constexpr std::uint32_t scope_name = 1, scope_version = 2;
constexpr std::uint32_t span_trace_id = 1, span_span_id = 2, span_trace_state = 3, span_parent_span_id = 4,
                        span_name = 5, span_kind = 6, span_start_time = 7, span_end_time = 8, span_attributes = 9,
                        span_dropped_attributes = 10, span_events = 11, span_dropped_events = 12, span_links = 13,
                        span_dropped_links = 14, span_status = 15, span_flags = 16;
constexpr std::uint32_t event_time = 1, event_name = 2, event_attributes = 3;
constexpr std::uint32_t link_trace_id = 1, link_span_id = 2, link_trace_state = 3, link_attributes = 4, link_flags = 6;
constexpr std::uint32_t status_message = 2, status_code = 3;
constexpr std::uint32_t key_value_key = 1, key_value_value = 2;
constexpr std::uint32_t any_string = 1, any_bool = 2, any_int = 3, any_double = 4, any_array = 5;
constexpr std::uint32_t array_values = 1;
}  // namespace field

// A value an AttributeValue or AttributeRefValue holds that is not an array.
template <typename T>
constexpr bool is_scalar = std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double> ||
                           std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>;

// An AnyValue's oneof member is written even when it holds the default (false, 0, ""): oneof fields have presence,
// and without it the receiver would see an empty value rather than a typed zero.
void write_scalar(ProtobufWriter& w, bool v) { w.varint_field(field::any_bool, v ? 1 : 0); }
void write_scalar(ProtobufWriter& w, std::int64_t v) { w.varint_field(field::any_int, static_cast<std::uint64_t>(v)); }
void write_scalar(ProtobufWriter& w, double v) { w.double_field(field::any_double, v); }
void write_scalar(ProtobufWriter& w, std::string_view v) { w.string_field(field::any_string, v); }

// An AttributeValue or an AttributeRefValue.
template <typename Value>
void write_any_value(ProtobufWriter& w, const Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (is_scalar<T>) {
          write_scalar(w, v);
        } else {
          // Homogeneous arrays become ArrayValue; an empty one is still sent, so the attribute keeps its key.
          const auto array = w.begin(field::any_array);
          for (const auto& element : v) {
            const auto item = w.begin(field::array_values);
            write_scalar(w, element);
            w.end(item);
          }
          w.end(array);
        }
      },
      value);
}

// The short form of an attribute. Nearly every attribute is a short ASCII key with a scalar value short enough that
// every length in its KeyValue takes one byte. Those lengths are then known before anything is written, so the
// KeyValue goes out front to back with one bounds check, rather than through begin()/end() placeholders, a UTF-8
// check per string and a copy per part. The bytes are the same either way.
constexpr std::size_t one_byte_length = 127;

// The size of a scalar's AnyValue in the short form, or 0 when it has none (a long or non-ASCII string).
std::size_t short_any_size(bool) { return 2; }
std::size_t short_any_size(std::int64_t v) {
  return 1 + ProtobufWriter::varint_size(static_cast<std::uint64_t>(v));
}
std::size_t short_any_size(double) { return 1 + sizeof(double); }
std::size_t short_any_size(std::string_view v) {
  return v.size() <= one_byte_length - 2 && logging::is_ascii(v) ? 2 + v.size() : 0;
}

constexpr char tag_byte(std::uint32_t field_number, ProtobufWriter::Wire wire) {
  return static_cast<char>(ProtobufWriter::key(field_number, wire));
}

char* put_any_value(char* at, bool v) {
  *at++ = tag_byte(field::any_bool, ProtobufWriter::Wire::varint);
  *at++ = v ? 1 : 0;
  return at;
}
char* put_any_value(char* at, std::int64_t v) {
  *at++ = tag_byte(field::any_int, ProtobufWriter::Wire::varint);
  return ProtobufWriter::put_varint(at, static_cast<std::uint64_t>(v));
}
char* put_any_value(char* at, double v) {
  *at++ = tag_byte(field::any_double, ProtobufWriter::Wire::i64);
  std::memcpy(at, &v, sizeof v);
  return at + sizeof v;
}
char* put_any_value(char* at, std::string_view v) {
  *at++ = tag_byte(field::any_string, ProtobufWriter::Wire::len);
  *at++ = static_cast<char>(v.size());
  return ProtobufWriter::put_bytes(at, v);
}

// Writes the KeyValue in the short form and returns true, or writes nothing and returns false.
template <typename Scalar>
bool write_short_attribute(ProtobufWriter& w, std::uint32_t field_number, std::string_view key, const Scalar& value) {
  const std::size_t any_size = short_any_size(value);
  if (any_size == 0 || key.size() > one_byte_length || !logging::is_ascii(key)) return false;
  const std::size_t pair_size = (key.empty() ? 0 : 2 + key.size()) + 2 + any_size;
  if (pair_size > one_byte_length) return false;
  char* at = w.reserve(ProtobufWriter::max_varint + 1 + pair_size);
  at = ProtobufWriter::put_varint(at, ProtobufWriter::key(field_number, ProtobufWriter::Wire::len));
  *at++ = static_cast<char>(pair_size);
  if (!key.empty()) {
    *at++ = tag_byte(field::key_value_key, ProtobufWriter::Wire::len);
    *at++ = static_cast<char>(key.size());
    at = ProtobufWriter::put_bytes(at, key);
  }
  *at++ = tag_byte(field::key_value_value, ProtobufWriter::Wire::len);
  *at++ = static_cast<char>(any_size);
  w.advance(put_any_value(at, value));
  return true;
}

// Attributes or AttributeRefs.
template <typename Attributes>
void write_attributes(ProtobufWriter& w, std::uint32_t field_number, const Attributes& attributes) {
  for (const auto& attribute : attributes) {
    const bool short_form = std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (is_scalar<T>) {
            return write_short_attribute(w, field_number, attribute.key, v);
          } else {
            return false;  // arrays
          }
        },
        attribute.value);
    if (short_form) continue;
    const auto key_value = w.begin(field_number);
    if (!attribute.key.empty()) w.string_field(field::key_value_key, attribute.key);
    const auto value = w.begin(field::key_value_value);
    write_any_value(w, attribute.value);
    w.end(value);
    w.end(key_value);
  }
}

void write_count(ProtobufWriter& w, std::uint32_t field_number, std::uint32_t count) {
  if (count != 0) w.varint_field(field_number, count);
}

void write_string(ProtobufWriter& w, std::uint32_t field_number, std::string_view text) {
  if (!text.empty()) w.string_field(field_number, text);
}

void write_span(ProtobufWriter& w, const SpanData& span, std::span<const AttributeRef> closing) {
  w.bytes_field(field::span_trace_id, span.context.trace_id);
  w.bytes_field(field::span_span_id, span.context.span_id);
  if (!span.context.state.empty()) w.string_field(field::span_trace_state, span.context.state.to_header());
  // A root span's parent_span_id "must be empty": left out, as proto3 does with an empty bytes field.
  if (span.has_parent()) w.bytes_field(field::span_parent_span_id, span.parent_span_id);
  write_string(w, field::span_name, span.name);
  w.varint_field(field::span_kind, otlp::span_kind(span.kind));
  w.fixed64_field(field::span_start_time, span.start_unix_nano);
  w.fixed64_field(field::span_end_time, span.end_unix_nano);
  write_attributes(w, field::span_attributes, span.attributes);
  write_attributes(w, field::span_attributes, closing);
  write_count(w, field::span_dropped_attributes, span.dropped_attributes);
  for (const auto& event : span.events) {
    const auto at = w.begin(field::span_events);
    w.fixed64_field(field::event_time, event.time_unix_nano);
    write_string(w, field::event_name, event.name);
    write_attributes(w, field::event_attributes, event.attributes);
    w.end(at);
  }
  write_count(w, field::span_dropped_events, span.dropped_events);
  for (const auto& link : span.links) {
    const auto at = w.begin(field::span_links);
    w.bytes_field(field::link_trace_id, link.context.trace_id);
    w.bytes_field(field::link_span_id, link.context.span_id);
    if (!link.context.state.empty()) w.string_field(field::link_trace_state, link.context.state.to_header());
    write_attributes(w, field::link_attributes, link.attributes);
    w.fixed32_field(field::link_flags, otlp::flags(link.context.flags, link.context.remote));
    w.end(at);
  }
  write_count(w, field::span_dropped_links, span.dropped_links);
  // An absent Status means UNSET, so it is only sent for OK and ERROR.
  if (span.status != StatusCode::unset) {
    const auto at = w.begin(field::span_status);
    write_string(w, field::status_message, span.status_message);
    w.varint_field(field::status_code, otlp::status_code(span.status));
    w.end(at);
  }
  // Receivers built from protos older than the flags field skip it as an unknown fixed32.
  w.fixed32_field(field::span_flags, otlp::flags(span.context.flags, span.parent_remote));
}

}  // namespace

OtlpProtobufFormat::OtlpProtobufFormat(const Resource& resource, const InstrumentationScope& scope) {
  ProtobufWriter r(resource_);
  const auto resource_at = r.begin(field::resource_spans_resource);
  write_attributes(r, field::resource_attributes, resource.attributes);
  r.end(resource_at);
  ProtobufWriter s(scope_);
  const auto scope_at = s.begin(field::scope_spans_scope);
  write_string(s, field::scope_name, scope.name);
  write_string(s, field::scope_version, scope.version);
  s.end(scope_at);
}

void OtlpProtobufFormat::append(const SpanData& span, std::span<const AttributeRef> closing, std::string& out) const {
  ProtobufWriter w(out);
  const auto at = w.begin(field::scope_spans_spans, 2);  // a span is 128 to 16 383 bytes long, nearly always
  write_span(w, span, closing);
  w.end(at);
}

// The lengths of the enclosing messages are known from the sizes of the parts, so the body is written front to
// back in one allocation. The parts are appended rather than written through a ProtobufWriter, which would first
// zero the whole buffer: a batch is a few hundred kilobytes.
std::string OtlpProtobufFormat::frame(std::span<const std::string_view> spans) const {
  std::size_t spans_size = 0;
  for (const auto span : spans) spans_size += span.size();
  const auto scope_spans_size = scope_.size() + spans_size;
  const auto resource_spans_size =
      resource_.size() + 1 + ProtobufWriter::varint_size(scope_spans_size) + scope_spans_size;
  std::string out;
  out.reserve(1 + ProtobufWriter::varint_size(resource_spans_size) + resource_spans_size);
  const auto append_prefix = [&out](std::uint32_t field_number, std::size_t length) {
    char prefix[2 * ProtobufWriter::max_varint];
    char* end = ProtobufWriter::put_varint(prefix, ProtobufWriter::key(field_number, ProtobufWriter::Wire::len));
    end = ProtobufWriter::put_varint(end, length);
    out.append(prefix, static_cast<std::size_t>(end - prefix));
  };
  append_prefix(field::request_resource_spans, resource_spans_size);
  out.append(resource_);
  append_prefix(field::resource_spans_scope_spans, scope_spans_size);
  out.append(scope_);
  for (const auto span : spans) out.append(span);
  return out;
}

}  // namespace gofr::tracing
