#include "service/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace gofr::service::detail {

namespace chr = std::chrono;

RateLimiter::RateLimiter(RateLimiterOptions options) : mode_(options.mode), max_wait_(options.max_wait) {
  const double requests = options.requests > 0 ? options.requests : 60;
  const auto window = options.window > chr::milliseconds::zero() ? options.window : chr::milliseconds(60000);
  rate_ = requests / chr::duration<double>(window).count();
  burst_ = options.burst > 0 ? options.burst : std::max(1.0, requests);
  tokens_ = burst_;
}

void RateLimiter::refill(Clock::time_point now) {
  if (!started_) {
    started_ = true;
    refilled_ = now;
    return;
  }
  if (now <= refilled_) return;
  tokens_ = std::min(burst_, tokens_ + rate_ * chr::duration<double>(now - refilled_).count());
  refilled_ = now;
}

RateLimiter::Decision RateLimiter::acquire(Clock::time_point now, Clock::time_point deadline) {
  std::lock_guard lock(mutex_);
  refill(now);
  // Time until the bucket holds one more token than now, and the pause, whichever ends later.
  const auto due = [&](double tokens) {
    const auto refill_time = tokens >= 1 ? Clock::duration::zero()
                                         : chr::ceil<Clock::duration>(chr::duration<double>((1 - tokens) / rate_));  // never early
    return std::max(refill_time, paused_until_ > now ? paused_until_ - now : Clock::duration::zero());
  };
  Decision decision;
  const auto delay = due(tokens_);
  if (delay == Clock::duration::zero()) {
    tokens_ -= 1;
    return decision;
  }
  decision.delay = delay;
  if (mode_ == RateLimiterOptions::Mode::reject || delay > max_wait_) {
    decision.kind = Decision::Kind::reject;
    return decision;
  }
  if (deadline - now < delay) {
    decision.kind = Decision::Kind::reject;
    decision.past_deadline = true;
    return decision;
  }
  tokens_ -= 1;  // reserved: the next caller queues behind this one
  decision.kind = Decision::Kind::wait;
  return decision;
}

void RateLimiter::pause_until(Clock::time_point until) {
  std::lock_guard lock(mutex_);
  paused_until_ = std::max(paused_until_, until);
}

}  // namespace gofr::service::detail
