#include "service/retry_policy.hpp"

#include <array>

namespace gofr::service::detail {

std::string_view to_string(RetryVerdict v) noexcept {
  switch (v) {
    case RetryVerdict::retry: return "retry";
    case RetryVerdict::succeeded: return "succeeded";
    case RetryVerdict::not_retryable: return "not_retryable";
    case RetryVerdict::not_idempotent: return "not_idempotent";
    case RetryVerdict::body_too_large: return "body_too_large";
    case RetryVerdict::exhausted_downstream: return "exhausted_downstream";
  }
  return "retry";
}

bool idempotent_method(std::string_view method) noexcept {
  constexpr std::array<std::string_view, 6> idempotent{"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"};
  for (const auto m : idempotent) {
    if (m == method) return true;
  }
  return false;
}

RetryVerdict retry_verdict(std::string_view method, bool has_idempotency_key, std::size_t body_size,
                           const AttemptOutcome& outcome, std::size_t replay_limit) noexcept {
  switch (outcome.failure) {
    case FailureClass::none:
      return RetryVerdict::succeeded;
    case FailureClass::deadline:
      return RetryVerdict::not_retryable;
    case FailureClass::app_5xx:
      if (outcome.status != 502 && outcome.status != 503 && outcome.status != 504) return RetryVerdict::not_retryable;
      break;
    case FailureClass::transport:
    case FailureClass::proxy_local:
    case FailureClass::throttled:
      break;
  }
  if (outcome.retry_exhausted) return RetryVerdict::exhausted_downstream;
  if (body_size > replay_limit) return RetryVerdict::body_too_large;
  const bool never_reached = outcome.failure == FailureClass::transport && outcome.request_not_sent;
  if (!never_reached && !has_idempotency_key && !idempotent_method(method)) return RetryVerdict::not_idempotent;
  return RetryVerdict::retry;
}

const BackoffProfile& backoff_profile(const AttemptOutcome& outcome) noexcept {
  const bool throttling = outcome.failure == FailureClass::throttled || outcome.status == 503;
  return throttling ? throttling_backoff : transient_backoff;
}

}  // namespace gofr::service::detail
