#pragma once
// Adaptive client-side throttling (Google SRE, "Handling Overload"; resilience.md §11 F7), opt-in per service. The
// client counts the attempts it made and those the service accepted over a 10 s window, and rejects new attempts
// locally with probability min(0.9, max(0, (requests − K·accepts) / (requests + 1))): a service that accepts
// everything is never throttled, one that accepts nothing receives about a tenth of the attempts, enough to notice
// its recovery within two windows. Locally rejected attempts count as requests, as in SRE's design. Thread-safe.
#include <chrono>
#include <mutex>

#include "service/windowed_counter.hpp"

namespace gofr::service::detail {

struct AdaptiveThrottleOptions {
  double k = 2;
  std::chrono::seconds window{10};
  int min_requests = 20;  // no throttling on fewer requests in the window
  double max_reject = 0.9;
};

class AdaptiveThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit AdaptiveThrottle(AdaptiveThrottleOptions options = {});

  // Whether an attempt may be sent; `unit` is a uniform random number in [0, 1) drawn by the caller.
  bool admit(Clock::time_point now, double unit);
  // The service accepted an attempt (it answered, and not with an overload or server error).
  void accepted(Clock::time_point now);
  double reject_probability(Clock::time_point now);

 private:
  double probability(Clock::time_point now);  // under mutex_

  const AdaptiveThrottleOptions options_;
  std::mutex mutex_;
  WindowedCounter requests_;
  WindowedCounter accepts_;
};

}  // namespace gofr::service::detail
