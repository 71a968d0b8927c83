#pragma once
// gofr::Context: everything a handler needs for one request — parameters, body binding, headers, the logger
// (lines carry the request's trace id), config, the deadline, and `offload` for blocking work.
//
// Lifetime and threading: a Context lives until the handler's Task completes and belongs to the worker thread
// that serves the request. Do not keep references to it beyond the handler, and do not touch it from `offload`ed
// functions (copy what they need into the lambda).
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>

#include "gofr/config.hpp"
#include "gofr/http/bind.hpp"
#include "gofr/http/request.hpp"
#include "gofr/http/response_writer.hpp"
#include "gofr/logging.hpp"
#include "gofr/metrics.hpp"
#include "gofr/offload.hpp"
#include "gofr/service/client.hpp"
#include "gofr/redis/client.hpp"
#include "gofr/sql/db.hpp"
#include "gofr/task.hpp"
#include "gofr/tracing/span.hpp"

namespace gofr {

namespace detail {
struct RequestScope;
}

class Context {
 public:
  Context(const http::Request& request, detail::RequestScope& scope) noexcept : request_(request), scope_(&scope) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const http::Request& request() const noexcept { return request_; }
  std::string_view method() const noexcept { return request_.method(); }
  std::string_view header(std::string_view name) const noexcept { return request_.header(name); }

  // A path variable of the matched route ("{id}"), percent-decoded; "" when absent.
  std::string_view path_param(std::string_view name) const noexcept;
  // The first value of a query parameter, percent-decoded; "" when absent (GoFr's Param).
  std::string param(std::string_view key) const;
  // Every value of a query parameter, each also split on ',' (GoFr's Params: ?c=a,b&c=d → a, b, d).
  std::vector<std::string> params(std::string_view key) const;
  // "<X-Forwarded-Proto or http(s)>://<Host>" (GoFr's HostName).
  std::string host_name() const;

  // Decodes the body into T by its Content-Type; see gofr/http/bind.hpp. Throws a 400/415 http::Error.
  template <class T>
  T bind() const {
    T out{};
    http::detail::bind_body(out, request_);
    return out;
  }

  // The response under construction (status, headers), mainly for middleware.
  http::Response& response() noexcept;

  // The trace id (32 hex digits), also sent as X-Correlation-ID.
  std::string_view trace_id() const noexcept;
  // The id of the active span: the innermost live ctx.trace() span, else the request's server span.
  std::string span_id() const;
  // Starts a span that is a child of the active span, and the active span until it ends (GoFr's ctx.Trace).
  // It ends when destroyed, or earlier with end(). Spans nest: end them in the reverse order of creation.
  tracing::Span trace(std::string_view name) const;
  // The service registered as `name` with app.add_http_service, to call on behalf of this request (GoFr's
  // GetHTTPService). Throws std::out_of_range, a 500 for the caller, when no service has that name.
  service::Client service(std::string_view name);
  // The app's SQL database (DB_DIALECT), on behalf of this request (GoFr's ctx.SQL); see gofr/sql/db.hpp. Throws
  // std::logic_error, a 500 for the caller, when the app has none configured.
  sql::DB sql();
  // The app's Redis (REDIS_HOST), on behalf of this request (GoFr's ctx.Redis); see gofr/redis/client.hpp. Throws
  // std::logic_error, a 500 for the caller, when the app has none configured.
  redis::Client redis();

  // When the request must be answered by (REQUEST_TIMEOUT); nullopt when unbounded.
  std::optional<std::chrono::steady_clock::time_point> deadline() const noexcept;

  const Config& config() const noexcept;
  Logger& logger() const noexcept;
  // The app's metrics (GoFr's ctx.Metrics()): record into metrics registered with app.metrics().
  Metrics& metrics() const noexcept;

  // Logging with the request's trace id and the active span id as top-level "trace_id" and "span_id" fields
  // (GoFr's context logger has trace_id).
  void log(Level level, std::string_view message) const;
  void debug(std::string_view m) const { log(Level::debug, m); }
  void info(std::string_view m) const { log(Level::info, m); }
  void notice(std::string_view m) const { log(Level::notice, m); }
  void warn(std::string_view m) const { log(Level::warn, m); }
  void error(std::string_view m) const { log(Level::error, m); }
  template <class... A>
  void infof(fmt::format_string<A...> f, A&&... a) const {
    log(Level::info, fmt::format(f, std::forward<A>(a)...));
  }
  template <class... A>
  void debugf(fmt::format_string<A...> f, A&&... a) const {
    if (logger().enabled(Level::debug)) log(Level::debug, fmt::format(f, std::forward<A>(a)...));
  }
  template <class... A>
  void errorf(fmt::format_string<A...> f, A&&... a) const {
    log(Level::error, fmt::format(f, std::forward<A>(a)...));
  }

  // Runs `fn` on the bounded blocking pool and resumes this handler on its worker thread with the result.
  // Exceptions thrown by `fn` are rethrown here. The result type must be void or default-constructible.
  // (gofr/offload.hpp.) On GCC 12 name the lambda first: `auto work = [id] { … }; co_await ctx.offload(work);`
  // (ADR 0006).
  template <class F>
  auto offload(F fn) const {
    return gofr::offload(blocking_executor(), std::move(fn));
  }

  detail::RequestScope& scope() const noexcept { return *scope_; }

 private:
  boost::asio::thread_pool::executor_type blocking_executor() const;

  const http::Request& request_;
  detail::RequestScope* scope_;
};

}  // namespace gofr
