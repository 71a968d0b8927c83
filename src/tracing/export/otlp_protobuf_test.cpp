// ExportTraceServiceRequest bytes, field numbers from opentelemetry-proto (trace.proto, common.proto,
// resource.proto, trace_service.proto). tests/interop/check_otlp_payloads.py decodes a richer batch with Google's
// protobuf runtime; these pin the exact bytes of small cases.
#include "tracing/export/otlp_protobuf.hpp"

#include <cmath>
#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

#include "tracing/export/test_spans.hpp"

namespace gofr::tracing {
namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

std::string hex_of(const std::string& data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : data) out.append({digits[c >> 4], digits[c & 15], ' '});
  return out;
}

// The span's own bytes: the whole request minus the fixed envelope of an empty resource and scope.
std::string encode_span(const SpanData& span) {
  const SpanData spans[] = {span};
  return encode_otlp_protobuf({}, {}, spans);
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << hex_of(haystack) << "\nlacks\n" << hex_of(needle)

TEST(OtlpProtobuf, MinimalRequestExactBytes) {
  const Resource resource{{{"service.name", std::string("svc")}}};
  const InstrumentationScope scope{"gofr", "1"};
  const SpanData spans[] = {test::minimal_span()};
  // clang-format off
  const std::string expected = bytes({
      0x0a, 0x61,                                     // ExportTraceServiceRequest.resource_spans, 97 bytes
      0x0a, 0x17,                                     //  ResourceSpans.resource, 23 bytes
      0x0a, 0x15,                                     //   Resource.attributes: KeyValue, 21 bytes
      0x0a, 0x0c, 's', 'e', 'r', 'v', 'i', 'c', 'e', '.', 'n', 'a', 'm', 'e',  // key
      0x12, 0x05, 0x0a, 0x03, 's', 'v', 'c',                                   // value: AnyValue.string_value
      0x12, 0x46,                                     //  ResourceSpans.scope_spans, 70 bytes
      0x0a, 0x09, 0x0a, 0x04, 'g', 'o', 'f', 'r', 0x12, 0x01, '1',  // ScopeSpans.scope {name, version}
      0x12, 0x39,                                     //   ScopeSpans.spans, 57 bytes
      0x0a, 0x10, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // trace_id
      0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,              //
      0x12, 0x08, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,  // span_id
      0x2a, 0x01, 'a',                                             // name
      0x30, 0x02,                                                  // kind SPAN_KIND_SERVER
      0x39, 0xe8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,        // start_time_unix_nano fixed64 1000
      0x41, 0xb8, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,        // end_time_unix_nano fixed64 3000
      0x85, 0x01, 0x01, 0x01, 0x00, 0x00,  // flags fixed32: sampled | CONTEXT_HAS_IS_REMOTE
  });
  // clang-format on
  const auto got = encode_otlp_protobuf(resource, scope, spans);
  EXPECT_EQ(got, expected) << hex_of(got);
}

TEST(OtlpProtobuf, EmptyBatchKeepsResourceAndScope) {
  EXPECT_EQ(encode_otlp_protobuf({}, {}, {}), bytes({0x0a, 0x06, 0x0a, 0x00, 0x12, 0x02, 0x0a, 0x00}));
}

TEST(OtlpProtobuf, RemoteParentAndTraceState) {
  auto span = test::minimal_span();
  span.parent_span_id = test::id<8>("2122232425262728");
  span.parent_remote = true;
  span.context.flags = SpanContext::sampled_flag | SpanContext::random_flag;
  span.context.state = *TraceState::parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  const auto got = encode_span(span);
  EXPECT_CONTAINS(got, bytes({0x1a, 0x27}) + "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" +
                           bytes({0x22, 0x08, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x2a, 0x01, 'a'}));
  EXPECT_CONTAINS(got, bytes({0x85, 0x01, 0x03, 0x03, 0x00, 0x00}));  // flags: 0x03 | HAS_IS_REMOTE | IS_REMOTE
}

TEST(OtlpProtobuf, LocalParentIsKnownNotRemote) {
  auto span = test::minimal_span();
  span.parent_span_id = test::id<8>("2122232425262728");
  EXPECT_CONTAINS(encode_span(span), bytes({0x85, 0x01, 0x01, 0x01, 0x00, 0x00}));
}

TEST(OtlpProtobuf, AnyValueOfEveryType) {
  const struct {
    const char* name;
    AttributeValue value;
    std::string any_value;  // AnyValue's bytes
  } cases[] = {
      {"true", true, bytes({0x10, 0x01})},
      {"false is still sent", false, bytes({0x10, 0x00})},
      {"int", std::int64_t{42}, bytes({0x18, 0x2a})},
      {"negative int", std::int64_t{-1}, bytes({0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})},
      {"zero int", std::int64_t{0}, bytes({0x18, 0x00})},
      {"double", 1.5, bytes({0x21, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f})},
      {"string", std::string("v"), bytes({0x0a, 0x01, 'v'})},
      {"empty string", std::string(), bytes({0x0a, 0x00})},
      {"empty array", std::vector<std::int64_t>{}, bytes({0x2a, 0x00})},
      {"int array", std::vector<std::int64_t>{1, 2},
       bytes({0x2a, 0x08, 0x0a, 0x02, 0x18, 0x01, 0x0a, 0x02, 0x18, 0x02})},
      {"bool array", std::vector<bool>{true, false},
       bytes({0x2a, 0x08, 0x0a, 0x02, 0x10, 0x01, 0x0a, 0x02, 0x10, 0x00})},
      {"double array", std::vector<double>{0.5}, bytes({0x2a, 0x0b, 0x0a, 0x09, 0x21, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f})},
      {"string array", std::vector<std::string>{"x", ""},
       bytes({0x2a, 0x09, 0x0a, 0x03, 0x0a, 0x01, 'x', 0x0a, 0x02, 0x0a, 0x00})},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto span = test::minimal_span();
    span.attributes.push_back({"k", c.value});
    const std::string key_value = bytes({0x0a, 0x01, 'k', 0x12, static_cast<int>(c.any_value.size())}) + c.any_value;
    // Span.attributes is field 9, after end_time_unix_nano.
    EXPECT_CONTAINS(encode_span(span), bytes({0x00, 0x4a, static_cast<int>(key_value.size())}) + key_value);
  }
}

TEST(OtlpProtobuf, EventsLinksStatusAndDroppedCounts) {
  auto span = test::minimal_span();
  span.dropped_attributes = 2;
  span.events.push_back({"e", 5000, {{"n", std::int64_t{1}}}});
  span.dropped_events = 3;
  Link link;
  link.context.trace_id = test::id<16>("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
  link.context.span_id = test::id<8>("b1b2b3b4b5b6b7b8");
  link.context.flags = SpanContext::sampled_flag;
  link.context.remote = true;
  link.context.state = *TraceState::parse("k=v");
  link.attributes.push_back({"l", true});
  span.links.push_back(link);
  span.dropped_links = 4;
  span.status = StatusCode::error;
  span.status_message = "boom";
  const auto got = encode_span(span);
  EXPECT_CONTAINS(got, bytes({0x50, 0x02}));  // dropped_attributes_count
  // clang-format off
  // events: Event{time_unix_nano fixed64 5000, name "e", attributes {n: 1}}
  EXPECT_CONTAINS(got, bytes({0x5a, 0x15, 0x09, 0x88, 0x13, 0, 0, 0, 0, 0, 0, 0x12, 0x01, 'e', 0x1a, 0x07, 0x0a, 0x01,
                              'n', 0x12, 0x02, 0x18, 0x01, 0x60, 0x03}));  // then dropped_events_count 3
  // links: Link{trace_id, span_id, trace_state "k=v", attributes {l: true}, flags fixed32 0x301}, then
  // dropped_links_count 4
  EXPECT_CONTAINS(got, bytes({0x6a, 0x2f, 0x0a, 0x10, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
                              0xac, 0xad, 0xae, 0xaf, 0xb0, 0x12, 0x08, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8,
                              0x1a, 0x03, 'k', '=', 'v', 0x22, 0x07, 0x0a, 0x01, 'l', 0x12, 0x02, 0x10, 0x01, 0x35,
                              0x01, 0x03, 0x00, 0x00, 0x70, 0x04}));
  // clang-format on
  // status: Status{message "boom", code STATUS_CODE_ERROR}, then flags
  EXPECT_CONTAINS(got, bytes({0x7a, 0x08, 0x12, 0x04, 'b', 'o', 'o', 'm', 0x18, 0x02, 0x85, 0x01}));
}

TEST(OtlpProtobuf, UnsetStatusIsLeftOutAndOkHasNoMessage) {
  auto span = test::minimal_span();
  EXPECT_EQ(encode_span(span).find(bytes({0x7a})), std::string::npos);
  span.status = StatusCode::ok;
  EXPECT_CONTAINS(encode_span(span), bytes({0x7a, 0x02, 0x18, 0x01, 0x85, 0x01}));
}

TEST(OtlpProtobuf, SpanKinds) {
  const std::pair<SpanKind, int> kinds[] = {{SpanKind::internal, 1},
                                            {SpanKind::server, 2},
                                            {SpanKind::client, 3},
                                            {SpanKind::producer, 4},
                                            {SpanKind::consumer, 5}};
  for (const auto& [kind, number] : kinds) {
    auto span = test::minimal_span();
    span.kind = kind;
    EXPECT_CONTAINS(encode_span(span), bytes({'a', 0x30, number, 0x39}));
  }
}

TEST(OtlpProtobuf, LongSpansGetMultiByteLengths) {
  auto span = test::minimal_span();
  span.name = std::string(300, 'n');
  const auto got = encode_span(span);
  // name: tag 0x2a, length 300 = ac 02
  EXPECT_CONTAINS(got, bytes({0x2a, 0xac, 0x02}) + std::string(300, 'n'));
  // The span is 18 + 10 + 3 + 300 + 2 + 9 + 9 + 6 = 357 bytes (e5 02); its ScopeSpans 2 + 3 + 357 = 362 (ea 02)
  // and its ResourceSpans 2 + 3 + 362 = 367 (ef 02).
  EXPECT_EQ(got.substr(0, 14),
            bytes({0x0a, 0xef, 0x02, 0x0a, 0x00, 0x12, 0xea, 0x02, 0x0a, 0x00, 0x12, 0xe5, 0x02, 0x0a}));
}

}  // namespace
}  // namespace gofr::tracing
