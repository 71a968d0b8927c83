// Encodes one fixed batch of spans with every exporter encoding and writes the payloads to the files named on the
// command line, for the interop checks (check_otlp_payloads.py, check_zipkin_payloads.py) to decode with
// independent implementations. The batch is mirrored in tests/interop/export_fixture.py: change both together.
//
//   export_payloads OTLP_PROTOBUF OTLP_JSON ZIPKIN_JSON GOFR_JSON
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gofr/tracing/span_data.hpp"
#include "tracing/export/gofr_json.hpp"
#include "tracing/export/otlp_json.hpp"
#include "tracing/export/otlp_protobuf.hpp"
#include "tracing/export/zipkin_json.hpp"
#include "tracing/hex.hpp"

namespace {

using namespace gofr::tracing;

template <std::size_t N>
std::array<std::uint8_t, N> id(std::string_view digits) {
  std::array<std::uint8_t, N> out{};
  if (!hex::decode(digits, out)) throw std::invalid_argument("bad id");
  return out;
}

SpanContext context(std::string_view trace_id, std::string_view span_id, std::uint8_t flags,
                    std::string_view tracestate = "", bool remote = false) {
  SpanContext c;
  c.trace_id = id<16>(trace_id);
  c.span_id = id<8>(span_id);
  c.flags = flags;
  c.state = TraceState::parse(tracestate).value();
  c.remote = remote;
  return c;
}

constexpr std::string_view trace_1 = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view tracestate = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

std::vector<SpanData> batch() {
  std::vector<SpanData> spans;

  // A server span continuing a trace from a remote caller, failing.
  SpanData server;
  server.name = "GET /orders/{id}";
  server.kind = SpanKind::server;
  server.context = context(trace_1, "00f067aa0ba902b7", 0x03, tracestate);
  server.parent_span_id = id<8>("b7ad6b7169203331");
  server.parent_remote = true;
  server.start_unix_nano = 1700000000123456789;
  server.end_unix_nano = 1700000000223456789;
  server.attributes = {{"http.request.method", std::string("GET")},
                       {"http.route", std::string("/orders/{id}")},
                       {"http.response.status_code", std::int64_t{500}}};
  server.events = {{"exception",
                    1700000000200000000,
                    {{"exception.type", std::string("std::runtime_error")},
                     {"exception.message", std::string("db <timeout> & \"retry\"")}}}};
  server.status = StatusCode::error;
  server.status_message = "db <timeout>";
  server.dropped_attributes = 1;
  spans.push_back(server);

  // Its client call: every attribute type, events with and without attributes, two links.
  SpanData client;
  client.name = "GET inventory /items";
  client.kind = SpanKind::client;
  client.context = context(trace_1, "53995c3f42cd8ad8", 0x01, tracestate);
  client.parent_span_id = id<8>("00f067aa0ba902b7");
  client.start_unix_nano = 1700000000130000000;
  client.end_unix_nano = 1700000000180000500;
  client.attributes = {
      {"str", std::string("h\xC3\xA9llo \xE2\x98\x83")},
      {"empty", std::string()},
      {"bool.t", true},
      {"bool.f", false},
      {"int", std::int64_t{-42}},
      {"int.max", std::int64_t{9223372036854775807}},
      {"double", 3.25},
      {"double.neg", -0.5},
      {"double.big", 1e21},
      {"double.small", 1e-7},
      {"bools", std::vector<bool>{true, false}},
      {"ints", std::vector<std::int64_t>{1, -2, 3}},
      {"doubles", std::vector<double>{1.5, -2.25}},
      {"strings", std::vector<std::string>{"a", "b,c", "\"q\""}},
      {"empty.ints", std::vector<std::int64_t>{}},
  };
  client.events = {{"retry", 1700000000140000000, {}}, {"sent", 1700000000150000250, {{"bytes", std::int64_t{1024}}}}};
  Link follows;
  follows.context = context("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203310", 0x01, "vendor=abc", true);
  follows.attributes = {{"link.kind", std::string("follows")}};
  Link local;
  local.context = context(trace_1, "00f067aa0ba902b7", 0x03);
  client.links = {follows, local};
  client.status = StatusCode::ok;
  client.dropped_events = 2;
  client.dropped_links = 3;
  spans.push_back(client);

  // An internal span of zero length, nothing else.
  SpanData internal;
  internal.name = "render";
  internal.context = context(trace_1, "1a2b3c4d5e6f7081", 0x01);
  internal.parent_span_id = id<8>("00f067aa0ba902b7");
  internal.start_unix_nano = 1700000000190000000;
  internal.end_unix_nano = 1700000000190000000;
  spans.push_back(internal);

  // A producer span of 1.5 µs.
  SpanData producer;
  producer.name = "kafka-publish orders";
  producer.kind = SpanKind::producer;
  producer.context = context(trace_1, "2b3c4d5e6f708192", 0x01);
  producer.parent_span_id = id<8>("53995c3f42cd8ad8");
  producer.start_unix_nano = 1700000000160000000;
  producer.end_unix_nano = 1700000000160001500;
  producer.attributes = {{"messaging.system", std::string("kafka")}};
  spans.push_back(producer);

  // A consumer span starting an unsampled trace of its own.
  SpanData consumer;
  consumer.name = "kafka-subscribe orders";
  consumer.kind = SpanKind::consumer;
  consumer.context = context("5bf92f3577b34da6a3ce929d0e0e4737", "3c4d5e6f708192a3", 0x00);
  consumer.start_unix_nano = 1700000001000000000;
  consumer.end_unix_nano = 1700000001000400000;
  spans.push_back(consumer);

  return spans;
}

void write(const char* path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) throw std::runtime_error(std::string("cannot write ") + path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s OTLP_PROTOBUF OTLP_JSON ZIPKIN_JSON GOFR_JSON\n", argv[0]);
    return 2;
  }
  const Resource resource{{{"service.name", std::string("order-service")},
                           {"telemetry.sdk.language", std::string("cpp")},
                           {"process.pid", std::int64_t{4242}}}};
  const InstrumentationScope scope{"gofr-cpp", "0.1.0"};
  const auto spans = batch();
  write(argv[1], encode_otlp_protobuf(resource, scope, spans));
  write(argv[2], encode_otlp_json(resource, scope, spans));
  write(argv[3], encode_zipkin_json("order-service", spans));
  write(argv[4], encode_gofr_json("order-service", spans));
  return 0;
}
