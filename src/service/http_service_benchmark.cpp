// What the service client costs per call, next to a bare keep-alive exchange to the same loopback server: the
// pipeline (deadline, budget, breaker, endpoint choice, trace and attempt headers, classification, metrics, log
// line, the call and attempt spans) over the same socket work. Client, server and both sides of each socket run
// on one thread, so the numbers are CPU per call, without scheduling. Run: build/src/service_benchmark
#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "core/services.hpp"
#include "gofr/context.hpp"
#include "gofr/metrics.hpp"
#include "http/request_data.hpp"
#include "http/request_scope.hpp"
#include "metrics/registry.hpp"
#include "service/http_service.hpp"
#include "service/outbound_request.hpp"
#include "tracing/export/otlp_protobuf.hpp"
#include "tracing/tracer.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace gofr;

constexpr std::string_view answer =
    "HTTP/1.1 200 OK\r\nServer: bench\r\nContent-Type: application/json\r\nContent-Length: 55\r\n\r\n"
    R"({"data":[{"id":1,"name":"tea"},{"id":2,"name":"cake"}]})";

// Answers every request head with `answer`, keeping connections open.
class LoopbackServer {
 public:
  explicit LoopbackServer(asio::io_context& io) : acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}) {
    asio::co_spawn(io, accept(), asio::detached);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

 private:
  Task<void> accept() {
    for (;;) {
      boost::system::error_code ec;
      auto socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), asio::detached);
    }
  }
  static Task<void> serve(tcp::socket socket) {
    std::string buffer;
    boost::system::error_code ec;
    for (;;) {
      const auto n = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n\r\n",
                                                     asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      buffer.erase(0, n);
      co_await asio::async_write(socket, asio::buffer(answer), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
    }
  }
  tcp::acceptor acceptor_;
};

// Spans encoded as OTLP protobuf would be, then discarded.
class NullExporter : public tracing::SpanExporter {
 public:
  const tracing::SpanFormat& format() const noexcept override { return format_; }
  bool export_spans(std::span<const std::string_view>, std::string&) override { return true; }
  std::string_view name() const noexcept override { return "null"; }

 private:
  tracing::OtlpProtobufFormat format_{tracing::Resource{{{"service.name", std::string("bench")}}},
                                      tracing::InstrumentationScope{"gofr", "1"}};
};

// Everything a request's Context needs, with a sampled server span as its parent, and logs going nowhere.
struct Fixture {
  asio::io_context io;
  LoopbackServer server{io};
  Config config;
  Logger logger{LoggerOptions{.level = Level::fatal}};
  detail::BlockingPool blocking{1};
  tracing::BatchSpanProcessor processor{std::make_unique<NullExporter>(), {.max_queue_size = 1 << 16}, logger};
  tracing::Tracer tracer{tracing::Sampler(1.0), &processor};
  metrics::Registry registry{{.process_metrics = false}, logger};
  detail::Services services{config, logger, blocking, tracer, &registry, registry.metrics(), "bench", "1"};
  http::detail::RequestData data{.method = "GET", .path = "/items"};
  http::Request request{data};

  ~Fixture() { processor.shutdown(); }

  // Runs `body` once per benchmark iteration inside a coroutine on `io`, with a fresh request scope each time.
  template <class Body>
  void run(benchmark::State& state, Body body) {
    std::exception_ptr failure;
    asio::co_spawn(io, [&]() -> Task<void> {
      for (auto _ : state) {
        detail::RequestScope scope(services);
        scope.span = tracer.start("GET /items", tracing::SpanKind::server, std::nullopt);
        Context ctx(request, scope);
        co_await body(ctx);
        scope.span.end();
      }
    }, [&](std::exception_ptr e) {
      failure = e;
      io.stop();
    });
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
  }
};

// One for the process: each worker thread's connection pools outlive their service (they live as long as the
// thread), so the io_context they belong to must too.
Fixture& fixture() {
  static Fixture f;
  return f;
}

void call_through(benchmark::State& state, service::ServiceOptions options) {
  auto& f = fixture();
  options.name = "catalog";
  options.base_url = "http://" + f.server.address();
  service::HttpService catalog(std::move(options), f.services);
  f.run(state, [&](Context& ctx) -> Task<void> {
    auto response = co_await catalog.send(ctx, service::Request("GET", "catalog/items"));
    if (response.status != 200) state.SkipWithError("not 200");
  });
}

// The gateway example's client: retry with its budget, a circuit breaker, default headers; tracing sampled.
void BM_CallThroughClient(benchmark::State& state) {
  service::ServiceOptions options;
  service::apply(options, service::Retry{.max_retries = 2});
  service::apply(options, service::CircuitBreaker{.threshold = 5});
  service::apply(options, service::DefaultHeaders{{{"X-Caller", "gateway"}}});
  call_through(state, std::move(options));
}
BENCHMARK(BM_CallThroughClient);

// No options: the pipeline's fixed part (deadline, headers, classification, metrics, log line, spans).
void BM_CallThroughClientNoOptions(benchmark::State& state) { call_through(state, {}); }
BENCHMARK(BM_CallThroughClientNoOptions);

// The floor: the same request and answer over a kept-alive socket with Beast alone, no policies, no telemetry.
void BM_BareBeastExchange(benchmark::State& state) {
  auto& f = fixture();
  const auto address = f.server.address();
  beast::tcp_stream stream(f.io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(std::stoi(address.substr(address.find(':') + 1)))));
  beast::flat_buffer buffer;
  f.run(state, [&](Context&) -> Task<void> {
    bhttp::request<bhttp::string_body> request(bhttp::verb::get, "/catalog/items", 11);
    request.set(bhttp::field::host, address);
    co_await bhttp::async_write(stream, request, asio::use_awaitable);
    bhttp::response<bhttp::string_body> response;
    co_await bhttp::async_read(stream, buffer, response, asio::use_awaitable);
    if (response.result_int() != 200) state.SkipWithError("not 200");
  });
}
BENCHMARK(BM_BareBeastExchange);

// Building one attempt's request head: a dozen fields, checked as they are added.
void BM_BuildAttemptRequest(benchmark::State& state) {
  for (auto _ : state) {
    service::detail::OutboundRequest request("GET", "/catalog/items?page=2");
    request.add("Host", "catalog:8080");
    request.add("User-Agent", "gofr-cpp/0.1.0");
    request.add("X-Caller", "gateway");
    request.add("Content-Type", "application/json");
    request.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    request.add("X-Request-Timeout-Ms", "29995");
    request.add("X-Request-Attempt", "1");
    request.add("x-envoy-max-retries", "0");
    request.add("l5d-retry-limit", "0");
    benchmark::DoNotOptimize(request.wire());
  }
}
BENCHMARK(BM_BuildAttemptRequest);

}  // namespace
