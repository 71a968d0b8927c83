#include "service/adaptive_throttle.hpp"

#include <algorithm>

namespace gofr::service::detail {

AdaptiveThrottle::AdaptiveThrottle(AdaptiveThrottleOptions options)
    : options_(options), requests_(options.window), accepts_(options.window) {}

double AdaptiveThrottle::probability(Clock::time_point now) {
  const auto requests = static_cast<double>(requests_.sum(now));
  if (requests < options_.min_requests) return 0;
  const auto accepts = static_cast<double>(accepts_.sum(now));
  return std::clamp((requests - options_.k * accepts) / (requests + 1), 0.0, options_.max_reject);
}

bool AdaptiveThrottle::admit(Clock::time_point now, double unit) {
  std::lock_guard lock(mutex_);
  const double p = probability(now);
  requests_.add(now);
  return unit >= p;
}

void AdaptiveThrottle::accepted(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  accepts_.add(now);
}

double AdaptiveThrottle::reject_probability(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return probability(now);
}

}  // namespace gofr::service::detail
