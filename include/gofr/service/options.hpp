#pragma once
// The options of app.add_http_service(name, base_url, options...): GoFr's option set, with its quirks fixed (see
// docs/differences-from-gofr.md), and the resilience of the framework's service client. Each option configures
// its own stage of a fixed pipeline, so the order the options are given in never matters.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gofr/service/types.hpp"

namespace gofr::service {

// GoFr's CircuitBreakerConfig{Threshold, Interval}. Opens after `threshold` consecutive failed attempts (GoFr: one
// more), or when half of at least `min_calls` attempts in the last `window` failed; stays open for `interval`,
// doubling after each failed probe up to `max_open`; then lets `half_open_probes` real calls through and closes
// when they all succeed. Transport failures, proxy errors and 5xx other than 501/505 count as failures; 4xx and
// 429 do not.
struct CircuitBreaker {
  int threshold = 5;
  std::chrono::milliseconds interval{5000};
  std::chrono::milliseconds max_open{60000};
  int half_open_probes = 3;
  std::chrono::milliseconds window{10000};
  int min_calls = 20;
  double failure_rate = 0.5;
};

// GoFr's RetryConfig{MaxRetries}: up to 1 + max_retries attempts per call, by HTTP's rules (idempotent methods;
// POST and PATCH only with an Idempotency-Key or when the connection was refused), with full-jitter backoff,
// Retry-After honoured, and every retry paid from the service's shared budget.
struct Retry {
  enum class IdempotencyKey { off, generate };
  int max_retries = 2;
  // Each call may add one retry per five calls plus ten a second (over 10 s); off means up to max_retries always.
  bool budget = true;
  double budget_ratio = 0.2;
  double budget_min_per_second = 10;
  // generate: POST and PATCH carry an Idempotency-Key (a UUID, the same on every attempt) and become retryable.
  IdempotencyKey idempotency_key = IdempotencyKey::off;
  std::size_t replay_limit = 64 * 1024;  // larger bodies are sent once
};

// GoFr's RateLimiterConfig{Requests, Window, Burst}: a token bucket per service with a fractional rate (5 a
// minute works). An empty bucket rejects the call (an http::TooManyRequests error, 429) or, in wait mode, queues
// it for at most max_wait and never past its deadline.
struct RateLimiter {
  enum class Mode { reject, wait };
  double requests = 60;
  std::chrono::milliseconds window{60000};
  double burst = 0;  // 0: max(1, requests)
  Mode mode = Mode::reject;
  std::chrono::milliseconds max_wait{1000};
};

// GoFr's HealthConfig{HealthEndpoint, Timeout}: what /.well-known/health calls to check this service (and what the
// open circuit breaker probes), with the service's auth and default headers. A path relative to the base URL.
struct HealthConfig {
  std::string endpoint = ".well-known/alive";
  std::chrono::milliseconds timeout{5000};
  bool critical = false;  // true: the service being down makes this app's health DOWN (503) too
};

// GoFr's APIKeyConfig: X-Api-Key on every call.
struct APIKeyConfig {
  std::string key;
};

// GoFr's BasicAuthConfig: Authorization: Basic base64(user:password). The password is given as it is (GoFr's
// constructor wanted it base64-encoded).
struct BasicAuthConfig {
  std::string user;
  std::string password;
};

// GoFr's OAuthConfig: OAuth 2.0 client credentials (RFC 6749 §4.4). The token is fetched from `token_url` with
// HTTP Basic client authentication, cached, and refreshed before it expires (GoFr fetched one per call); calls send
// Authorization: Bearer <token>. A 401 from the service makes the next call fetch a new one.
struct OAuthConfig {
  std::string client_id;
  std::string client_secret;
  std::string token_url;
  std::vector<std::string> scopes;
  std::vector<std::pair<std::string, std::string>> endpoint_params;  // extra form parameters (e.g. audience)
};

// GoFr's DefaultHeaders: sent with every call; a header the call sets itself wins (GoFr's defaults overwrote it).
struct DefaultHeaders {
  Headers headers;
};

// GoFr's ConnectionPoolConfig: keep-alive connections per worker thread and endpoint.
struct ConnectionPoolConfig {
  std::size_t max_idle = 100;
  std::chrono::milliseconds idle_timeout{90000};
};

// Per-endpoint ejection (Envoy's outlier detection, Linkerd's failure accrual): an endpoint whose attempts fail
// `consecutive_failures` times in a row (transport errors, proxy errors, 5xx but 501 and 505) gets no calls for
// `base_ejection` plus up to 50% jitter, doubling with each ejection up to `max_ejection`. Then real calls probe
// it: one success brings it back for good, one failure ejects it again. At most `max_ejected_percent` of the
// endpoints (at least one) are out at a time, and never the last one left.
struct OutlierDetection {
  int consecutive_failures = 5;
  std::chrono::milliseconds base_ejection{1000};
  std::chrono::milliseconds max_ejection{60000};
  int max_ejected_percent = 10;
};

// The service's replicas, when this client balances its calls itself (no sidecar or kube-proxy in between):
// "host:port" addresses ("10.0.0.7:8080", "[fd00::7]:8080", "orders-2.orders:8080") that calls go to in turn, in
// place of the base URL's host and port, which still name the service in the Host header and as the TLS server
// name. A retry goes to the next endpoint. Without this option the base URL's host is the one endpoint.
struct Endpoints {
  std::vector<std::string> addresses;
  OutlierDetection outlier_detection;
};

// How long a call may take. The inbound request's deadline, when earlier, wins.
struct Timeouts {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds attempt{10000};
  std::chrono::milliseconds total{30000};
};

// Google SRE's adaptive throttling: when the service accepts less than half of what it is sent, calls are refused
// locally in proportion (at most 90%), and recovery follows within two windows.
struct AdaptiveThrottling {
  double k = 2;
  std::chrono::seconds window{10};
};

// Who retries: the app (the default when no mesh is detected: sidecar retries are switched off by header), the mesh
// (the app makes one attempt), or auto (the app retries until it sees a retry layer beneath it).
enum class RetryOwner { automatic, app, mesh };

// Everything add_http_service was given, each option in its own member: applying them in any order gives the same
// result (resilience.md §11 T5d).
struct ServiceOptions {
  std::string name;
  std::string base_url;
  std::optional<CircuitBreaker> circuit_breaker;
  std::optional<Retry> retry;
  std::optional<RateLimiter> rate_limiter;
  std::optional<HealthConfig> health;
  std::optional<APIKeyConfig> api_key;
  std::optional<BasicAuthConfig> basic_auth;
  std::optional<OAuthConfig> oauth;
  DefaultHeaders default_headers;
  ConnectionPoolConfig pool;
  Timeouts timeouts;
  std::optional<AdaptiveThrottling> throttling;
  std::optional<RetryOwner> retry_owner;  // unset: RETRY_OWNER, else automatic
  Endpoints endpoints;
};

inline void apply(ServiceOptions& c, CircuitBreaker o) { c.circuit_breaker = std::move(o); }
inline void apply(ServiceOptions& c, Retry o) { c.retry = std::move(o); }
inline void apply(ServiceOptions& c, RateLimiter o) { c.rate_limiter = std::move(o); }
inline void apply(ServiceOptions& c, HealthConfig o) { c.health = std::move(o); }
inline void apply(ServiceOptions& c, APIKeyConfig o) { c.api_key = std::move(o); }
inline void apply(ServiceOptions& c, BasicAuthConfig o) { c.basic_auth = std::move(o); }
inline void apply(ServiceOptions& c, OAuthConfig o) { c.oauth = std::move(o); }
inline void apply(ServiceOptions& c, DefaultHeaders o) { c.default_headers = std::move(o); }
inline void apply(ServiceOptions& c, ConnectionPoolConfig o) { c.pool = o; }
inline void apply(ServiceOptions& c, Timeouts o) { c.timeouts = o; }
inline void apply(ServiceOptions& c, AdaptiveThrottling o) { c.throttling = o; }
inline void apply(ServiceOptions& c, RetryOwner o) { c.retry_owner = o; }
inline void apply(ServiceOptions& c, Endpoints o) { c.endpoints = std::move(o); }

}  // namespace gofr::service
