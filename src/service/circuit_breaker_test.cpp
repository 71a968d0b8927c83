// The service circuit breaker (resilience.md §11 F5): every transition with a virtual clock (T5a), exactly N
// probes under a crowd (T5b), and probes whose callers vanish (T5c).
#include "service/circuit_breaker.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

using namespace std::chrono;
using Clock = CircuitBreaker::Clock;
using State = CircuitBreaker::State;
using Outcome = CircuitBreaker::Outcome;

const char* name(State s) { return s == State::closed ? "closed" : s == State::open ? "open" : "half-open"; }

class Breaker : public ::testing::Test {
 protected:
  CircuitBreaker breaker{CircuitBreakerOptions{.threshold = 3, .interval = 1s, .max_open = 4s, .half_open_probes = 2,
                                               .window = 10s, .min_calls = 10, .failure_rate = 0.5},
                         500ms,
                         [this](State from, State to) { transitions.push_back(std::string(name(from)) + ">" + name(to)); }};
  Clock::time_point t{};
  std::vector<std::string> transitions;

  bool attempt(Outcome outcome) {
    const auto permit = breaker.admit(t);
    if (permit.allowed) breaker.release(permit, outcome, t);
    return permit.allowed;
  }
};

TEST_F(Breaker, ClosedToOpenAfterThresholdConsecutiveFailures) {
  EXPECT_TRUE(attempt(Outcome::failure));
  EXPECT_TRUE(attempt(Outcome::failure));
  EXPECT_TRUE(attempt(Outcome::success));  // a success resets the run
  EXPECT_TRUE(attempt(Outcome::failure));
  EXPECT_TRUE(attempt(Outcome::failure));
  EXPECT_EQ(breaker.state(t), State::closed);
  EXPECT_TRUE(attempt(Outcome::failure));  // the 3rd in a row, not GoFr's 4th
  EXPECT_EQ(breaker.state(t), State::open);
  EXPECT_EQ(transitions, std::vector<std::string>{"closed>open"});
}

TEST_F(Breaker, ClosedToOpenOnTheFailureRateOfTheWindow) {
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(attempt(i % 2 ? Outcome::success : Outcome::failure));
  EXPECT_EQ(breaker.state(t), State::closed);  // 5 of 9 failed, but fewer than min_calls
  EXPECT_TRUE(attempt(Outcome::success));
  EXPECT_TRUE(attempt(Outcome::failure));     // 6 of 11
  EXPECT_EQ(breaker.state(t), State::open);
}

TEST_F(Breaker, IgnoredOutcomesNeitherTripNorReset) {
  attempt(Outcome::failure);
  attempt(Outcome::failure);
  for (int i = 0; i < 50; ++i) attempt(Outcome::ignored);  // 4xx and 429 say nothing about the service's health
  EXPECT_EQ(breaker.state(t), State::closed);
  attempt(Outcome::failure);
  EXPECT_EQ(breaker.state(t), State::open);
}

TEST_F(Breaker, OpenRejectsWithRetryAfterThenHalfOpens) {
  for (int i = 0; i < 3; ++i) attempt(Outcome::failure);
  t += 300ms;
  const auto denied = breaker.admit(t);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.retry_after, 700ms);
  t += 700ms;
  EXPECT_EQ(breaker.state(t), State::half_open);
}

TEST_F(Breaker, HalfOpenClosesWhenEveryProbeSucceeds) {
  for (int i = 0; i < 3; ++i) attempt(Outcome::failure);
  t += 1s;
  const auto a = breaker.admit(t), b = breaker.admit(t), c = breaker.admit(t);
  EXPECT_TRUE(a.allowed && a.probe);
  EXPECT_TRUE(b.allowed && b.probe);
  EXPECT_FALSE(c.allowed);  // only two probes
  breaker.release(a, Outcome::success, t);
  EXPECT_EQ(breaker.state(t), State::half_open);
  breaker.release(b, Outcome::success, t);
  EXPECT_EQ(breaker.state(t), State::closed);
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed>open", "open>half-open", "half-open>closed"}));
  // Closed afresh: the old failures do not count.
  attempt(Outcome::failure);
  EXPECT_EQ(breaker.state(t), State::closed);
}

TEST_F(Breaker, AFailedProbeReopensForTwiceAsLongUpToTheMaximum) {
  for (int i = 0; i < 3; ++i) attempt(Outcome::failure);
  t += 1s;  // the first open period is the interval
  for (const auto open_for : {2s, 4s, 4s}) {
    const auto probe = breaker.admit(t);
    ASSERT_TRUE(probe.allowed && probe.probe);
    breaker.release(probe, Outcome::failure, t);
    EXPECT_FALSE(breaker.admit(t + open_for - 1ms).allowed);
    t += open_for;
    EXPECT_EQ(breaker.state(t), State::half_open) << open_for.count();
  }
}

TEST_F(Breaker, AHealthyHealthEndpointHalfOpensAtOnce) {
  breaker.half_open_now(t);  // closed: nothing to do
  EXPECT_EQ(breaker.state(t), State::closed);
  for (int i = 0; i < 3; ++i) attempt(Outcome::failure);
  t += 100ms;  // 900 ms of the open time left
  breaker.half_open_now(t);
  EXPECT_EQ(breaker.state(t), State::half_open);
  EXPECT_TRUE(attempt(Outcome::success));
  EXPECT_TRUE(attempt(Outcome::success));  // real traffic still decides
  EXPECT_EQ(breaker.state(t), State::closed);
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed>open", "open>half-open", "half-open>closed"}));
}

TEST_F(Breaker, AnIgnoredProbeLetsAnotherAttemptProbe) {
  for (int i = 0; i < 3; ++i) attempt(Outcome::failure);
  t += 1s;
  const auto a = breaker.admit(t), b = breaker.admit(t);
  breaker.release(a, Outcome::ignored, t);  // e.g. its caller was cancelled
  const auto c = breaker.admit(t);
  EXPECT_TRUE(c.allowed && c.probe);
  breaker.release(b, Outcome::success, t);
  breaker.release(c, Outcome::success, t);
  EXPECT_EQ(breaker.state(t), State::closed);
}

// T5b: a thousand callers arrive together when the breaker half-opens; exactly the configured probes get through.
TEST(BreakerCrowd, T5bExactlyTheProbesReachTheService) {
  CircuitBreaker breaker({.threshold = 1, .interval = 1s, .half_open_probes = 3});
  Clock::time_point t{};
  breaker.release(breaker.admit(t), Outcome::failure, t);
  t += 1s;
  int allowed = 0;
  std::vector<CircuitBreaker::Permit> permits;
  for (int i = 0; i < 1000; ++i) {
    permits.push_back(breaker.admit(t));
    allowed += permits.back().allowed;
  }
  EXPECT_EQ(allowed, 3);
}

// T5c: the probes' callers vanish without releasing them; within one probe timeout the breaker leaves half-open.
TEST_F(Breaker, T5cUnreleasedProbesAreReclaimed) {
  for (int i = 0; i < 3; ++i) attempt(Outcome::failure);
  t += 1s;
  ASSERT_TRUE(breaker.admit(t).allowed);
  ASSERT_TRUE(breaker.admit(t).allowed);
  EXPECT_EQ(breaker.state(t + 499ms), State::half_open);
  EXPECT_EQ(breaker.state(t + 500ms), State::open);
  EXPECT_EQ(transitions.back(), "half-open>open");
}

}  // namespace
}  // namespace gofr::service::detail
