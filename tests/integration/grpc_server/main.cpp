// The gRPC service the integration tests drive over loopback (tests/integration/test_grpc.py, grpc_js_interop.js).
// Environment: GRPC_API_KEY (require it through gofr::grpc::api_key_auth), RELAY_TARGET (where Relay and GET /relay
// call Echo), HEALTH_FLAG_FILE (the app's health is DOWN while that file exists).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gofr/gofr.hpp>
#include <gofr/grpc/client.hpp>
#include <gofr/grpc/service.hpp>

#include "probe.grpc.pb.h"

namespace {

gofr::Task<void> sleep_for(std::chrono::milliseconds d) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

// The reply's fields that show what the handler's Context saw.
void describe_context(gofr::Context& ctx, gofr::test::EchoReply& reply) {
  reply.set_trace_id(std::string(ctx.trace_id()));
  reply.set_tenant(std::string(ctx.header("x-tenant")));
  reply.set_remote(ctx.request().remote_address());
  reply.set_tag(std::string(ctx.header("X-Tenant-Tag")));
  reply.clear_tag_values();  // Echo describes its context twice
  reply.clear_header_names();
  for (auto value : ctx.request().header_values("X-Tenant-Tag")) reply.add_tag_values(std::string(value));
  ctx.request().for_each_header(
      [&](std::string_view name, std::string_view) { reply.add_header_names(std::string(name)); });
  const auto deadline = ctx.deadline();
  reply.set_deadline_left_ms(
      deadline ? std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now())
                     .count()
               : -1);
}

grpc::Status answer(gofr::Context& ctx, const gofr::test::EchoRequest& request, gofr::test::EchoReply& reply) {
  if (request.fail() == "throw") throw std::runtime_error("secret internals: connection string xyz");
  if (request.fail() == "not-found") throw gofr::http::EntityNotFound("id", request.message());
  if (request.fail() == "precondition") return {grpc::StatusCode::FAILED_PRECONDITION, "not ready"};
  if (request.fail() == "unavailable") return {grpc::StatusCode::UNAVAILABLE, "unavailable on purpose"};
  reply.set_message(request.message());
  describe_context(ctx, reply);
  return grpc::Status::OK;
}

class Probe final : public gofr::grpc::Service<gofr::test::Probe> {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* call, const gofr::test::EchoRequest* request,
                                 gofr::test::EchoReply* reply) override {
    return unary(call, [request, reply](gofr::Context& ctx) -> gofr::Task<grpc::Status> {
      describe_context(ctx, *reply);  // before the delay, so deadline_left_ms shows what arrived
      if (request->delay_ms() > 0) co_await sleep_for(std::chrono::milliseconds(request->delay_ms()));
      const auto left = reply->deadline_left_ms();
      auto status = answer(ctx, *request, *reply);
      reply->set_deadline_left_ms(left);
      co_return status;
    });
  }

  grpc::ServerUnaryReactor* Fast(grpc::CallbackServerContext* call, const gofr::test::EchoRequest* request,
                                 gofr::test::EchoReply* reply) override {
    return unary(call, [request, reply](gofr::Context& ctx) { return answer(ctx, *request, *reply); });
  }

  grpc::ServerWriteReactor<gofr::test::CountReply>* Count(grpc::CallbackServerContext* call,
                                                          const gofr::test::CountRequest* request) override {
    return server_stream<gofr::test::CountReply>(
        call, [request](gofr::Context&, gofr::grpc::Writer<gofr::test::CountReply>& out) -> gofr::Task<void> {
          for (int i = 1; i <= request->count(); ++i) {
            if (i > 1 && request->interval_ms() > 0) co_await sleep_for(std::chrono::milliseconds(request->interval_ms()));
            gofr::test::CountReply reply;
            reply.set_index(i);
            if (!co_await out.write(reply)) co_return;
          }
        });
  }

  grpc::ServerUnaryReactor* Relay(grpc::CallbackServerContext* call, const gofr::test::EchoRequest* request,
                                  gofr::test::EchoReply* reply) override {
    return unary(call, [request, reply](gofr::Context& ctx) -> gofr::Task<grpc::Status> {
      // Waits delay_ms itself, so that what is left of the deadline downstream shows the time spent here.
      if (request->delay_ms() > 0) co_await sleep_for(std::chrono::milliseconds(request->delay_ms()));
      auto forwarded = *request;
      forwarded.set_delay_ms(0);
      auto downstream = gofr::grpc::client<gofr::test::Probe>(ctx, "relay");
      *reply = co_await downstream.call<gofr::test::EchoReply>("Echo", forwarded);
      co_return grpc::Status::OK;
    });
  }
};

}  // namespace

int main() {
  gofr::App app;
  app.register_service(std::make_shared<Probe>());
  if (const char* key = std::getenv("GRPC_API_KEY")) app.grpc_use(gofr::grpc::api_key_auth({key}));
  if (const char* flag = std::getenv("HEALTH_FLAG_FILE")) {
    app.add_health_check("flag", [path = std::string(flag)]() -> gofr::Task<gofr::Health> {
      co_return ::access(path.c_str(), F_OK) == 0 ? gofr::Health::down({{"flag", path}}) : gofr::Health::up();
    });
  }
  if (const char* target = std::getenv("RELAY_TARGET")) {
    // gRPC's own retries for UNAVAILABLE: a call that still fails was retried here, and the caller hears so.
    app.add_grpc_service("relay", target,
                         gofr::grpc::ClientOptions{.retry = gofr::grpc::RetryPolicy{.max_attempts = 3}});
    // HTTP → gRPC: the HTTP request's deadline and trace go on to the call.
    app.get("/relay", [](gofr::Context& ctx) -> gofr::Task<boost::json::object> {
      gofr::test::EchoRequest request;
      request.set_message(ctx.param("message"));
      request.set_delay_ms(ctx.param("delay_ms").empty() ? 0 : std::stoi(ctx.param("delay_ms")));
      auto downstream = gofr::grpc::client<gofr::test::Probe>(ctx, "relay");
      const auto reply = co_await downstream.call<gofr::test::EchoReply>("Echo", request);
      co_return boost::json::object{{"message", reply.message()},
                                    {"trace_id", reply.trace_id()},
                                    {"deadline_left_ms", reply.deadline_left_ms()}};
    });
    // A call with the wrong response type: refused before anything is sent, every time.
    app.get("/relay-mistyped", [](gofr::Context& ctx) -> gofr::Task<std::string> {
      auto downstream = gofr::grpc::client<gofr::test::Probe>(ctx, "relay");
      const gofr::test::EchoRequest request;
      co_await downstream.call<gofr::test::CountReply>("Echo", request);
      co_return "unreachable";
    });
  }
  return app.run();
}
