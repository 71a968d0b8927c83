// The caller's deadline (resilience.md §11 F4, T4c): every inbound format, their precedence, and malformed values
// ignored rather than rejected.
#include "http/inbound_deadline.hpp"

#include <gtest/gtest.h>

namespace gofr::http {
namespace {

using namespace std::chrono;

const auto now = steady_clock::time_point{} + hours(1000);
const auto wall = sys_days(2026y / November / 26) + 12h;

std::optional<milliseconds> left(const DeadlineHeaders& h, bool trust_absolute = false) {
  const auto d = inbound_deadline(h, trust_absolute, now, wall);
  if (!d) return std::nullopt;
  return duration_cast<milliseconds>(*d - now);
}

TEST(InboundDeadline, T4cEveryFormat) {
  EXPECT_EQ(left({.grpc_timeout = "250m"}), 250ms);
  EXPECT_EQ(left({.grpc_timeout = "2S"}), 2000ms);
  EXPECT_EQ(left({.grpc_timeout = "1M"}), 60000ms);
  EXPECT_EQ(left({.grpc_timeout = "1H"}), 3600000ms);
  EXPECT_EQ(left({.grpc_timeout = "500000u"}), 500ms);
  EXPECT_EQ(left({.grpc_timeout = "7000000n"}), 7ms);
  EXPECT_EQ(left({.timeout_ms = "120"}), 120ms);
  EXPECT_EQ(left({.envoy_timeout_ms = "15000"}), 15000ms);
  const auto at = duration_cast<milliseconds>((wall + 3s).time_since_epoch()).count();
  EXPECT_EQ(left({.deadline = std::to_string(at)}, true), 3000ms);
  EXPECT_EQ(left({.deadline = std::to_string(at)}, false), std::nullopt);  // not trusted unless configured
}

TEST(InboundDeadline, PrecedenceIsGrpcThenOursThenAbsoluteThenEnvoy) {
  EXPECT_EQ(left({.grpc_timeout = "1S", .timeout_ms = "2000", .envoy_timeout_ms = "3000"}), 1000ms);
  EXPECT_EQ(left({.timeout_ms = "2000", .envoy_timeout_ms = "3000"}), 2000ms);
  EXPECT_EQ(left({.grpc_timeout = "bad", .timeout_ms = "2000"}), 2000ms);  // a malformed one falls through
}

TEST(InboundDeadline, T4cMalformedValuesAreIgnored) {
  for (const char* bad : {"", "-5", "1.5", "abc", "5s", "99999999999", "0x10"}) {
    EXPECT_EQ(left({.timeout_ms = bad}), std::nullopt) << bad;
  }
  for (const char* bad : {"", "S", "10", "123456789S", "10x", "-1S", "1 S", "1s"}) {
    EXPECT_EQ(left({.grpc_timeout = bad}), std::nullopt) << bad;
  }
  const auto far = duration_cast<milliseconds>((wall + hours(2)).time_since_epoch()).count();
  EXPECT_EQ(left({.deadline = std::to_string(far)}, true), std::nullopt);  // more than an hour ahead: clock skew
}

TEST(InboundDeadline, ZeroMeansAlreadyExpired) { EXPECT_EQ(left({.timeout_ms = "0"}), 0ms); }

}  // namespace
}  // namespace gofr::http
