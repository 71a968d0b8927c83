#pragma once
// A registered service: its options collected (ServiceConfig, filled by app.add_http_service in any order) and the
// pipeline every call goes through (resilience.md §11, architecture.md §6):
//
//   logical-call span → deadline → rate limiter → per attempt: adaptive throttle → circuit breaker → an endpoint
//   (round-robin, failing ones ejected) → this worker's pooled connection to it, with trace, attempt, deadline and
//   retry-ownership headers → classify the outcome → retry verdict (idempotency, budget, backoff or Retry-After,
//   never past the deadline) → metrics and GoFr's log line.
//
// The policies shared by every worker (budget, breaker, limiter, throttle, endpoint ejection) are thread-safe
// objects; connections are per worker thread.
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "core/services.hpp"
#include "gofr/health.hpp"
#include "gofr/service/client.hpp"
#include "gofr/service/options.hpp"
#include "gofr/tracing/span.hpp"
#include "service/adaptive_throttle.hpp"
#include "service/call_metrics.hpp"
#include "service/circuit_breaker.hpp"
#include "service/connection_pool.hpp"
#include "service/endpoint_set.hpp"
#include "service/exchange.hpp"
#include "service/oauth_token.hpp"
#include "service/rate_limiter.hpp"
#include "service/retry_budget.hpp"

namespace gofr::service {

using ServiceConfig = ServiceOptions;

class HttpService {
 public:
  // Throws std::invalid_argument for a base URL that is not http(s) or options that make no sense.
  HttpService(ServiceConfig config, const gofr::detail::Services& services);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  Task<Response> send(Context& ctx, Request request);
  // The check behind this service's entry in /.well-known/health.
  Task<Health> health();

  const std::string& name() const noexcept { return config_.name; }
  const ServiceConfig& config() const noexcept { return config_; }
  RetryOwner retry_owner() const noexcept { return owner_; }
  // The most attempts one logical call can make (for the start-up amplification lint).
  int max_attempts() const noexcept { return max_attempts_; }

 private:
  struct Call;

  detail::ConnectionPool& pool(std::size_t endpoint);  // this worker's
  void record_endpoint(std::size_t endpoint, detail::CircuitBreaker::Outcome outcome);
  std::string target_of(std::string_view path, const Query& query) const;
  detail::OutboundRequest prepare(const Request& r, std::string_view target) const;
  detail::OutboundRequest prepare_attempt(const Call& call, std::string_view oauth, int attempt,
                                          detail::Clock::time_point attempt_deadline,
                                          const tracing::Span& attempt_span) const;
  // The OAuth Authorization value for a request, or "" without OAuthConfig. Throws std::runtime_error.
  Task<std::string> oauth_authorization(const Headers& call_headers, detail::Clock::time_point deadline);
  void observe(Call& call, const Response* response, std::string_view failure) const;
  // While the breaker is open, GETs the health endpoint every CircuitBreaker::interval; a 200 half-opens it.
  Task<void> probe_health_while_open();

  ServiceConfig config_;
  const gofr::detail::Services& services_;
  detail::CallMetrics call_metrics_{services_.metrics_api, config_.name};
  const std::uint64_t pool_owner_ = detail::new_pool_owner_id();
  detail::Origin origin_;                // the base URL's
  std::vector<detail::Origin> endpoints_;  // where calls go: Endpoints' addresses, else the base URL's origin
  std::unique_ptr<detail::EndpointSet> endpoint_set_;
  std::string base_path_;  // the base URL's path, without a trailing '/'
  std::string host_header_;
  std::string user_agent_;
  RetryOwner owner_;
  int max_attempts_ = 1;
  std::unique_ptr<detail::RetryBudget> budget_;
  std::unique_ptr<detail::CircuitBreaker> breaker_;
  std::unique_ptr<detail::RateLimiter> limiter_;
  std::unique_ptr<detail::AdaptiveThrottle> throttle_;
  std::unique_ptr<detail::OAuthToken> oauth_;
  std::string authorization_;  // the Authorization or X-Api-Key value from the auth options, when static
  std::atomic<bool> retry_layer_detected_{false};
  std::atomic<bool> probing_health_{false};
};

}  // namespace gofr::service
