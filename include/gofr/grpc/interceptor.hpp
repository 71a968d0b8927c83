#pragma once
// Interceptors: code around every gRPC handler of the app (app.grpc_use), the gRPC twin of HTTP middleware. They run
// after the built-in ones (recovery, log, metrics, tracing, deadline), in registration order, and see the call's
// Context: metadata as ctx.header(name), the trace, the deadline.
//
//   app.grpc_use([](gofr::Context& ctx, const gofr::grpc::CallInfo& call, gofr::grpc::Next next)
//                    -> gofr::Task<grpc::Status> {
//     if (ctx.header("x-tenant").empty()) co_return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no tenant");
//     co_return co_await next();
//   });
//
// Not calling `next` answers the call with the returned status without running the handler (auth hooks).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/support/status.h>

#include "gofr/task.hpp"

namespace gofr {
class Context;
}

namespace gofr::grpc {

enum class StreamType { unary, client_stream, server_stream, bidi_stream };

struct CallInfo {
  std::string_view method;  // "/hello.Greeter/SayHello"
  StreamType type = StreamType::unary;
};

using Next = std::function<Task<::grpc::Status>()>;
using Interceptor = std::function<Task<::grpc::Status>(Context&, const CallInfo&, Next)>;

// GoFr's gRPC API-key auth: the `x-api-key` metadata must be one of `keys` (compared in constant time), else
// UNAUTHENTICATED. The health service stays open, as /.well-known/* does for HTTP.
Interceptor api_key_auth(std::vector<std::string> keys);
// GoFr's gRPC basic auth: `authorization: Basic base64(user:password)` must match one of `users`
// ({user, password} pairs), else UNAUTHENTICATED.
Interceptor basic_auth(std::vector<std::pair<std::string, std::string>> users);

}  // namespace gofr::grpc
