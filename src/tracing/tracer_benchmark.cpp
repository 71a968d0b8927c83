// Per-request cost of tracing on a worker thread: starting a span, the HTTP server span's attributes, and ending
// it into the batch processor (whose exporter discards). Run: build/src/tracing_benchmark
#include <benchmark/benchmark.h>

#include "tracing/export/otlp_protobuf.hpp"
#include "tracing/trace_context.hpp"
#include "tracing/tracer.hpp"

namespace {

using namespace gofr::tracing;

// Encodes as OTLP/HTTP protobuf does, then discards: the cost of a span on the thread that ends it.
class NullExporter : public SpanExporter {
 public:
  const SpanFormat& format() const noexcept override { return format_; }
  bool export_spans(std::span<const std::string_view>, std::string&) override { return true; }
  std::string_view name() const noexcept override { return "null"; }

 private:
  OtlpProtobufFormat format_{Resource{{{"service.name", std::string("bench")}}}, InstrumentationScope{"gofr", "1"}};
};

gofr::Logger& quiet() {
  static gofr::Logger logger({.level = gofr::Level::fatal, .pretty = false});
  return logger;
}

const std::optional<SpanContext> parent =
    parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

// The HTTP server span's attributes, as the server hands them to Span::end.
const AttributeRef server_span_attributes[] = {
    {"http.request.method", std::string_view("GET")},   {"http.response.status_code", std::int64_t{200}},
    {"http.route", std::string_view("/hello")},         {"url.path", std::string_view("/hello")},
    {"url.scheme", std::string_view("http")},           {"network.protocol.version", std::string_view("1.1")},
    {"server.address", std::string_view("127.0.0.1")},  {"server.port", std::int64_t{8000}},
    {"user_agent.original", std::string_view("wrk")},   {"client.address", std::string_view("127.0.0.1")},
    {"network.peer.port", std::int64_t{50000}}};

void BM_UnsampledSpan(benchmark::State& state) {
  Tracer tracer(Sampler(0.0), nullptr);
  for (auto _ : state) {
    auto span = tracer.start("GET", SpanKind::server, std::nullopt);
    benchmark::DoNotOptimize(span.context());
    span.end(server_span_attributes);
  }
}
BENCHMARK(BM_UnsampledSpan);

void BM_SampledServerSpanExported(benchmark::State& state) {
  BatchSpanProcessor processor(std::make_unique<NullExporter>(), {.max_queue_size = 1 << 16}, quiet());
  Tracer tracer(Sampler(1.0), &processor);
  for (auto _ : state) {
    auto span = tracer.start("GET", SpanKind::server, parent);
    span.set_name("GET /hello");
    span.end(server_span_attributes);
  }
  processor.shutdown();
  state.counters["dropped"] = static_cast<double>(processor.dropped());
}
BENCHMARK(BM_SampledServerSpanExported);

// The same from one and from two threads into one processor, as workers on different cores end spans. The reported
// wall time is divided by the spans of all threads: with perfect scaling, two threads halve it.
void BM_SampledServerSpanFromThreads(benchmark::State& state) {
  static BatchSpanProcessor processor(std::make_unique<NullExporter>(), {.max_queue_size = 1 << 16}, quiet());
  static Tracer tracer(Sampler(1.0), &processor);
  for (auto _ : state) {
    auto span = tracer.start("GET", SpanKind::server, parent);
    span.set_name("GET /hello");
    span.end(server_span_attributes);
  }
  if (state.thread_index() == 0) state.counters["dropped"] = static_cast<double>(processor.dropped());
}
BENCHMARK(BM_SampledServerSpanFromThreads)->Threads(1)->Threads(2)->UseRealTime();

// The part of BM_SampledServerSpanExported that encodes: one server span in OTLP protobuf.
void BM_EncodeServerSpanOtlpProtobuf(benchmark::State& state) {
  Tracer tracer(Sampler(1.0), nullptr);
  SpanData span;
  span.name = "GET /hello";
  span.kind = SpanKind::server;
  span.context = tracer.start("GET", SpanKind::server, parent).context();
  span.parent_span_id = parent->span_id;
  span.start_unix_nano = 1700000000000000000;
  span.end_unix_nano = span.start_unix_nano + 12345;
  const OtlpProtobufFormat format(Resource{{{"service.name", std::string("bench")}}}, InstrumentationScope{"gofr", "1"});
  std::string out;
  for (auto _ : state) {
    out.clear();
    format.append(span, server_span_attributes, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_EncodeServerSpanOtlpProtobuf);

}  // namespace
