// Retry classification (resilience.md §11 F2): T2a, T2b and T2d at the decision level; the end-to-end versions run
// against the fault server.
#include "service/retry_policy.hpp"

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

AttemptOutcome response(int status, FailureClass failure) { return {.failure = failure, .status = status}; }
const AttemptOutcome app_503 = response(503, FailureClass::app_5xx);

TEST(RetryPolicy, IdempotentMethodsRetryTheRetryableStatuses) {
  for (const char* method : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}) {
    for (const int status : {502, 503, 504}) {
      EXPECT_EQ(retry_verdict(method, false, 0, response(status, FailureClass::app_5xx)), RetryVerdict::retry)
          << method << " " << status;
    }
    EXPECT_EQ(retry_verdict(method, false, 0, response(429, FailureClass::throttled)), RetryVerdict::retry);
    EXPECT_EQ(retry_verdict(method, false, 0, response(503, FailureClass::proxy_local)), RetryVerdict::retry);
    EXPECT_EQ(retry_verdict(method, false, 0, {.failure = FailureClass::transport}), RetryVerdict::retry);
  }
}

TEST(RetryPolicy, FiveHundredIsNotRetriedAndFiveOhOneAndFiveOhFiveNever) {
  for (const int status : {500, 501, 505, 507}) {
    EXPECT_EQ(retry_verdict("GET", true, 0, response(status, FailureClass::app_5xx)), RetryVerdict::not_retryable)
        << status;
  }
}

TEST(RetryPolicy, SuccessesAndClientErrorsAreNotRetried) {
  EXPECT_EQ(retry_verdict("GET", false, 0, response(200, FailureClass::none)), RetryVerdict::succeeded);
  EXPECT_EQ(retry_verdict("GET", false, 0, response(404, FailureClass::none)), RetryVerdict::succeeded);
  EXPECT_EQ(retry_verdict("GET", false, 0, {.failure = FailureClass::deadline}), RetryVerdict::not_retryable);
}

// T2a: a POST that got 503 is not retried, unless it carries an Idempotency-Key.
TEST(RetryPolicy, T2aPostIsRetriedOnlyWithAnIdempotencyKey) {
  EXPECT_EQ(retry_verdict("POST", false, 10, app_503), RetryVerdict::not_idempotent);
  EXPECT_EQ(retry_verdict("PATCH", false, 10, app_503), RetryVerdict::not_idempotent);
  EXPECT_EQ(retry_verdict("POST", true, 10, app_503), RetryVerdict::retry);
  // A reset after the request was written may have reached the application.
  EXPECT_EQ(retry_verdict("POST", false, 10, {.failure = FailureClass::transport}), RetryVerdict::not_idempotent);
}

// T2b: a POST whose connection was refused never reached anyone: retried.
TEST(RetryPolicy, T2bPostOnARefusedConnectionIsRetried) {
  EXPECT_EQ(retry_verdict("POST", false, 10, {.failure = FailureClass::transport, .request_not_sent = true}),
            RetryVerdict::retry);
}

// T2d: a body larger than the replay buffer is not retried, with its own reason.
TEST(RetryPolicy, T2dBodiesBeyondTheReplayBuffer) {
  EXPECT_EQ(retry_verdict("PUT", false, 64 * 1024, app_503), RetryVerdict::retry);
  EXPECT_EQ(retry_verdict("PUT", false, 64 * 1024 + 1, app_503), RetryVerdict::body_too_large);
}

TEST(RetryPolicy, ExhaustedDownstreamsAreNotRetriedAcrossHops) {
  auto exhausted = app_503;
  exhausted.retry_exhausted = true;
  EXPECT_EQ(retry_verdict("GET", false, 0, exhausted), RetryVerdict::exhausted_downstream);
}

TEST(RetryPolicy, ThrottlingBacksOffFromASecond) {
  EXPECT_EQ(backoff_profile(response(429, FailureClass::throttled)).base, std::chrono::seconds(1));
  EXPECT_EQ(backoff_profile(app_503).base, std::chrono::seconds(1));
  EXPECT_EQ(backoff_profile(response(502, FailureClass::app_5xx)).base, std::chrono::milliseconds(25));
  EXPECT_EQ(backoff_profile({.failure = FailureClass::transport}).base, std::chrono::milliseconds(25));
}

}  // namespace
}  // namespace gofr::service::detail
