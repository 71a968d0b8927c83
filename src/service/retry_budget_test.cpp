// The shared retry budget (resilience.md §11 F1): T1a, T1b and T1c with a virtual clock.
#include "service/retry_budget.hpp"

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

using namespace std::chrono;
using Clock = RetryBudget::Clock;

// 1000 logical calls at 100 per second against a service that always answers 503, each allowed 3 attempts; the
// retries follow the failure at once (the accounting under test does not depend on the backoff). Returns the
// attempts the service saw.
int always_failing(RetryBudget& budget) {
  int attempts = 0;
  Clock::time_point t{};
  for (int call = 0; call < 1000; ++call, t += 10ms) {
    budget.call_started(t);
    ++attempts;
    for (int retry = 0; retry < 2 && budget.try_start_retry(t); ++retry) {
      ++attempts;
      budget.retry_finished();
    }
    budget.call_finished();
  }
  return attempts;
}

TEST(RetryBudget, T1aBoundsAnAlwaysFailingService) {
  RetryBudget off({.enabled = false});
  EXPECT_EQ(always_failing(off), 3000);
  RetryBudget on;
  const int attempts = always_failing(on);
  EXPECT_LE(attempts, 1000 + 200 + 100);  // ≤ 1.30×
  EXPECT_GE(attempts, 1000 + 200 + 100 - 1);
  RetryBudget no_reserve({.min_per_second = 0});
  EXPECT_NEAR(always_failing(no_reserve), 1200, 1);  // ≤ 1.20× ±1
  EXPECT_GT(on.denied(), 0u);
}

// T1b: 1% of calls fail once; none of their retries is denied.
TEST(RetryBudget, T1bNeverStarvesOccasionalRetries) {
  RetryBudget budget;
  Clock::time_point t{};
  int succeeded = 0;
  for (int call = 0; call < 10000; ++call, t += 10ms) {
    budget.call_started(t);
    const bool fails_once = call % 100 == 0;
    if (!fails_once || budget.try_start_retry(t)) {
      ++succeeded;
      if (fails_once) budget.retry_finished();
    }
    budget.call_finished();
  }
  EXPECT_EQ(budget.denied(), 0u);
  EXPECT_EQ(succeeded, 10000);
}

// T1c: 64 callers all failing, each retry waiting 200 ms before it is sent: retries in progress, sleeping ones
// included, never exceed max(3, 20% of calls in flight).
TEST(RetryBudget, T1cCountsRetriesWaitingInBackoff) {
  RetryBudget budget;
  Clock::time_point t{};
  for (int i = 0; i < 64; ++i) budget.call_started(t);
  int in_progress = 0, peak = 0;
  for (int i = 0; i < 64; ++i) {
    if (budget.try_start_retry(t)) peak = std::max(peak, ++in_progress);  // none finishes: all still in backoff
  }
  EXPECT_EQ(peak, 12);  // 20% of 64
  // Once the sleepers are sent and answered, their places free up.
  t += 200ms;
  for (int i = 0; i < in_progress; ++i) budget.retry_finished();
  EXPECT_TRUE(budget.try_start_retry(t));
}

TEST(RetryBudget, SmallServicesStillGetThreeConcurrentRetries) {
  RetryBudget budget;
  Clock::time_point t{};
  budget.call_started(t);
  EXPECT_TRUE(budget.try_start_retry(t));
  EXPECT_TRUE(budget.try_start_retry(t));
  EXPECT_TRUE(budget.try_start_retry(t));
  EXPECT_FALSE(budget.try_start_retry(t));
}

TEST(RetryBudget, TheRateWindowForgetsAfterTtl) {
  RetryBudget budget({.min_per_second = 1, .ttl = 10s, .min_concurrent = 1000});
  Clock::time_point t{};
  int granted = 0;
  while (budget.try_start_retry(t)) {
    ++granted;
    budget.retry_finished();
  }
  EXPECT_EQ(granted, 10);  // the reserve: 1 per second over 10 s
  EXPECT_EQ(budget.remaining(t), 0);
  EXPECT_EQ(budget.remaining(t + 11s), 10);
}

}  // namespace
}  // namespace gofr::service::detail
