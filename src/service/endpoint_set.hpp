#pragma once
// The endpoints of one service and which of them get traffic (resilience.md §11 F5, per-endpoint ejection, with
// Envoy's outlier detection and Linkerd's failure accrual as the models). Calls go round-robin over the endpoints
// that are not ejected, so a retry lands on a different endpoint than the attempt that failed. An endpoint whose
// attempts fail `consecutive_failures` times in a row is ejected for base_ejection × 2^(ejections so far), capped
// at max_ejection, plus up to 50% jitter so that clients do not return in step. When its time is up it is back on
// probation: real calls probe it (no health endpoint), one success clears its record and one failure ejects it
// again for twice as long. At most max_ejected_percent of the endpoints (at least one) are out at a time, and never
// the last one that is in: ejection moves load, it never refuses it (the service breaker does that). Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <vector>

#include "gofr/service/options.hpp"

namespace gofr::service::detail {

class EndpointSet {
 public:
  using Clock = std::chrono::steady_clock;

  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  EndpointSet(std::size_t count, OutlierDetection options);

  // The endpoint for the next attempt; not `avoid` (the endpoint a retry's failed attempt went to) unless it is
  // the only one in.
  std::size_t pick(Clock::time_point now, std::size_t avoid = none);
  // What an attempt to `endpoint` came to; `jitter_unit` is uniform in [0, 1). True when this ejected it.
  bool record(std::size_t endpoint, bool failed, Clock::time_point now, double jitter_unit);

  std::size_t size() const noexcept { return states_.size(); }
  bool ejected(std::size_t endpoint, Clock::time_point now) const;

 private:
  struct State {
    int consecutive_failures = 0;
    int ejections = 0;  // since it last succeeded: the penalty's exponent
    Clock::time_point ejected_until{};
  };

  bool may_eject(Clock::time_point now) const;  // with mutex_ held

  OutlierDetection options_;
  mutable std::mutex mutex_;
  std::vector<State> states_;
  std::size_t next_ = 0;
};

}  // namespace gofr::service::detail
