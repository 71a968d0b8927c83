#include "grpc/call.hpp"

#include <algorithm>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/container/static_vector.hpp>
#include <fmt/format.h>
#include <grpcpp/server_context.h>

#include "gofr/grpc/client.hpp"
#include "grpc/call_log.hpp"
#include "grpc/grpc_metrics.hpp"
#include "grpc/health_service.hpp"
#include "grpc/runtime.hpp"
#include "grpc/server_span.hpp"
#include "grpc/status_codes.hpp"
#include "core/ascii.hpp"
#include "tracing/hex.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::grpc::detail {

namespace asio = boost::asio;

namespace {

// "ipv4:10.0.0.1:5000" / "ipv6:[::1]:5000" (grpc++'s peer()) → "10.0.0.1:5000" / "[::1]:5000".
std::string peer_endpoint(std::string peer) {
  for (std::string_view scheme : {"ipv4:", "ipv6:"}) {
    if (peer.starts_with(scheme)) return peer.substr(scheme.size());
  }
  return peer;
}

// The port of "10.0.0.1:5000" / "[::1]:5000"; 0 when there is none. (The address stays text: only spans and logs
// read it, so it is not parsed per call.)
unsigned short endpoint_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return 0;
  unsigned port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return 0;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  return port > 65535 ? 0 : static_cast<unsigned short>(port);
}

// GoFr's own propagation (x-gofr-traceid/x-gofr-spanid, hex), read when no traceparent came, so that calls from
// GoFr's generated clients join their trace. GoFr marks such a context sampled.
std::optional<tracing::SpanContext> gofr_parent(std::string_view trace_id, std::string_view span_id) {
  tracing::SpanContext parent;
  if (!tracing::hex::decode(trace_id, parent.trace_id) || !tracing::hex::decode(span_id, parent.span_id)) {
    return std::nullopt;
  }
  parent.flags = tracing::SpanContext::sampled_flag;
  parent.remote = true;
  if (!parent.valid()) return std::nullopt;
  return parent;
}

}  // namespace

Call::Call(Runtime& runtime, const MethodInfo& method)
    : runtime_(runtime),
      method_(method),
      info_{method.name, method.type},
      probe_(method.name.starts_with(health_method_prefix)),
      scope_(runtime.services) {}

namespace {

bool text_key(std::string_view key) noexcept { return !key.empty() && key.front() != ':' && !key.ends_with("-bin"); }

}  // namespace

void Call::begin(::grpc::ServerContextBase& server) {
  metadata_ = ReceivedMetadata(server);
  server_ = &server;
  const auto authority = server.ExperimentalGetAuthority();
  data_.headers = this;
  data_.method = "POST";
  data_.path = method_.name;
  data_.host = std::string_view(authority.data(), authority.size());

  // One pass over the metadata for the trace context; keys arrive lower-case (HTTP/2), so they compare as they are.
  boost::container::static_vector<std::string_view, 4> traceparent, tracestate, baggage;
  std::string_view gofr_trace, gofr_span;
  const auto keep = [](auto& into, std::string_view value) {
    if (into.size() < into.capacity()) into.push_back(value);
  };
  metadata_.for_each([&](std::string_view key, std::string_view value) {
    if (key == tracing::traceparent_header) {
      keep(traceparent, value);
    } else if (key == tracing::tracestate_header) {
      keep(tracestate, value);
    } else if (key == "baggage") {
      keep(baggage, value);
    } else if (key == "x-gofr-traceid") {
      if (gofr_trace.empty()) gofr_trace = value;
    } else if (key == "x-gofr-spanid") {
      if (gofr_span.empty()) gofr_span = value;
    }
  });
  std::optional<tracing::SpanContext> parent;
  if (!traceparent.empty()) {
    parent = tracing::extract(traceparent, tracestate).parent;
  } else if (!gofr_trace.empty()) {
    parent = gofr_parent(gofr_trace, gofr_span);
  }
  // OpenTelemetry's RPC conventions name the span "package.Service/Method".
  const auto span_name = std::string_view(method_.name).substr(1);
  scope_.span = runtime_.services.tracer.start(span_name, tracing::SpanKind::server, parent);
  if (probe_) scope_.span.discard();  // a probe every few seconds per pod would bury real traces
  if (scope_.span.recording()) {
    // The span records the peer; otherwise it is only formatted when a handler asks (remote_address()).
    remote_text_ = remote_address();
    data_.remote.port(endpoint_port(remote_text_));
    data_.remote_text = remote_text_;
  }
  if (!baggage.empty()) scope_.baggage = tracing::Baggage::parse(baggage);
  const auto& span = scope_.span.context();
  tracing::hex::encode(span.trace_id, scope_.trace_id.data());
  tracing::hex::encode(span.span_id, scope_.span_id.data());

  // grpc++ has read grpc-timeout already; the deadline is the caller's, and every outbound call inherits it.
  const auto deadline = server.deadline();
  if (deadline != std::chrono::system_clock::time_point::max()) {
    const auto left = deadline - std::chrono::system_clock::now();
    scope_.deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(left);
  }
}

std::string Call::remote_address() const {
  if (!remote_text_.empty()) return remote_text_;
  return server_ ? peer_endpoint(server_->peer()) : std::string();
}

std::string_view Call::find(std::string_view name) const noexcept {
  if (!text_key(name)) return {};
  // Metadata keys are lower-case; a name asked for in another case is folded first.
  const bool upper = std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!upper) return metadata_.find(name);
  return metadata_.find(gofr::detail::ascii_lower(name));
}

