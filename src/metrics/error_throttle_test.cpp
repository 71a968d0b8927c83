#include "metrics/error_throttle.hpp"

#include <gtest/gtest.h>

namespace gofr::metrics {
namespace {

using namespace std::chrono_literals;

TEST(ErrorThrottle, LogsTheFirstAtOnceThenOncePerIntervalWithTheCountHeldBack) {
  ErrorThrottle throttle(60s);
  const ErrorThrottle::Clock::time_point t0{};
  EXPECT_EQ(throttle.admit("a", t0), 0u);
  EXPECT_EQ(throttle.admit("a", t0 + 1s), std::nullopt);
  EXPECT_EQ(throttle.admit("a", t0 + 59s), std::nullopt);
  EXPECT_EQ(throttle.admit("b", t0 + 59s), 0u);  // keys are independent
  EXPECT_EQ(throttle.admit("a", t0 + 60s), 2u);
  EXPECT_EQ(throttle.admit("a", t0 + 61s), std::nullopt);
  EXPECT_EQ(throttle.admit("a", t0 + 200s), 1u);
}

TEST(ErrorThrottle, KeysBeyondTheLimitShareOneSlot) {
  ErrorThrottle throttle(60s, 2);
  const ErrorThrottle::Clock::time_point t0{};
  EXPECT_EQ(throttle.admit("a", t0), 0u);
  EXPECT_EQ(throttle.admit("b", t0), 0u);
  EXPECT_EQ(throttle.admit("c", t0), 0u);
  EXPECT_EQ(throttle.admit("d", t0), std::nullopt);
  EXPECT_EQ(throttle.admit("e", t0 + 60s), 1u);
}

}  // namespace
}  // namespace gofr::metrics
