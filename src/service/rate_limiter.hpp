#pragma once
// The client-side rate limit of one downstream service (resilience.md §11 F9; GoFr's RateLimiterConfig): a token
// bucket with a fractional refill rate, so 5 requests a minute works (GoFr's integer refill stops at 0), that
// starts full. When it is empty, a call is either rejected at once (with the time until a token is due) or waits
// for its token — never longer than `max_wait` and never past the call's deadline. A 429 with Retry-After pauses
// the bucket for every caller until then. Thread-safe.
#include <chrono>
#include <mutex>

#include "gofr/service/options.hpp"

namespace gofr::service::detail {

// The policy is the public option (gofr/service/options.hpp): a requests or window ≤ 0 means 60 a minute, a
// burst ≤ 0 means max(1, requests).
using RateLimiterOptions = gofr::service::RateLimiter;

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    enum class Kind { go, wait, reject } kind = Kind::go;
    Clock::duration delay{};  // wait: sleep this long, then go; reject: when a token (or the pause's end) is due
    bool past_deadline = false;  // rejected because waiting would end after the deadline
  };

  explicit RateLimiter(RateLimiterOptions options);

  // Takes a token now, or reserves the next one (wait mode) if it is due within max_wait and before `deadline`.
  Decision acquire(Clock::time_point now, Clock::time_point deadline = Clock::time_point::max());
  // No token before `until` (a 429's Retry-After).
  void pause_until(Clock::time_point until);

  double rate_per_second() const noexcept { return rate_; }
  double burst() const noexcept { return burst_; }

 private:
  void refill(Clock::time_point now);  // under mutex_

  const RateLimiterOptions::Mode mode_;
  const Clock::duration max_wait_;
  double rate_;   // tokens per second
  double burst_;
  std::mutex mutex_;
  double tokens_;  // negative when waiting callers have reserved tokens not yet refilled
  Clock::time_point refilled_{};
  bool started_ = false;
  Clock::time_point paused_until_{};
};

}  // namespace gofr::service::detail
