#pragma once
// The framework's part of serving one parsed request, between the connection (bytes) and the user's handler:
// ids and X-Correlation-ID → CORS → route match (404 / 405) → middleware → handler (with REQUEST_TIMEOUT) →
// responder. It always leaves a complete response in the scope and never throws.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gofr/handler.hpp"
#include "health/health_registry.hpp"
#include "http/cors.hpp"
#include "http/request_scope.hpp"
#include "http/router.hpp"

namespace gofr::detail {

struct Route {
  std::string method;
  std::string pattern;                 // the route template, e.g. /users/{id}
  RouteHandler handler;
  std::vector<Middleware> middleware;  // the route's group middleware (outer groups first)
  bool probe = false;                  // /.well-known/alive and /health, for LOG_DISABLE_PROBES
};

struct DispatchOptions {
  std::optional<std::chrono::nanoseconds> request_timeout;
};

class Dispatcher {
 public:
  Dispatcher(http::Router<Route> router, std::vector<Middleware> global, http::Cors cors, DispatchOptions options);

  Task<void> dispatch(Context& ctx) const;

 private:
  Task<void> run_route(Context& ctx, const Route& route) const;
  Task<void> run_chain(Context& ctx, const Route& route, std::size_t index) const;

  http::Router<Route> router_;
  std::vector<Middleware> global_;
  http::Cors cors_;
  DispatchOptions options_;
};

}  // namespace gofr::detail
