// Backoff (resilience.md §11 F3, test T3a) and the server-directed delays.
#include "service/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

using namespace std::chrono;

TEST(FullJitter, StaysBelowTheExponentialCeiling) {
  for (const double u : {0.0, 0.5, 0.999999999999}) {
    for (unsigned retry = 0; retry < 40; ++retry) {
      const auto delay = full_jitter(transient_backoff, retry, u);
      const auto ceiling = std::min<nanoseconds>(250ms, 25ms * (1LL << std::min(retry, 20u)));
      EXPECT_GE(delay, 0ns);
      EXPECT_LT(delay, ceiling) << retry << " " << u;
    }
  }
  EXPECT_EQ(full_jitter(transient_backoff, 1, 0.5), 25ms);  // half of 50 ms
  EXPECT_EQ(full_jitter(throttling_backoff, 10, 0.5), 15s);  // half of the 30 s cap
}

// T3a: 10,000 first-retry delays are uniform on [0, 25 ms): Kolmogorov-Smirnov p > 0.01, and no 1 ms bucket
// holds more than 3× its expected share.
TEST(FullJitter, FirstRetryDelaysAreUniform) {
  constexpr int n = 10000;
  std::mt19937_64 random(20261126);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> fractions;  // delay / 25 ms
  std::vector<int> buckets(25);
  for (int i = 0; i < n; ++i) {
    const auto delay = full_jitter(transient_backoff, 0, unit(random));
    ASSERT_LT(delay, 25ms);
    fractions.push_back(duration<double>(delay) / duration<double>(25ms));
    ++buckets[static_cast<std::size_t>(duration_cast<milliseconds>(delay).count())];
  }
  std::sort(fractions.begin(), fractions.end());
  double d = 0;
  for (int i = 0; i < n; ++i) {
    d = std::max({d, fractions[i] - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - fractions[i]});
  }
  EXPECT_LT(d, 1.628 / std::sqrt(n));  // the critical value of D at p = 0.01
  for (const int count : buckets) EXPECT_LE(count, 3 * n / 25);
}

const auto now = sys_days(2026y / November / 26) + 12h;

TEST(RetryAfter, DeltaSecondsAndHttpDate) {
  EXPECT_EQ(parse_retry_after("2", now), 2s);
  EXPECT_EQ(parse_retry_after(" 0 ", now), 0s);
  EXPECT_EQ(parse_retry_after("Thu, 26 Nov 2026 12:00:05 GMT", now), 5s);
  EXPECT_EQ(parse_retry_after("Thu, 26 Nov 2026 11:00:00 GMT", now), 0s);  // already past: no delay
  EXPECT_EQ(parse_retry_after("Thursday, 26-Nov-26 12:00:07 GMT", now), 7s);
}

TEST(RetryAfter, CappedAtFiveMinutes) {
  EXPECT_EQ(parse_retry_after("86400", now), 300s);
  EXPECT_EQ(parse_retry_after("99999999999999999999999", now), std::nullopt);  // not a number we read: ignored
  EXPECT_EQ(parse_retry_after("Fri, 27 Nov 2026 12:00:00 GMT", now), 300s);
}

TEST(RetryAfter, MalformedValuesAreIgnored) {
  for (const char* bad : {"", "-1", "1.5", "2s", "soon", "0x10", "+3"}) EXPECT_EQ(parse_retry_after(bad, now), std::nullopt) << bad;
}

TEST(RateLimitReset, SecondsOrUnixTime) {
  EXPECT_EQ(parse_rate_limit_reset("3", now), 3s);
  const auto epoch = duration_cast<seconds>((now + 42s).time_since_epoch()).count();
  EXPECT_EQ(parse_rate_limit_reset(std::to_string(epoch), now), 42s);
  EXPECT_EQ(parse_rate_limit_reset("abc", now), std::nullopt);
  EXPECT_EQ(parse_rate_limit_reset("179000000000000", now), 300s);  // far future: capped (found by the fuzzer)
  EXPECT_EQ(parse_rate_limit_reset("1000000000", now), 0s);         // 2001: already past
}

}  // namespace
}  // namespace gofr::service::detail