void Call::find_all(std::string_view name, const std::function<void(std::string_view)>& visit) const {
  if (!text_key(name)) return;
  const auto key = gofr::detail::ascii_lower(name);
  metadata_.for_each([&](std::string_view k, std::string_view value) {
    if (k == key) visit(value);
  });
}

void Call::for_each(const std::function<void(std::string_view, std::string_view)>& visit) const {
  metadata_.for_each([&](std::string_view key, std::string_view value) {
    if (text_key(key)) visit(key, value);
  });
}

bool Call::deadline_passed() const {
  return scope_.deadline && *scope_.deadline <= std::chrono::steady_clock::now();
}

namespace {

::grpc::Status expired() {
  return {::grpc::StatusCode::DEADLINE_EXCEEDED, "deadline expired before the call was handled"};
}

}  // namespace

::grpc::Status Call::answer_now(const Handler& handler) {
  if (deadline_passed()) return expired();
  return run_sync(handler);
}

void Call::start(Handler handler) {
  handler_ = std::move(handler);
  if (deadline_passed()) {
    reactor_->finish(expired());
    return;
  }
  if (handler_.sync && runtime_.interceptors.empty()) {
    reactor_->finish(run_sync(handler_));
    return;
  }
  executor_ = runtime_.next_worker();
  running_ = true;
  auto self = shared_from_this();
  asio::co_spawn(executor_, run_async(self),
                 asio::bind_cancellation_slot(cancel_.slot(), [self](std::exception_ptr, ::grpc::Status status) {
                   self->running_ = false;
                   self->reactor_->finish(std::move(status));
                 }));
}

Task<::grpc::Status> Call::run_async(std::shared_ptr<Call> self) { co_return co_await self->run_chain(0); }

Task<::grpc::Status> Call::run_chain(std::size_t index) {
  // A failure becomes a status at every level, so an interceptor's code after next() sees it like any other.
  try {
    if (index == runtime_.interceptors.size()) {
      if (handler_.sync) co_return handler_.sync(context_);
      co_return co_await handler_.async(context_);
    }
    // Named, not built inside the co_await: GCC 12 destroys such temporaries twice (ADR 0006).
    Next next = [this, index] { return run_chain(index + 1); };
    co_return co_await runtime_.interceptors[index](context_, info_, std::move(next));
  } catch (...) {
    co_return recover(std::current_exception());
  }
}

::grpc::Status Call::run_sync(const Handler& handler) {
  try {
    return handler.sync(context_);
  } catch (...) {
    return recover(std::current_exception());
  }
}

::grpc::Status Call::recover(std::exception_ptr error) {
  // Cancelled (the client went away or the deadline passed): the cancellation unwound the handler; nobody is
  // waiting for the status, and it is not a fault.
  if (cancelled_) return {::grpc::StatusCode::CANCELLED, "call cancelled"};
  try {
    std::rethrow_exception(error);
  } catch (const CallError& e) {
    // A downstream call's failure, passed on as it came. When gRPC retried it already, the caller is told not to
    // retry it again (gRFC A6: a negative pushback stops a client's retries), as X-Retry-Exhausted tells an HTTP
    // caller: one layer retries, not every layer of the chain.
    if (e.retries_exhausted() && server_) server_->AddTrailingMetadata("grpc-retry-pushback-ms", "-1");
    return e.status();
  } catch (const http::Error& e) {
    return {status_code_for_http(e.status()), e.what()};
  } catch (const std::exception& e) {
    context_.error(fmt::format("gRPC handler {} failed: {}", method_.name, e.what()));
  } catch (...) {
    context_.error(fmt::format("gRPC handler {} failed with an exception that is not a std::exception", method_.name));
  }
  return {::grpc::StatusCode::INTERNAL, "Internal Server Error"};
}

void Call::status_sent(const ::grpc::Status& status) { sent_ = static_cast<int>(status.error_code()); }

void Call::cancelled() {
  cancelled_ = true;
  scope_.client_gone = true;
  if (!executor_) return;  // a plain handler has returned already, or none ran
  asio::post(executor_, [self = shared_from_this()] {
    if (self->running_) self->cancel_.emit(asio::cancellation_type::terminal);
  });
}

Task<bool> Call::write(const void* message) {
  if (cancelled_) co_return false;
  auto initiate = [this, message](auto handler) {
    pending_write_ = Completion<bool>(std::move(handler));
    reactor_->start_write(message);
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(bool)>(initiate, asio::use_awaitable);
}

void Call::write_done(bool ok) {
  // The coroutine resumes on its worker, not on the gRPC thread that reports the write.
  asio::post(executor_, [pending = std::move(pending_write_), ok]() mutable { pending(ok); });
}

::grpc::StatusCode Call::final_code() const {
  // Once cancelled, whatever the handler returned never reached the client: grpc sent CANCELLED or
  // DEADLINE_EXCEEDED.
  const int sent = sent_;
  if (cancelled_ || sent < 0) {
    return deadline_passed() ? ::grpc::StatusCode::DEADLINE_EXCEEDED : ::grpc::StatusCode::CANCELLED;
  }
  return static_cast<::grpc::StatusCode>(sent);
}

void Call::end() {
  const auto code = final_code();
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  end_server_span(scope_.span, method_.name, code, data_);
  if (!(probe_ && runtime_.log_disable_probes)) {
    log_call(runtime_.services.logger, {started_at_, elapsed, method_.json_name, trace_id(),
                                        std::string_view(scope_.span_id.data(), scope_.span_id.size()), code,
                                        info_.type});
  }
  if (method_.metrics) GrpcMetrics::observe(*method_.metrics, code, elapsed);
}

}  // namespace gofr::grpc::detail
