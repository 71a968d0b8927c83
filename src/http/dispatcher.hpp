#pragma once
// The framework's part of serving one parsed request, between the connection (bytes) and the user's handler:
// ids → route match (404 / 405) → middleware → handler (with REQUEST_TIMEOUT) → responder → X-Correlation-ID
// and CORS. It always leaves a complete response in the scope and never throws.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gofr/handler.hpp"
#include "health/health_registry.hpp"
#include "http/attempt_echo.hpp"
#include "http/cors.hpp"
#include "http/request_scope.hpp"
#include "http/router.hpp"

namespace gofr::detail {

struct Route {
  std::string method;
  std::string pattern;  // the route template, e.g. /users/{id}
  RouteHandler handler;
  std::vector<Middleware> middleware;  // the route's group middleware (outer groups first)
  bool probe = false;                  // /.well-known/alive and /health, for LOG_DISABLE_PROBES
};

struct DispatchOptions {
  std::optional<std::chrono::nanoseconds> request_timeout;
  bool trust_absolute_deadline = false;  // REQUEST_DEADLINE_ABSOLUTE: read X-Request-Deadline
};

class Dispatcher {
 public:
  Dispatcher(http::Router<Route> router, std::vector<Middleware> global, http::Cors cors, DispatchOptions options);

  // Serving a request takes three steps, so the connection can choose how to await the middle one:
  //   begin   ids, route match, the caller's deadline; answers 404/405/OPTIONS, and 504 when the deadline has
  //           already passed, itself and returns nullptr, else the route
  //   run     middleware and handler (run_immediate when `immediate(route)`: a plain handler with nothing
  //           around it, called without a coroutine frame)
  //   finish  X-Correlation-ID, CORS headers, and X-Upstream-Attempts for callers that count attempts
  // Exceptions from the handler become error responses; none escape.
  const Route* begin(Context& ctx) const;
  bool immediate(const Route& route) const noexcept;
  void run_immediate(Context& ctx, const Route& route) const;
  Task<void> run(Context& ctx, const Route& route) const;
  void finish(Context& ctx) const;

 private:
  bool caller_deadline_left(Context& ctx) const;
  Task<void> run_route(Context& ctx, const Route& route) const;
  Task<void> run_chain(Context& ctx, const Route& route, std::size_t index) const;

  http::Router<Route> router_;
  std::vector<Middleware> global_;
  http::Cors cors_;
  DispatchOptions options_;
  mutable http::AttemptEcho attempt_echo_;  // thread-safe; shared by the workers
};

}  // namespace gofr::detail
