// A gRPC service on GRPC_PORT (9000) and a client of it: `make run EXAMPLE=grpc`. Next to it, the HTTP health
// endpoints on 8000 and the metrics on 2121. Try the server with any gRPC client (reflection is on in
// configs/.env):
//   grpcurl -plaintext -d '{"name":"gofr"}' localhost:9000 hello.Greeter/SayHello
//   grpcurl -plaintext -d '{"name":"gofr","count":3,"interval_ms":200}' localhost:9000 hello.Greeter/LotsOfReplies
// and the client through HTTP: `curl localhost:8000/greet/gofr` calls GREETER_ADDR (this service by default) with
// the request's trace and deadline.
#include <algorithm>
#include <chrono>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gofr/gofr.hpp>
#include <gofr/grpc/client.hpp>
#include <gofr/grpc/service.hpp>

#include "hello.grpc.pb.h"

class Greeter final : public gofr::grpc::Service<hello::Greeter> {
 public:
  grpc::ServerUnaryReactor* SayHello(grpc::CallbackServerContext* call, const hello::HelloRequest* request,
                                     hello::HelloReply* reply) override {
    // A plain function: quick work, answered on the thread that received the call.
    return unary(call, [request, reply](gofr::Context&) {
      if (request->name().empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "name is required");
      reply->set_message("Hello " + request->name() + "!");
      return grpc::Status::OK;
    });
  }

  grpc::ServerWriteReactor<hello::HelloReply>* LotsOfReplies(grpc::CallbackServerContext* call,
                                                             const hello::HelloRequest* request) override {
    // A coroutine on a worker thread: it may wait (timers, ctx.sql(), ctx.service(…)) without holding a thread.
    return server_stream<hello::HelloReply>(
        call, [request](gofr::Context& ctx, gofr::grpc::Writer<hello::HelloReply>& out) -> gofr::Task<grpc::Status> {
          const int count = std::clamp(request->count(), 1, 100);
          boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
          for (int i = 0; i < count; ++i) {
            if (i > 0 && request->interval_ms() > 0) {
              timer.expires_after(std::chrono::milliseconds(request->interval_ms()));
              co_await timer.async_wait(boost::asio::use_awaitable);
            }
            hello::HelloReply reply;
            reply.set_message("Hello " + request->name() + " #" + std::to_string(i + 1));
            reply.set_index(i + 1);
            if (!co_await out.write(reply)) co_return grpc::Status::CANCELLED;  // the caller has gone
          }
          ctx.infof("sent {} greetings to {}", count, request->name());
          co_return grpc::Status::OK;
        });
  }
};

int main() {
  gofr::App app;
  app.register_service(std::make_shared<Greeter>());

  // The client side: a downstream gRPC service, retried by gRPC itself when it is UNAVAILABLE.
  app.add_grpc_service("greeter", std::string(app.config().get_or("GREETER_ADDR", "localhost:9000")),
                       gofr::grpc::ClientOptions{.retry = gofr::grpc::RetryPolicy{.max_attempts = 3},
                                                 .timeout = std::chrono::seconds(2)});
  app.get("/greet/{name}", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    hello::HelloRequest request;
    request.set_name(std::string(ctx.path_param("name")));
    auto greeter = gofr::grpc::client<hello::Greeter>(ctx, "greeter");
    const auto reply = co_await greeter.call<hello::HelloReply>("SayHello", request);
    co_return reply.message();
  });
  return app.run();
}
