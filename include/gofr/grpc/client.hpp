#pragma once
// Calling other gRPC services on behalf of a request, with the same tracing, deadlines and metrics as the HTTP
// service client (docs/grpc.md):
//
//   app.add_grpc_service("greeter", "dns:///greeter:9000",
//                        gofr::grpc::ClientOptions{.retry = gofr::grpc::RetryPolicy{.max_attempts = 3}});
//   …
//   auto greeter = gofr::grpc::client<hello::Greeter>(ctx, "greeter");
//   hello::HelloReply reply = co_await greeter.call<hello::HelloReply>("SayHello", request);
//
// Every call gets a CLIENT span ("hello.Greeter/SayHello") whose context goes out as W3C traceparent/tracestate/
// baggage metadata (and GoFr's x-gofr-traceid/x-gofr-spanid, for GoFr servers); the request's deadline (its
// grpc-timeout, X-Request-Timeout-Ms … or REQUEST_TIMEOUT) becomes the call's, shortened by the option `timeout`;
// a cancelled request cancels the call; GoFr's app_gRPC-Client_stats and a log line record it. A status other than
// OK is thrown as CallError. Retries are gRPC's own (the service config's retryPolicy), with its retry throttling
// as the budget that stops a retry storm.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/status.h>

#include "gofr/context.hpp"
#include "gofr/http/error.hpp"
#include "gofr/task.hpp"

namespace google::protobuf {
class Descriptor;
}

namespace gofr::grpc {

// gRPC's retryPolicy (gRFC A6): retried attempts are transparent to the caller and stay within its deadline.
struct RetryPolicy {
  int max_attempts = 3;  // including the first; gRPC caps it at 5
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{1000};
  double backoff_multiplier = 2;
  // Only codes that mean "not processed, safe to repeat". UNAVAILABLE is the one gRPC recommends.
  std::vector<::grpc::StatusCode> retryable_codes{::grpc::StatusCode::UNAVAILABLE};
};

// gRPC's retryThrottling: a token bucket per channel; each failure costs a token, each success gives back
// `token_ratio`, and below half the tokens no call is retried. It keeps retries from multiplying an outage.
struct RetryThrottling {
  int max_tokens = 10;
  double token_ratio = 0.1;
};

struct ClientOptions {
  std::optional<RetryPolicy> retry;  // unset: one attempt per call
  RetryThrottling throttling;        // applies when `retry` is set
  // A bound for every call, on top of the request's deadline; zero means the request's deadline only.
  std::chrono::milliseconds timeout{0};
  // round_robin spreads calls over every address of the target (GoFr's default); pick_first uses one.
  std::string load_balancing = "round_robin";
  // Plaintext by default: inside a mesh the sidecar adds mTLS. grpc::SslCredentials(…) for TLS without one.
  std::shared_ptr<::grpc::ChannelCredentials> credentials;
  // Sent with every call (an API key, a tenant).
  std::vector<std::pair<std::string, std::string>> metadata;
};

// A call that ended with a status other than OK. Thrown out of an HTTP handler it answers with the matching HTTP
// status (NOT_FOUND → 404, UNAVAILABLE → 503, DEADLINE_EXCEEDED → 504 …); out of a gRPC handler, with its own
// status.
class CallError : public http::Error {
 public:
  // `retries_exhausted`: the channel's retry policy covers this code, so gRPC has retried it already (or its
  // throttling said no). An HTTP answer then carries X-Retry-Exhausted: 1, and gofr-cpp callers do not retry it
  // again: one layer retries, not every layer of the chain (docs/service-mesh.md).
  explicit CallError(::grpc::Status status, bool retries_exhausted = false);
  const ::grpc::Status& status() const noexcept { return status_; }
  bool retries_exhausted() const noexcept { return retries_exhausted_; }
  std::vector<std::pair<std::string, std::string>> headers() const override;

 private:
  ::grpc::Status status_;
  bool retries_exhausted_;
};

namespace detail {

class Channel;
struct ClientMethod;

// The named channel added with app.add_grpc_service; throws std::out_of_range when there is none.
Channel& channel_of(Context& ctx, std::string_view name);
const std::shared_ptr<::grpc::Channel>& grpc_channel(Channel& channel);
// The method `method` ("/pkg.Service/Method") of the channel's service. Throws std::invalid_argument unless it is
// a unary method taking `request` and returning `response`, checked against the generated descriptors the first
// time it is called successfully.
const ClientMethod& client_method(Context& ctx, Channel& channel, const std::string& method,
                                  const google::protobuf::Descriptor* request,
                                  const google::protobuf::Descriptor* response);
using StartCall = std::function<void(::grpc::ClientContext&, std::function<void(::grpc::Status)>)>;
// Whether the channel's retry policy retries `code`: a call that failed with it was retried already.
bool policy_retries(const Channel& channel, ::grpc::StatusCode code) noexcept;
// One call through `start`: span, metadata, deadline, cancellation, log line and metrics.
Task<::grpc::Status> observed_call(Context& ctx, Channel& channel, const ClientMethod& method, StartCall start);

}  // namespace detail

// The client of one service (`Generated`: the class protoc made, e.g. hello::Greeter) on behalf of a request.
template <class Generated>
class Client {
 public:
  Client(Context& ctx, detail::Channel& channel) noexcept : ctx_(&ctx), channel_(&channel) {}

  // Calls the unary method `method` ("SayHello") and returns its response; throws CallError for a status other
  // than OK, std::invalid_argument when the service has no such method with these message types.
  template <class Response, class Request>
  Task<Response> call(std::string_view method, const Request& request) {
    std::string full = "/";
    full.append(Generated::service_full_name()).append("/").append(method);
    const auto& checked = detail::client_method(*ctx_, *channel_, full, Request::descriptor(), Response::descriptor());
    Response response;
    // Named, not built inside the co_await: GCC 12 destroys such temporaries twice (ADR 0006).
    detail::StartCall start = [&](::grpc::ClientContext& call, std::function<void(::grpc::Status)> done) {
      ::grpc::TemplatedGenericStub<Request, Response> stub(detail::grpc_channel(*channel_));
      stub.UnaryCall(&call, full, {}, &request, &response, std::move(done));
    };
    const ::grpc::Status status = co_await detail::observed_call(*ctx_, *channel_, checked, std::move(start));
    if (!status.ok()) throw CallError(status, detail::policy_retries(*channel_, status.error_code()));
    co_return response;
  }

 private:
  Context* ctx_;
  detail::Channel* channel_;
};

// The client of the service added as `name` with app.add_grpc_service, on behalf of this request.
template <class Generated>
Client<Generated> client(Context& ctx, std::string_view name) {
  return {ctx, detail::channel_of(ctx, name)};
}

}  // namespace gofr::grpc
