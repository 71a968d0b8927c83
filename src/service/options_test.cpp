// Options in any order configure the same service (resilience.md §11 T5d): each option fills its own member.
#include "gofr/service/options.hpp"

#include <gtest/gtest.h>

namespace gofr::service {
namespace {

template <class... Options>
ServiceOptions build(Options... options) {
  ServiceOptions config;
  (apply(config, std::move(options)), ...);
  return config;
}

TEST(ServiceOptions, T5dOrderDoesNotMatter) {
  const CircuitBreaker breaker{.threshold = 2, .interval = std::chrono::seconds(7)};
  const Retry retry{.max_retries = 4, .budget = false};
  const RateLimiter limiter{.requests = 5, .window = std::chrono::minutes(1)};
  const DefaultHeaders headers{{{"X-A", "1"}}};
  const auto a = build(breaker, retry, limiter, headers, RetryOwner::mesh);
  const auto b = build(RetryOwner::mesh, headers, limiter, retry, breaker);
  const auto c = build(limiter, RetryOwner::mesh, breaker, headers, retry);
  for (const auto* other : {&b, &c}) {
    EXPECT_EQ(other->circuit_breaker->threshold, a.circuit_breaker->threshold);
    EXPECT_EQ(other->circuit_breaker->interval, a.circuit_breaker->interval);
    EXPECT_EQ(other->retry->max_retries, a.retry->max_retries);
    EXPECT_EQ(other->retry->budget, a.retry->budget);
    EXPECT_EQ(other->rate_limiter->requests, a.rate_limiter->requests);
    EXPECT_EQ(other->default_headers.headers, a.default_headers.headers);
    EXPECT_EQ(other->retry_owner, a.retry_owner);
  }
  EXPECT_FALSE(a.api_key);  // what was not given stays unset
}

}  // namespace
}  // namespace gofr::service
