#include "service/retry_budget.hpp"

#include <algorithm>
#include <cmath>

namespace gofr::service::detail {

RetryBudget::RetryBudget(RetryBudgetOptions options)
    : options_(options), calls_(options.ttl), retries_(options.ttl) {}

void RetryBudget::call_started(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  calls_.add(now);
  ++calls_in_flight_;
}

void RetryBudget::call_finished() {
  std::lock_guard lock(mutex_);
  --calls_in_flight_;
}

std::int64_t RetryBudget::rate_allowance(Clock::time_point now) {
  const double allowed = options_.min_per_second * static_cast<double>(options_.ttl.count()) +
                         options_.ratio * static_cast<double>(calls_.sum(now));
  // A fraction of a retry is no retry: 0.2 per call means one retry per five calls.
  return static_cast<std::int64_t>(std::floor(allowed + 1e-9)) - retries_.sum(now);
}

bool RetryBudget::try_start_retry(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (!options_.enabled) {
    ++retries_in_progress_;
    return true;
  }
  const auto concurrent_limit = std::max<std::int64_t>(
      options_.min_concurrent,
      static_cast<std::int64_t>(options_.concurrency_ratio * static_cast<double>(calls_in_flight_)));
  if (rate_allowance(now) < 1 || retries_in_progress_ >= concurrent_limit) {
    ++denied_;
    return false;
  }
  retries_.add(now);
  ++retries_in_progress_;
  return true;
}

void RetryBudget::retry_finished() {
  std::lock_guard lock(mutex_);
  --retries_in_progress_;
}

std::int64_t RetryBudget::remaining(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return std::max<std::int64_t>(0, rate_allowance(now));
}

std::uint64_t RetryBudget::denied() const {
  std::lock_guard lock(mutex_);
  return denied_;
}

}  // namespace gofr::service::detail
