#include "http/dispatcher.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "http/inbound_deadline.hpp"
#include "http/request_data.hpp"
#include "http/responder.hpp"
#include "http/server_span.hpp"

namespace gofr::detail {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

Dispatcher::Dispatcher(http::Router<Route> router, std::vector<Middleware> global, http::Cors cors,
                       DispatchOptions options)
    : router_(std::move(router)), global_(std::move(global)), cors_(std::move(cors)), options_(options) {}

const Route* Dispatcher::begin(Context& ctx) const {
  auto& scope = ctx.scope();
  start_server_span(ctx, scope);
  const auto& request = ctx.request();
  thread_local http::Router<Route>::Match match;
  const auto outcome = router_.match(request.method(), request.path(), match);
  if (outcome == http::Router<Route>::Outcome::found) {
    scope.params = std::move(match.params);
    scope.route_template = match.target->pattern;
    scope.probe = match.target->probe;
    name_server_span(ctx, scope);
    if (!caller_deadline_left(ctx)) return nullptr;
    return match.target;
  }
  if (request.method() == "OPTIONS") {
    ctx.response().status = 200;  // CORS preflight: GoFr answers every OPTIONS with 200 and no body
  } else if (outcome == http::Router<Route>::Outcome::method_not_allowed) {
    ctx.response().set_header("Allow", fmt::format("{}", fmt::join(match.allowed, ", ")));
    respond_error(ctx, http::Error(405, fmt::format("method {} not allowed for {}", request.method(), request.path()),
                                   Level::info));
  } else {
    respond_error(ctx, http::InvalidRoute{});
  }
  return nullptr;
}

// F4: the deadline the caller sent becomes the request's (and so every outbound call's); a request whose deadline
// has already passed is answered 504 without running the handler, since nobody waits for its answer.
bool Dispatcher::caller_deadline_left(Context& ctx) const {
  using Known = http::detail::RequestHead::Known;
  const auto& head = *ctx.request().data().message;
  const http::DeadlineHeaders headers{head[Known::grpc_timeout], head[Known::request_timeout_ms],
                                      head[Known::request_deadline], head[Known::envoy_expected_rq_timeout_ms]};
  if (headers.grpc_timeout.empty() && headers.timeout_ms.empty() && headers.deadline.empty() &&
      headers.envoy_timeout_ms.empty()) {
    return true;
  }
  const auto now = std::chrono::steady_clock::now();
  const auto deadline =
      http::inbound_deadline(headers, options_.trust_absolute_deadline, now, std::chrono::system_clock::now());
  if (!deadline) return true;
  ctx.scope().deadline = deadline;
  if (*deadline > now) return true;
  ctx.response().set_header("X-Deadline-Expired", "1");
  respond_error(ctx, http::Error(504, "deadline expired before the request was handled", Level::info));
  return false;
}

bool Dispatcher::immediate(const Route& route) const noexcept {
  return route.handler.sync && (global_.empty() || route.probe) && route.middleware.empty() &&
         !options_.request_timeout;
}

void Dispatcher::run_immediate(Context& ctx, const Route& route) const {
  try {
    route.handler.sync(ctx);
  } catch (...) {
    respond_exception(ctx, std::current_exception());
  }
}

Task<void> Dispatcher::run(Context& ctx, const Route& route) const {
  try {
    co_await run_route(ctx, route);
  } catch (...) {
    respond_exception(ctx, std::current_exception());
  }
}

void Dispatcher::finish(Context& ctx) const {
  auto& scope = ctx.scope();
  scope.head_extra.reserve(384);
  if (!ctx.response().has_header("X-Correlation-ID")) {
    scope.head_extra.append("X-Correlation-ID: ").append(ctx.trace_id()).append("\r\n");
  }
  cors_.apply(ctx.request(), ctx.response(), scope.head_extra);
  using Known = http::detail::RequestHead::Known;
  const auto& head = *ctx.request().data().message;
  if (const auto attempts = attempt_echo_.observe(head[Known::traceparent], head[Known::request_attempt],
                                                  head[Known::envoy_attempt_count],
                                                  head[Known::grpc_previous_rpc_attempts])) {
    scope.head_extra.append("X-Upstream-Attempts: ").append(std::to_string(*attempts)).append("\r\n");
  }
}

Task<void> Dispatcher::run_route(Context& ctx, const Route& route) const {
  if (!options_.request_timeout) co_return co_await run_chain(ctx, route, 0);
  // Timer and cancellation cost a little per request, so they are only set up when REQUEST_TIMEOUT is.
  const auto timeout_at = std::chrono::steady_clock::now() + *options_.request_timeout;
  auto& deadline = ctx.scope().deadline;
  deadline = deadline ? std::min(*deadline, timeout_at) : timeout_at;
  asio::steady_timer timer(co_await asio::this_coro::executor, *options_.request_timeout);
  // Asio's || completes with the first branch that *succeeds*, so the chain must not throw into it: a failing
  // handler would otherwise wait out the timer. Its exception is carried out as a value and rethrown here.
  auto guarded = [&]() -> Task<std::exception_ptr> {
    try {
      co_await run_chain(ctx, route, 0);
    } catch (...) {
      co_return std::current_exception();
    }
    co_return nullptr;
  };
  // On timeout the handler is cancelled at its next suspension point and the client gets 408. The flag is set
  // before the cancellation reaches the handler, so its cancellation is not mistaken for a failure.
  auto expire = [&]() -> Task<void> {
    co_await timer.async_wait(asio::use_awaitable);
    ctx.scope().timed_out = true;
  };
  auto outcome = co_await (guarded() || expire());
  if (outcome.index() == 1) {
    ctx.response() = {};
    ctx.scope().stream = nullptr;
    respond_exception(ctx, std::make_exception_ptr(http::RequestTimeout{}));
  } else if (auto error = std::get<0>(outcome)) {
    std::rethrow_exception(error);
  }
}

Task<void> Dispatcher::run_chain(Context& ctx, const Route& route, std::size_t index) const {
  // Probes (/.well-known/*) skip the app's middleware, as GoFr exempts them from auth: a Kubernetes probe must
  // not need credentials.
  const auto global_count = route.probe ? 0 : global_.size();
  const auto total = global_count + route.middleware.size();
  if (index == total) {
    // The handler's error becomes its response here, so middleware code after next() sees it like any other.
    try {
      if (route.handler.sync) {
        route.handler.sync(ctx);
      } else {
        co_await route.handler.async(ctx);
      }
    } catch (...) {
      // Cancelled (client gone, or REQUEST_TIMEOUT): let the cancellation unwind the middleware too.
      if (ctx.scope().client_gone || ctx.scope().timed_out) throw;
      respond_exception(ctx, std::current_exception());
    }
    co_return;
  }
  const auto& middleware = index < global_count ? global_[index] : route.middleware[index - global_count];
  // Named, not built inside the co_await: GCC 12 destroys such temporaries twice (ADR 0006).
  Next next = [this, &ctx, &route, index]() { return run_chain(ctx, route, index + 1); };
  co_await middleware(ctx, std::move(next));
}

}  // namespace gofr::detail
