// Adaptive client-side throttling (resilience.md §11 F7): T7a–T7c, simulated at 100 calls a second with a virtual
// clock and a seeded random source.
#include "service/adaptive_throttle.hpp"

#include <random>

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

using namespace std::chrono;
using Clock = AdaptiveThrottle::Clock;

struct Second {
  int calls = 0, sent = 0, succeeded = 0;
};

// One second of calls, 10 ms apart; `healthy` says whether the service accepts what it receives.
Second run_second(AdaptiveThrottle& throttle, Clock::time_point& t, std::mt19937_64& random, bool healthy,
                  double failure_rate = 0) {
  std::uniform_real_distribution<double> unit(0, 1);
  Second s;
  for (int i = 0; i < 100; ++i, t += 10ms) {
    ++s.calls;
    if (!throttle.admit(t, unit(random))) continue;
    ++s.sent;
    if (healthy && unit(random) >= failure_rate) {
      throttle.accepted(t);
      ++s.succeeded;
    }
  }
  return s;
}

// T7a and T7b: a 60 s total outage, then recovery.
TEST(AdaptiveThrottle, T7aShedsDuringAnOutageAndT7bRecoversWithinTwoWindows) {
  AdaptiveThrottle throttle;
  std::mt19937_64 random(7);
  Clock::time_point t{};
  int calls = 0, sent = 0;
  for (int second = 0; second < 60; ++second) {
    const auto s = run_second(throttle, t, random, false);
    calls += s.calls;
    sent += s.sent;
  }
  EXPECT_LE(sent, calls * 12 / 100);  // the service receives at most 12% of the calls
  EXPECT_NEAR(throttle.reject_probability(t), 0.9, 1e-9);
  int recovered_after = -1;
  for (int second = 1; second <= 60 && recovered_after < 0; ++second) {
    if (run_second(throttle, t, random, true).succeeded >= 99) recovered_after = second;
  }
  EXPECT_GT(recovered_after, 0);
  EXPECT_LE(recovered_after, 20);  // two windows
}

// T7c: occasional failures never trigger throttling.
TEST(AdaptiveThrottle, T7cFivePercentFailuresAreNeverThrottled) {
  AdaptiveThrottle throttle;
  std::mt19937_64 random(11);
  Clock::time_point t{};
  for (int second = 0; second < 120; ++second) {
    const auto s = run_second(throttle, t, random, true, 0.05);
    EXPECT_EQ(s.sent, s.calls);
    EXPECT_EQ(throttle.reject_probability(t), 0.0);
  }
}

TEST(AdaptiveThrottle, NothingHappensBelowTheMinimumRequests) {
  AdaptiveThrottle throttle;
  Clock::time_point t{};
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(throttle.admit(t, 0.0));  // nothing accepted, yet too few to judge
  EXPECT_GT(throttle.reject_probability(t), 0.0);  // now 20 requests are in the window
}

}  // namespace
}  // namespace gofr::service::detail
