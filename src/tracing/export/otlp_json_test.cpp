// OTLP/JSON (the OTLP specification's "JSON Protobuf Encoding"): hex ids, integer enums, lowerCamelCase keys,
// 64-bit integers as strings. tests/interop/check_otlp_payloads.py parses a richer batch with Google's json_format
// and compares it with the protobuf encoding of the same spans.
#include "tracing/export/otlp_json.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "tracing/export/test_spans.hpp"

namespace gofr::tracing {
namespace {

std::string encode_span(const SpanData& span) {
  const SpanData spans[] = {span};
  return encode_otlp_json({}, {}, spans);
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack) << "\nlacks\n" << (needle)

TEST(OtlpJson, MinimalRequestExactText) {
  const Resource resource{{{"service.name", std::string("svc")}}};
  const InstrumentationScope scope{"gofr", "1"};
  const SpanData spans[] = {test::minimal_span()};
  EXPECT_EQ(encode_otlp_json(resource, scope, spans),
            R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},)"
            R"("scopeSpans":[{"scope":{"name":"gofr","version":"1"},"spans":[{)"
            R"("traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718","flags":257,"name":"a",)"
            R"("kind":2,"startTimeUnixNano":"1000","endTimeUnixNano":"3000"}]}]}]})");
}

TEST(OtlpJson, EmptyBatch) {
  EXPECT_EQ(encode_otlp_json({}, {}, {}), R"({"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{}}]}]})");
}

TEST(OtlpJson, RemoteParentTraceStateAndLargeTimestamps) {
  auto span = test::minimal_span();
  span.parent_span_id = test::id<8>("2122232425262728");
  span.parent_remote = true;
  span.context.flags = SpanContext::sampled_flag | SpanContext::random_flag;
  span.context.state = *TraceState::parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  span.start_unix_nano = 1700000000123456789;
  span.end_unix_nano = 18446744073709551615u;  // the largest fixed64 survives as a string
  EXPECT_CONTAINS(encode_span(span),
                  R"("traceState":"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE","parentSpanId":"2122232425262728",)"
                  R"("flags":771,"name":"a","kind":2,"startTimeUnixNano":"1700000000123456789",)"
                  R"("endTimeUnixNano":"18446744073709551615"})");
}

TEST(OtlpJson, AnyValueOfEveryType) {
  const struct {
    AttributeValue value;
    const char* json;
  } cases[] = {
      {true, R"({"boolValue":true})"},
      {false, R"({"boolValue":false})"},
      {std::int64_t{-9223372036854775807 - 1}, R"({"intValue":"-9223372036854775808"})"},
      {std::int64_t{0}, R"({"intValue":"0"})"},
      {1.5, R"({"doubleValue":1.5})"},
      {-0.0, R"({"doubleValue":-0})"},
      {1e300, R"({"doubleValue":1e+300})"},
      {NAN, R"({"doubleValue":"NaN"})"},
      {INFINITY, R"({"doubleValue":"Infinity"})"},
      {-INFINITY, R"({"doubleValue":"-Infinity"})"},
      {std::string("a\"b\\c\n<é>"), R"({"stringValue":"a\"b\\c\n\u003cé\u003e"})"},
      {std::string(), R"({"stringValue":""})"},
      {std::vector<std::int64_t>{}, R"({"arrayValue":{}})"},
      {std::vector<std::int64_t>{1, -2}, R"({"arrayValue":{"values":[{"intValue":"1"},{"intValue":"-2"}]}})"},
      {std::vector<bool>{true, false}, R"({"arrayValue":{"values":[{"boolValue":true},{"boolValue":false}]}})"},
      {std::vector<double>{0.5}, R"({"arrayValue":{"values":[{"doubleValue":0.5}]}})"},
      {std::vector<std::string>{"x", ""}, R"({"arrayValue":{"values":[{"stringValue":"x"},{"stringValue":""}]}})"},
  };
  for (const auto& c : cases) {
    auto span = test::minimal_span();
    span.attributes.push_back({"k", c.value});
    EXPECT_CONTAINS(encode_span(span), std::string(R"("attributes":[{"key":"k","value":)") + c.json + "}]");
  }
}

TEST(OtlpJson, EventsLinksStatusAndDroppedCounts) {
  auto span = test::minimal_span();
  span.dropped_attributes = 2;
  span.events.push_back({"e", 5000, {{"n", std::int64_t{1}}}});
  span.events.push_back({"bare", 6000, {}});
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
  EXPECT_CONTAINS(encode_span(span),
                  R"("endTimeUnixNano":"3000","droppedAttributesCount":2,)"
                  R"("events":[{"timeUnixNano":"5000","name":"e","attributes":[{"key":"n","value":{"intValue":"1"}}]},)"
                  R"({"timeUnixNano":"6000","name":"bare"}],"droppedEventsCount":3,)"
                  R"("links":[{"traceId":"a1a2a3a4a5a6a7a8a9aaabacadaeafb0","spanId":"b1b2b3b4b5b6b7b8",)"
                  R"("traceState":"k=v","attributes":[{"key":"l","value":{"boolValue":true}}],"flags":769}],)"
                  R"("droppedLinksCount":4,"status":{"message":"boom","code":2}})");
}

TEST(OtlpJson, StatusAndKinds) {
  auto span = test::minimal_span();
  EXPECT_EQ(encode_span(span).find("status"), std::string::npos);
  span.status = StatusCode::ok;
  EXPECT_CONTAINS(encode_span(span), R"("endTimeUnixNano":"3000","status":{"code":1}})");
  const std::pair<SpanKind, const char*> kinds[] = {{SpanKind::internal, "1"},
                                                    {SpanKind::server, "2"},
                                                    {SpanKind::client, "3"},
                                                    {SpanKind::producer, "4"},
                                                    {SpanKind::consumer, "5"}};
  for (const auto& [kind, number] : kinds) {
    span.kind = kind;
    EXPECT_CONTAINS(encode_span(span), std::string(R"("kind":)") + number + ",");
  }
}

TEST(OtlpJson, IllFormedUtf8BecomesReplacementCharacters) {
  auto span = test::minimal_span();
  span.name = "a\xff";
  EXPECT_CONTAINS(encode_span(span), R"("name":"a\ufffd")");
}

}  // namespace
}  // namespace gofr::tracing
