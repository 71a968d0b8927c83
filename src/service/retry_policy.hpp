#pragma once
// Which failed attempts may be tried again (resilience.md §11 F2), by HTTP's rules rather than GoFr's "any error
// or status above 500, any method": safe and idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) are
// retried after a transport failure, a proxy's own error, 502, 503, 504 or 429; POST and PATCH only when the
// request provably never left (the connection was refused) or when the call carries an Idempotency-Key, identical
// on every attempt. 500 is not retried by default, 501 and 505 never; a response marked X-Retry-Exhausted (a
// service that already retried its own downstream, F6) is not retried either, and neither is a body larger than
// the replay buffer.
#include <cstddef>
#include <string_view>

#include "service/backoff.hpp"
#include "service/failure_class.hpp"

namespace gofr::service::detail {

inline constexpr std::size_t default_replay_limit = 64 * 1024;  // Linkerd's

struct AttemptOutcome {
  FailureClass failure = FailureClass::none;
  int status = 0;               // 0 without a response
  bool request_not_sent = false;  // the connection failed before any of the request was written
  bool retry_exhausted = false;   // the response carried X-Retry-Exhausted: 1
};

enum class RetryVerdict : std::uint8_t {
  retry,
  succeeded,           // nothing to retry
  not_retryable,       // this status or failure is not retried (500, 501, 505, a deadline)
  not_idempotent,      // POST/PATCH that may have reached the application, without an Idempotency-Key
  body_too_large,      // the body is larger than the replay buffer
  exhausted_downstream,  // X-Retry-Exhausted: the layer below already retried
};

std::string_view to_string(RetryVerdict v) noexcept;

bool idempotent_method(std::string_view method) noexcept;

RetryVerdict retry_verdict(std::string_view method, bool has_idempotency_key, std::size_t body_size,
                           const AttemptOutcome& outcome, std::size_t replay_limit = default_replay_limit) noexcept;

// Throttling (429, 503) backs off from a second; everything else retries within milliseconds.
const BackoffProfile& backoff_profile(const AttemptOutcome& outcome) noexcept;

}  // namespace gofr::service::detail
