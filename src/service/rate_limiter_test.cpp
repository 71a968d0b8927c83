// The client-side rate limiter (resilience.md §11 F9): T9a–T9c with a virtual clock.
#include "service/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

using namespace std::chrono;
using Clock = RateLimiter::Clock;
using Kind = RateLimiter::Decision::Kind;

// T9a: half a request per second with a burst of one, tried every 10 ms for 120 s: 60 ± 1 permits.
TEST(RateLimiter, T9aFractionalRates) {
  RateLimiter limiter({.requests = 1, .window = 2s, .burst = 1});
  int granted = 0;
  for (Clock::time_point t{}; t < Clock::time_point{} + 120s; t += 10ms) granted += limiter.acquire(t).kind == Kind::go;
  EXPECT_NEAR(granted, 60, 1);
  // GoFr's documented "5 per minute" no longer stops at zero.
  RateLimiter five_a_minute({.requests = 5, .window = 60s, .burst = 1});
  granted = 0;
  for (Clock::time_point t{}; t < Clock::time_point{} + 600s; t += 100ms) granted += five_a_minute.acquire(t).kind == Kind::go;
  EXPECT_NEAR(granted, 50, 1);
}

TEST(RateLimiter, RejectSaysWhenTheNextTokenIsDue) {
  RateLimiter limiter({.requests = 2, .window = 1s, .burst = 1});
  Clock::time_point t{};
  EXPECT_EQ(limiter.acquire(t).kind, Kind::go);
  const auto rejected = limiter.acquire(t + 100ms);
  EXPECT_EQ(rejected.kind, Kind::reject);
  EXPECT_EQ(duration_cast<milliseconds>(rejected.delay), 400ms);
}

// T9b: waiting is bounded by the deadline: a wait that would end after it is refused at once, not sent late.
TEST(RateLimiter, T9bWaitNeverOutlivesTheDeadline) {
  RateLimiter limiter({.requests = 1, .window = 1s, .burst = 1, .mode = RateLimiterOptions::Mode::wait, .max_wait = 5s});
  Clock::time_point t{};
  EXPECT_EQ(limiter.acquire(t, t + 200ms).kind, Kind::go);
  const auto late = limiter.acquire(t, t + 200ms);  // the next token is a second away
  EXPECT_EQ(late.kind, Kind::reject);
  EXPECT_TRUE(late.past_deadline);
  const auto queued = limiter.acquire(t, t + 2s);
  EXPECT_EQ(queued.kind, Kind::wait);
  EXPECT_EQ(duration_cast<milliseconds>(queued.delay), 1000ms);
  const auto behind = limiter.acquire(t, t + 5s);  // queues behind the reservation
  EXPECT_EQ(duration_cast<milliseconds>(behind.delay), 2000ms);
  EXPECT_EQ(limiter.acquire(t, t + 10s).kind, Kind::wait);  // 3 s: within max_wait
  EXPECT_EQ(limiter.acquire(t, t + 10s).kind, Kind::wait);  // 4 s
  EXPECT_EQ(limiter.acquire(t, t + 10s).kind, Kind::wait);  // 5 s
  EXPECT_EQ(limiter.acquire(t, t + 10s).kind, Kind::reject);  // 6 s: past max_wait
}

// T9c: a burst, then the steady rate: the permits granted by any time t never exceed B + R·t.
TEST(RateLimiter, T9cBurstThenSteadyRate) {
  constexpr double burst = 5, rate = 10;
  RateLimiter limiter({.requests = rate, .window = 1s, .burst = burst, .mode = RateLimiterOptions::Mode::wait,
                       .max_wait = 100s});
  const Clock::time_point start{};
  std::vector<Clock::time_point> sends;
  for (int i = 0; i < 200; ++i) {
    const auto d = limiter.acquire(start);  // everyone at once; waiters are told when to go
    ASSERT_NE(d.kind, Kind::reject);
    sends.push_back(start + d.delay);
  }
  std::sort(sends.begin(), sends.end());
  for (std::size_t i = 0; i < sends.size(); ++i) {
    const double t = duration<double>(sends[i] - start).count();
    EXPECT_LE(static_cast<double>(i + 1), burst + rate * t + 1e-6) << i;
  }
}

TEST(RateLimiter, A429PausesEveryCaller) {
  RateLimiter limiter({.requests = 100, .window = 1s, .burst = 100});
  Clock::time_point t{};
  limiter.pause_until(t + 2s);
  const auto d = limiter.acquire(t + 500ms);
  EXPECT_EQ(d.kind, Kind::reject);
  EXPECT_EQ(duration_cast<milliseconds>(d.delay), 1500ms);
  EXPECT_EQ(limiter.acquire(t + 2s).kind, Kind::go);
}

}  // namespace
}  // namespace gofr::service::detail
