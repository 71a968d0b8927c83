// Zipkin v2 JSON per zipkin2-api.yaml and the OpenTelemetry Zipkin mapping, with tags spelled as GoFr's Go exporter
// spells them. tests/interop/check_zipkin_payloads.py validates a richer batch against the v2 model and compares it
// with @opentelemetry/exporter-zipkin.
#include "tracing/export/zipkin_json.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "tracing/export/test_spans.hpp"

namespace gofr::tracing {
namespace {

std::string encode_span(const SpanData& span) {
  const SpanData spans[] = {span};
  return encode_zipkin_json("svc", spans);
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack) << "\nlacks\n" << (needle)

TEST(ZipkinJson, MinimalSpanExactText) {
  EXPECT_EQ(encode_span(test::minimal_span()),
            R"([{"traceId":"0102030405060708090a0b0c0d0e0f10","id":"1112131415161718","kind":"SERVER","name":"a",)"
            R"("timestamp":1,"duration":2,"localEndpoint":{"serviceName":"svc"},"tags":{"service.name":"svc"}}])");
}

TEST(ZipkinJson, EmptyBatchIsAnEmptyArray) { EXPECT_EQ(encode_zipkin_json("svc", {}), "[]"); }

TEST(ZipkinJson, ChildSpanHasParentId) {
  auto span = test::minimal_span();
  span.parent_span_id = test::id<8>("2122232425262728");
  EXPECT_CONTAINS(encode_span(span), R"("traceId":"0102030405060708090a0b0c0d0e0f10","parentId":"2122232425262728",)"
                                     R"("id":"1112131415161718",)");
}

TEST(ZipkinJson, KindsAndInternalHasNone) {
  const std::pair<SpanKind, const char*> kinds[] = {{SpanKind::server, R"("kind":"SERVER")"},
                                                    {SpanKind::client, R"("kind":"CLIENT")"},
                                                    {SpanKind::producer, R"("kind":"PRODUCER")"},
                                                    {SpanKind::consumer, R"("kind":"CONSUMER")"}};
  auto span = test::minimal_span();
  for (const auto& [kind, json] : kinds) {
    span.kind = kind;
    EXPECT_CONTAINS(encode_span(span), json);
  }
  span.kind = SpanKind::internal;
  EXPECT_EQ(encode_span(span).find("kind"), std::string::npos);
}

TEST(ZipkinJson, MicrosecondsRoundToNearestAndDurationIsAtLeastOne) {
  const struct {
    std::uint64_t start, end;
    const char* json;
  } cases[] = {
      {1'700'000'000'123'456'499, 1'700'000'000'123'457'999, R"("timestamp":1700000000123456,"duration":2,)"},
      {1'700'000'000'123'456'500, 1'700'000'000'123'456'500, R"("timestamp":1700000000123457,"duration":1,)"},
      {1000, 1400, R"("timestamp":1,"duration":1,)"},  // 400 ns rounds up to the minimum
      {1000, 2499, R"("timestamp":1,"duration":1,)"},  // 1.499 µs
      {1000, 2500, R"("timestamp":1,"duration":2,)"},  // 1.5 µs
      {5000, 1000, R"("timestamp":5,"duration":1,)"},  // an end before the start is no negative duration
  };
  for (const auto& c : cases) {
    auto span = test::minimal_span();
    span.start_unix_nano = c.start;
    span.end_unix_nano = c.end;
    EXPECT_CONTAINS(encode_span(span), c.json);
  }
}

TEST(ZipkinJson, AttributesBecomeSortedStringTags) {
  auto span = test::minimal_span();
  span.attributes = {
      {"z.string", std::string("a\"<b>")},
      {"b.bool", false},
      {"i.int", std::int64_t{-42}},
      {"f.float", 1e6},  // Go's %v
      {"f.small", 0.25},
      {"a.ints", std::vector<std::int64_t>{1, 2}},
      {"a.bools", std::vector<bool>{true}},
      {"a.floats", std::vector<double>{1.5, 1e21}},
      {"a.strings", std::vector<std::string>{"x", "y\""}},
      {"a.empty", std::vector<std::string>{}},
      {"a.nan", std::vector<double>{NAN}},  // json.Marshal fails: ""
  };
  EXPECT_CONTAINS(encode_span(span),
                  R"("tags":{"a.bools":"[true]","a.empty":"[]","a.floats":"[1.5,1e+21]","a.ints":"[1,2]",)"
                  R"("a.nan":"","a.strings":"[\"x\",\"y\\\"\"]","b.bool":"false","f.float":"1e+06",)"
                  R"("f.small":"0.25","i.int":"-42","service.name":"svc","z.string":"a\"\u003cb\u003e"}})");
}

TEST(ZipkinJson, StatusTags) {
  auto span = test::minimal_span();
  span.attributes = {{"error", true}};  // only the status decides `error`
  EXPECT_CONTAINS(encode_span(span), R"("tags":{"service.name":"svc"}})");
  span.status = StatusCode::ok;
  EXPECT_CONTAINS(encode_span(span), R"("tags":{"otel.status_code":"OK","service.name":"svc"}})");
  span.status = StatusCode::error;
  EXPECT_CONTAINS(encode_span(span), R"("tags":{"error":"","otel.status_code":"ERROR","service.name":"svc"}})");
  span.status_message = "boom";
  EXPECT_CONTAINS(encode_span(span), R"("tags":{"error":"boom","otel.status_code":"ERROR","service.name":"svc"}})");
}

TEST(ZipkinJson, ResourceServiceNameWinsOverAnAttribute) {
  auto span = test::minimal_span();
  span.attributes = {{"service.name", std::string("other")}};
  EXPECT_CONTAINS(encode_span(span), R"("tags":{"service.name":"svc"}})");
}

TEST(ZipkinJson, DroppedCountsAreTags) {
  auto span = test::minimal_span();
  span.dropped_attributes = 1;
  span.dropped_events = 2;
  span.dropped_links = 3;
  EXPECT_CONTAINS(encode_span(span), R"("tags":{"otel.dropped_attributes_count":"1","otel.dropped_events_count":"2",)"
                                     R"("otel.dropped_links_count":"3","service.name":"svc"}})");
}

TEST(ZipkinJson, EventsBecomeAnnotations) {
  auto span = test::minimal_span();
  span.events = {
      {"bare", 2'499, {}},
      {"with", 2'500, {{"s", std::string("x")}, {"b", true}, {"n", std::int64_t{7}}, {"l", std::vector<double>{0.5}}}},
      {"nan", 3'000, {{"f", NAN}}},
  };
  EXPECT_CONTAINS(encode_span(span), R"("localEndpoint":{"serviceName":"svc"},"annotations":[)"
                                     R"({"timestamp":2,"value":"bare"},)"
                                     R"({"timestamp":3,"value":"with: {\"b\":true,\"l\":[0.5],\"n\":7,\"s\":\"x\"}"},)"
                                     R"({"timestamp":3,"value":"nan"}],"tags")");
  EXPECT_EQ(encode_span(test::minimal_span()).find("annotations"), std::string::npos);
}

}  // namespace
}  // namespace gofr::tracing
