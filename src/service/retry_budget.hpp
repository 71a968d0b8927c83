#pragma once
// The retry budget of one downstream service (resilience.md §11 F1), shared by every call site that calls it, so
// that a failing service sees a bounded extra load instead of each caller's full retry count. A retry needs both
//   - the rate form (Finagle, Linkerd): retries in the last `ttl` ≤ min_per_second·ttl + ratio·calls in the last
//     `ttl`; with the defaults, an always-failing service gets at most 1.2× its calls plus 10 retries a second;
//   - the concurrency form (Envoy): retries in progress — counted from the decision to retry, so those waiting out
//     their backoff count too — ≤ max(min_concurrent, concurrency_ratio·calls in flight).
// Thread-safe.
#include <chrono>
#include <cstdint>
#include <mutex>

#include "service/windowed_counter.hpp"

namespace gofr::service::detail {

struct RetryBudgetOptions {
  bool enabled = true;
  double ratio = 0.2;
  double min_per_second = 10;
  std::chrono::seconds ttl{10};
  double concurrency_ratio = 0.2;
  std::int64_t min_concurrent = 3;
};

class RetryBudget {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RetryBudget(RetryBudgetOptions options = {});

  // A logical call begins (its first attempt), and ends after its last attempt.
  void call_started(Clock::time_point now);
  void call_finished();

  // Whether one more retry may go ahead; when it may, it is counted as in progress until retry_finished().
  bool try_start_retry(Clock::time_point now);
  void retry_finished();

  // Retries the rate form would still allow now (for the X-Retry-Budget-Remaining header and metrics).
  std::int64_t remaining(Clock::time_point now);
  std::uint64_t denied() const;

 private:
  std::int64_t rate_allowance(Clock::time_point now);  // under mutex_

  const RetryBudgetOptions options_;
  mutable std::mutex mutex_;
  WindowedCounter calls_;
  WindowedCounter retries_;
  std::int64_t calls_in_flight_ = 0;
  std::int64_t retries_in_progress_ = 0;
  std::uint64_t denied_ = 0;
};

}  // namespace gofr::service::detail
