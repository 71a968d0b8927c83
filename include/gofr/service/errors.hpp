#pragma once
// The errors a service call throws when it has no answer to return. Each is an http::Error, so a handler that lets
// one escape answers its own caller with the matching status and headers — including, when this service already
// retried, X-Retry-Exhausted: 1, which tells a gofr-cpp caller not to retry again one hop up.
#include <chrono>
#include <string>

#include "gofr/http/error.hpp"

namespace gofr::service {

// No response: every attempt failed in transport (refused, reset, timed out). 503.
struct Unavailable : http::ServiceUnavailable {
  Unavailable(const std::string& service, const std::string& message, bool retried)
      : http::ServiceUnavailable(service, message), retried_(retried) {}
  std::vector<std::pair<std::string, std::string>> headers() const override {
    if (!retried_) return {};
    return {{"X-Retry-Exhausted", "1"}};
  }

 private:
  bool retried_;
};

// The service's circuit breaker is open; nothing was sent. 503 with Retry-After.
struct CircuitOpen : http::Error {
  CircuitOpen(const std::string& service, std::chrono::milliseconds retry_after)
      : http::Error(503, "circuit breaker open for service " + service, Level::warn), retry_after_(retry_after) {}
  std::chrono::milliseconds retry_after() const noexcept { return retry_after_; }
  std::vector<std::pair<std::string, std::string>> headers() const override {
    return {{"Retry-After", std::to_string((retry_after_.count() + 999) / 1000)}, {"X-Retry-Exhausted", "1"}};
  }

 private:
  std::chrono::milliseconds retry_after_;
};

// The client-side rate limit (RateLimiter option) refused the call; nothing was sent. 429 with Retry-After.
struct RateLimited : http::Error {
  RateLimited(const std::string& service, std::chrono::milliseconds retry_after)
      : http::Error(429, "rate limit exceeded for service " + service, Level::warn), retry_after_(retry_after) {}
  std::chrono::milliseconds retry_after() const noexcept { return retry_after_; }
  std::vector<std::pair<std::string, std::string>> headers() const override {
    return {{"Retry-After", std::to_string((retry_after_.count() + 999) / 1000)}};
  }

 private:
  std::chrono::milliseconds retry_after_;
};

// Adaptive throttling (AdaptiveThrottling option) refused the call locally; nothing was sent. 503.
struct ThrottledLocally : http::Error {
  explicit ThrottledLocally(const std::string& service)
      : http::Error(503, "calls to service " + service + " are throttled: it is rejecting most requests", Level::warn) {}
  std::vector<std::pair<std::string, std::string>> headers() const override { return {{"X-Retry-Exhausted", "1"}}; }
};

// The call's deadline (the inbound request's, or the service's total timeout) passed. 504 with
// X-Deadline-Expired: 1.
struct DeadlineExceeded : http::Error {
  explicit DeadlineExceeded(const std::string& service)
      : http::Error(504, "deadline exceeded calling service " + service, Level::warn) {}
  std::vector<std::pair<std::string, std::string>> headers() const override { return {{"X-Deadline-Expired", "1"}}; }
};

// A downstream's failed answer, passed on by a handler: `throw service::UpstreamFailure("orders", response)`. The
// caller gets 503 for a 502/503/504 (the service is unavailable through this one) and 502 for any other failure;
// when this service already retried (response.retries_exhausted), X-Retry-Exhausted: 1 tells the caller not to
// retry it again (resilience.md §11 F6).
struct UpstreamFailure : http::Error {
  UpstreamFailure(const std::string& service, int status, bool exhausted)
      : http::Error(status == 502 || status == 503 || status == 504 ? 503 : 502,
                    "service " + service + " answered " + std::to_string(status), Level::error),
        exhausted_(exhausted) {}
  template <class Response>
  UpstreamFailure(const std::string& service, const Response& response)
      : UpstreamFailure(service, response.status, response.retries_exhausted) {}
  std::vector<std::pair<std::string, std::string>> headers() const override {
    if (!exhausted_) return {};
    return {{"X-Retry-Exhausted", "1"}};
  }

 private:
  bool exhausted_;
};

}  // namespace gofr::service
