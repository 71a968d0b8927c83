// GoFr's custom exporter body (pkg/gofr/exporter.go): the same bytes GoFr's json.Marshal produces for the same
// spans, quirks included.
#include "tracing/export/gofr_json.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tracing/export/test_spans.hpp"

namespace gofr::tracing {
namespace {

std::string encode_span(const SpanData& span) {
  const SpanData spans[] = {span};
  return encode_gofr_json("svc", spans);
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack) << "\nlacks\n" << (needle)

TEST(GofrJson, RootSpanExactText) {
  // A root span's parentId is the zero id, not absent: GoFr's SpanID.String() is never empty.
  EXPECT_EQ(encode_span(test::minimal_span()),
            R"([{"traceId":"0102030405060708090a0b0c0d0e0f10","id":"1112131415161718","parentId":"0000000000000000",)"
            R"("name":"a","timestamp":1,"duration":2,"tags":{"service.name":"svc"},)"
            R"("localEndpoint":{"serviceName":"svc"}}])");
}

TEST(GofrJson, EmptyBatchIsAnEmptyArray) { EXPECT_EQ(encode_gofr_json("svc", {}), "[]"); }

TEST(GofrJson, ChildSpansAndSeveralSpans) {
  auto child = test::minimal_span();
  child.parent_span_id = test::id<8>("2122232425262728");
  child.kind = SpanKind::client;  // not sent
  const SpanData spans[] = {test::minimal_span(), child};
  const auto got = encode_gofr_json("svc", spans);
  EXPECT_CONTAINS(got, R"("serviceName":"svc"}},{"traceId":"0102030405060708090a0b0c0d0e0f10",)"
                       R"("id":"1112131415161718","parentId":"2122232425262728","name":"a",)");
}

TEST(GofrJson, MicrosecondsAreTruncated) {
  auto span = test::minimal_span();
  span.start_unix_nano = 1'700'000'000'123'456'999;
  span.end_unix_nano = span.start_unix_nano + 999;
  EXPECT_CONTAINS(encode_span(span), R"("timestamp":1700000000123456,"duration":0,)");
  span.end_unix_nano = span.start_unix_nano + 2'999;
  EXPECT_CONTAINS(encode_span(span), R"("timestamp":1700000000123456,"duration":2,)");
  span.end_unix_nano = span.start_unix_nano - 1'500;  // Go's signed duration division truncates toward zero
  EXPECT_CONTAINS(encode_span(span), R"("duration":-1,)");
}

TEST(GofrJson, TagsAsGofrStringifiesThem) {
  auto span = test::minimal_span();
  span.attributes = {
      {"http.response.status_code", std::int64_t{500}},
      {"f.big", 1e21},  // strconv 'f': no exponent
      {"f.small", 1e-7},
      {"b", true},
      {"arr", std::vector<std::string>{"a&b"}},
      {"service.name", std::string("mine")},  // the resource's service.name is added after and wins
      {"http.route", std::string("/orders/{id}")},
  };
  span.status = StatusCode::error;  // status, events and links are not part of the format
  span.status_message = "boom";
  span.events.push_back({"e", 1500, {}});
  EXPECT_CONTAINS(encode_span(span),
                  R"("tags":{"arr":"[\"a\\u0026b\"]","b":"true","f.big":"1000000000000000000000",)"
                  R"("f.small":"0.0000001","http.response.status_code":"500","http.route":"/orders/{id}",)"
                  R"("service.name":"svc"},"localEndpoint":{"serviceName":"svc"}}])");
}

}  // namespace
}  // namespace gofr::tracing
