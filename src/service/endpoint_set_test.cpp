// Per-endpoint ejection (resilience.md §11 F5, T5e) with a virtual clock: round-robin, ejection after consecutive
// failures, the growing penalty, probation, and the caps that keep traffic flowing.
#include "service/endpoint_set.hpp"

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

using namespace std::chrono;
using Clock = EndpointSet::Clock;

TEST(EndpointSet, CallsGoRoundRobin) {
  EndpointSet set(3, {});
  const Clock::time_point t{};
  std::vector<std::size_t> picked;
  for (int i = 0; i < 6; ++i) picked.push_back(set.pick(t));
  EXPECT_EQ(picked, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2}));
}

TEST(EndpointSet, ARetryAvoidsTheEndpointThatFailed) {
  EndpointSet set(2, {});
  const Clock::time_point t{};
  const auto a = set.pick(t);
  const auto b = set.pick(t);  // another call took the other endpoint meanwhile
  EXPECT_NE(a, b);
  EXPECT_NE(set.pick(t, a), a);  // a's retry still goes elsewhere
  EndpointSet one(1, {});
  EXPECT_EQ(one.pick(t, 0), 0u);  // unless there is nowhere else
}

TEST(EndpointSet, ConsecutiveFailuresEjectForTheBasePenaltyPlusJitter) {
  EndpointSet set(10, {.consecutive_failures = 5, .base_ejection = 1s, .max_ejection = 60s, .max_ejected_percent = 10});
  Clock::time_point t{};
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(set.record(3, true, t, 0.0));
  EXPECT_FALSE(set.ejected(3, t));
  EXPECT_TRUE(set.record(3, true, t, 1.0 - 1e-9));  // the most jitter: 1.5 s
  for (int i = 0; i < 100; ++i) EXPECT_NE(set.pick(t + 1499ms), 3u);
  EXPECT_TRUE(set.ejected(3, t + 1499ms));
  EXPECT_FALSE(set.ejected(3, t + 1500ms));
}

TEST(EndpointSet, ASuccessInBetweenStartsTheCountAgain) {
  EndpointSet set(10, {});
  const Clock::time_point t{};
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4; ++i) set.record(0, true, t, 0.0);
    set.record(0, false, t, 0.0);
  }
  EXPECT_FALSE(set.ejected(0, t));
}

TEST(EndpointSet, OnProbationOneFailureEjectsAgainForTwiceAsLong) {
  EndpointSet set(10, {.consecutive_failures = 5, .base_ejection = 1s, .max_ejection = 3s, .max_ejected_percent = 10});
  Clock::time_point t{};
  for (int i = 0; i < 5; ++i) set.record(0, true, t, 0.0);
  t += 1s;  // back, on probation
  ASSERT_FALSE(set.ejected(0, t));
  EXPECT_TRUE(set.record(0, true, t, 0.0));
  EXPECT_TRUE(set.ejected(0, t + 1999ms));
  EXPECT_FALSE(set.ejected(0, t + 2s));
  t += 2s;
  EXPECT_TRUE(set.record(0, true, t, 0.0));  // 4 s, capped at 3 s
  EXPECT_TRUE(set.ejected(0, t + 2999ms));
  EXPECT_FALSE(set.ejected(0, t + 3s));
  t += 3s;
  set.record(0, false, t, 0.0);  // a successful probe clears the record
  EXPECT_FALSE(set.record(0, true, t, 0.0));
}

TEST(EndpointSet, FailuresOfAnEjectedEndpointsLateAnswersDoNotExtendIt) {
  EndpointSet set(10, {});
  const Clock::time_point t{};
  for (int i = 0; i < 5; ++i) set.record(0, true, t, 0.0);
  EXPECT_FALSE(set.record(0, true, t + 500ms, 0.0));  // an attempt sent before the ejection
  EXPECT_FALSE(set.ejected(0, t + 1s));
}

TEST(EndpointSet, AtMostTenPercentAreOutAndAtLeastOne) {
  EndpointSet ten(10, {});
  const Clock::time_point t{};
  for (int i = 0; i < 5; ++i) ten.record(0, true, t, 0.0);
  for (int i = 0; i < 5; ++i) ten.record(1, true, t, 0.0);
  EXPECT_TRUE(ten.ejected(0, t));
  EXPECT_FALSE(ten.ejected(1, t));  // 10% of 10: one at a time
  EXPECT_TRUE(ten.record(1, true, t + 1s, 0.0));  // its turn once the first is back

  EndpointSet two(2, {});
  for (int i = 0; i < 5; ++i) two.record(0, true, t, 0.0);
  EXPECT_TRUE(two.ejected(0, t));  // at least one may go out...
  for (int i = 0; i < 5; ++i) two.record(1, true, t, 0.0);
  EXPECT_FALSE(two.ejected(1, t));  // ...but never the last one in
  EXPECT_EQ(two.pick(t), 1u);

  EndpointSet one(1, {});
  for (int i = 0; i < 50; ++i) one.record(0, true, t, 0.0);
  EXPECT_FALSE(one.ejected(0, t));
}

// T5e at the decision level: one of 10 endpoints always fails; calls retry (3 attempts) on the next endpoint.
TEST(EndpointSet, T5eOneBadEndpointOfTenIsEjectedAndCallsSucceed) {
  EndpointSet set(10, {});
  Clock::time_point t{};
  const std::size_t bad = 7;
  std::vector<Clock::time_point> bad_attempts;
  int succeeded = 0;
  const int calls = 20000;  // 10 s at 2000 calls a second
  for (int call = 0; call < calls; ++call, t += 500us) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      const auto endpoint = set.pick(t);
      const bool failed = endpoint == bad;
      if (failed) bad_attempts.push_back(t);
      set.record(endpoint, failed, t, 0.5);
      if (!failed) {
        ++succeeded;
        break;
      }
    }
  }
  EXPECT_GE(succeeded, calls * 999 / 1000);
  ASSERT_GE(bad_attempts.size(), 6u);
  EXPECT_LE(bad_attempts[4] - bad_attempts[0], 100ms);  // five failures, in quick succession
  EXPECT_GE(bad_attempts[5] - bad_attempts[4], 1s);      // then no traffic for at least a second
  // Each probe that fails keeps it out for twice as long: 1.25 s, 2.5 s, 5 s at this jitter, so three probes in
  // the 10 s.
  ASSERT_EQ(bad_attempts.size(), 8u);
  EXPECT_GE(bad_attempts[6] - bad_attempts[5], 2s);
  EXPECT_GE(bad_attempts[7] - bad_attempts[6], 4s);
}

// Every worker thread picks and records at once (run under TSan in CI): the caps hold throughout.
TEST(EndpointSet, WorkersOnSeveralThreadsShareIt) {
  EndpointSet set(10, {});
  const Clock::time_point t{};
  std::atomic<int> over_cap{0};
  auto worker = [&] {
    for (int i = 0; i < 20000; ++i) {
      const auto endpoint = set.pick(t + std::chrono::microseconds(i));
      set.record(endpoint, endpoint < 3, t + std::chrono::microseconds(i), 0.5);  // three endpoints always fail
      int out = 0;
      for (std::size_t e = 0; e < set.size(); ++e) out += set.ejected(e, t + std::chrono::microseconds(i));
      if (out > 1) ++over_cap;  // 10% of 10
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(over_cap.load(), 0);
}

}  // namespace
}  // namespace gofr::service::detail
