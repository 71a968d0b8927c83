// The gRPC client (gofr/grpc/client.hpp): one observed call.
#include <algorithm>

#include <google/protobuf/descriptor.h>
#include <grpcpp/client_context.h>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/container/static_vector.hpp>
#include <fmt/format.h>

#include "gofr/grpc/client.hpp"
#include "grpc/call_log.hpp"
#include "grpc/completion.hpp"
#include "grpc/channel.hpp"
#include "grpc/grpc_metrics.hpp"
#include "grpc/method_descriptor.hpp"
#include "grpc/status_codes.hpp"
#include "http/request_scope.hpp"
#include "logging/json_escape.hpp"
#include "tracing/hex.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::grpc {

namespace asio = boost::asio;

CallError::CallError(::grpc::Status status, bool retries_exhausted)
    : http::Error(detail::http_status_for_code(status.error_code()),
                  fmt::format("gRPC call failed: {}: {}", detail::code_name(status.error_code()),
                              status.error_message()),
                  Level::info),
      status_(std::move(status)),
      retries_exhausted_(retries_exhausted) {}

std::vector<std::pair<std::string, std::string>> CallError::headers() const {
  if (!retries_exhausted_) return {};
  return {{"X-Retry-Exhausted", "1"}};
}

namespace detail {

bool policy_retries(const Channel& channel, ::grpc::StatusCode code) noexcept {
  const auto& retry = channel.options().retry;
  if (!retry || retry->max_attempts <= 1) return false;
  return std::ranges::find(retry->retryable_codes, code) != retry->retryable_codes.end();
}

namespace {

// The state of one call, shared by the coroutine waiting for it and grpc++'s completion callback (a copyable
// std::function, so the move-only coroutine handler lives here).
struct PendingCall {
  ::grpc::ClientContext context;
  Completion<::grpc::Status> waiter;
};

// Starts the call and waits for its status on the calling coroutine's executor. A cancelled caller (client gone,
// REQUEST_TIMEOUT) cancels the call: grpc++ then completes it with CANCELLED.
Task<::grpc::Status> run(std::shared_ptr<PendingCall> pending, StartCall& start) {
  auto initiate = [&pending, &start](auto handler) {
    auto executor = asio::get_associated_executor(handler);
    auto slot = asio::get_associated_cancellation_slot(handler);
    if (slot.is_connected()) slot.assign([pending](asio::cancellation_type) { pending->context.TryCancel(); });
    pending->waiter = Completion<::grpc::Status>(std::move(handler));
    start(pending->context, [pending, executor](::grpc::Status status) {
      asio::post(executor, [pending, status = std::move(status)]() mutable {
        pending->waiter(std::move(status));
      });
    });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(::grpc::Status)>(initiate,
                                                                                               asio::use_awaitable);
}

// The W3C context of `span` (and the request's baggage) as metadata, and GoFr's own pair for GoFr servers, which
// read nothing else.
void inject(::grpc::ClientContext& call, const tracing::SpanContext& span, const gofr::detail::RequestScope& scope) {
  if (const auto injected = tracing::inject(span)) {
    call.AddMetadata("traceparent", injected->traceparent);
    if (injected->tracestate) call.AddMetadata("tracestate", *injected->tracestate);
    call.AddMetadata("x-gofr-traceid", span.trace_id_hex());
    call.AddMetadata("x-gofr-spanid", span.span_id_hex());
  }
  if (scope.baggage && !scope.baggage->empty()) call.AddMetadata("baggage", scope.baggage->to_header());
}

void end_client_span(tracing::Span& span, const std::string& method, ::grpc::StatusCode code, const Channel& channel) {
  if (!span.recording()) {
    span.end();
    return;
  }
  const auto slash = method.rfind('/');
  boost::container::static_vector<tracing::AttributeRef, 6> attributes;
  attributes.push_back({"rpc.system", std::string_view("grpc")});
  attributes.push_back({"rpc.service", std::string_view(method).substr(1, slash - 1)});
  attributes.push_back({"rpc.method", std::string_view(method).substr(slash + 1)});
  attributes.push_back({"rpc.grpc.status_code", std::int64_t{static_cast<int>(code)}});
  attributes.push_back({"server.address", std::string_view(channel.target())});
  attributes.push_back({"peer.service", std::string_view(channel.name())});
  // A client span fails with any status but OK (OpenTelemetry's RPC conventions).
  if (code != ::grpc::StatusCode::OK) span.set_status(tracing::StatusCode::error);
  span.end(attributes);
}

}  // namespace

Channel& channel_of(Context& ctx, std::string_view name) {
  if (const auto* channels = ctx.scope().services.grpc_channels) {
    if (const auto it = channels->find(std::string(name)); it != channels->end()) return *it->second;
  }
  throw std::out_of_range("no gRPC service named \"" + std::string(name) + "\" was added (app.add_grpc_service)");
}

const std::shared_ptr<::grpc::Channel>& grpc_channel(Channel& channel) { return channel.channel(); }

const ClientMethod& client_method(Context& ctx, Channel& channel, const std::string& method,
                                  const google::protobuf::Descriptor* request,
                                  const google::protobuf::Descriptor* response) {
  return channel.method(method, [&]() -> ClientMethod {
    const auto* found = find_method_descriptor(method);
    const auto fail = [&](std::string_view why) {
      throw std::invalid_argument(fmt::format("gRPC service {}: cannot call {}: {}", channel.name(), method, why));
    };
    if (!found) fail("the service has no such method");
    if (found->client_streaming() || found->server_streaming()) fail("it is a streaming method, not a unary one");
    if (found->input_type() != request) {
      fail(fmt::format("it takes {}, not {}", found->input_type()->full_name(), request->full_name()));
    }
    if (found->output_type() != response) {
      fail(fmt::format("it returns {}, not {}", found->output_type()->full_name(), response->full_name()));
    }
    auto* metrics = ctx.scope().services.grpc_metrics;
    return {method, logging::json_escaped(method),
            metrics ? &metrics->method(method, GrpcMetrics::Side::client, StreamType::unary) : nullptr};
  });
}

Task<::grpc::Status> observed_call(Context& ctx, Channel& channel, const ClientMethod& called, StartCall start) {
  const std::string& method = called.name;
  auto& scope = ctx.scope();
  const auto& services = scope.services;
  const auto started_at = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  const std::optional<tracing::SpanContext> parent = scope.active.empty() ? scope.span.context() : scope.active.back();
  auto span = services.tracer.start(std::string_view(method).substr(1), tracing::SpanKind::client, parent);

  auto pending = std::make_shared<PendingCall>();
  inject(pending->context, span.context(), scope);
  for (const auto& [key, value] : channel.options().metadata) pending->context.AddMetadata(key, value);

  // The request's deadline, shortened by the channel's timeout; sent as grpc-timeout.
  auto deadline = ctx.deadline();
  if (channel.options().timeout.count() > 0) {
    const auto bound = started + channel.options().timeout;
    deadline = deadline ? std::min(*deadline, bound) : bound;
  }
  ::grpc::Status status;
  if (deadline && *deadline <= started) {
    status = {::grpc::StatusCode::DEADLINE_EXCEEDED, "deadline expired before the call was made"};
  } else {
    if (deadline) {
      pending->context.set_deadline(started_at + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                     *deadline - started));
    }
    status = co_await run(pending, start);
  }

  const auto code = status.error_code();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  end_client_span(span, method, code, channel);
  char span_id[16];
  tracing::hex::encode(span.context().span_id, span_id);
  log_call(services.logger, {started_at, elapsed, called.json_name, ctx.trace_id(),
                             std::string_view(span_id, sizeof span_id), code, StreamType::unary});
  if (called.metrics) GrpcMetrics::observe(*called.metrics, code, elapsed);
  co_return status;
}

}  // namespace detail

}  // namespace gofr::grpc
