#pragma once
// The circuit breaker of one downstream service (resilience.md §11 F5), with GoFr's two settings kept and its
// quirks fixed: it opens after `threshold` consecutive failed attempts (GoFr: one more) or when at least half of
// the last window's attempts failed (at least `min_calls` of them); it stays open for `interval`, then admits
// exactly `half_open_probes` attempts from real traffic. All succeed: closed again. One fails: open again, for
// twice as long (up to `max_open`). A probe whose result never comes (its caller vanished) is reclaimed as a
// failure after `probe_timeout`, so the breaker cannot stick half-open. Breakers count attempts, not logical calls.
// Thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "gofr/service/options.hpp"
#include "service/windowed_counter.hpp"

namespace gofr::service::detail {

// The policy is the public option (gofr/service/options.hpp), read as it is.
using CircuitBreakerOptions = gofr::service::CircuitBreaker;

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State : std::uint8_t { closed, open, half_open };
  enum class Outcome : std::uint8_t { success, failure, ignored };  // ignored: a 4xx, a 429, a cancelled attempt
  using OnTransition = std::function<void(State from, State to)>;

  // What admit() decided. A denied attempt is not sent; `retry_after` says when the breaker may admit again.
  struct Permit {
    bool allowed = false;
    bool probe = false;
    std::uint64_t id = 0;
    Clock::duration retry_after{};
  };

  // `probe_timeout` (the service's per-attempt timeout) bounds how long a half-open probe may hold its permit.
  explicit CircuitBreaker(CircuitBreakerOptions options = {}, std::chrono::milliseconds probe_timeout = std::chrono::seconds(30),
                          OnTransition on_transition = {});

  Permit admit(Clock::time_point now);
  // Every allowed permit is released exactly once, with the attempt's outcome.
  void release(const Permit& permit, Outcome outcome, Clock::time_point now);

  State state(Clock::time_point now);
  // The service's health endpoint answered while open: half-open now, so real traffic probes it without waiting
  // out the open time. Does nothing in any other state.
  void half_open_now(Clock::time_point now);

 private:
  struct Probe {
    std::uint64_t id;
    Clock::time_point expires;
  };

  // All under mutex_.
  void transition(State to, Clock::time_point now, std::vector<std::pair<State, State>>& changes);
  void reclaim_expired_probes(Clock::time_point now, std::vector<std::pair<State, State>>& changes);
  void on_failure_while_probing(Clock::time_point now, std::vector<std::pair<State, State>>& changes);
  void notify(const std::vector<std::pair<State, State>>& changes);

  const CircuitBreakerOptions options_;
  const std::chrono::milliseconds probe_timeout_;
  const OnTransition on_transition_;
  std::mutex mutex_;
  State state_ = State::closed;
  int consecutive_failures_ = 0;
  WindowedCounter attempts_;
  WindowedCounter failures_;
  Clock::time_point open_until_{};
  Clock::duration open_for_;
  std::vector<Probe> probes_;  // admitted in this half-open period and not yet released
  int probes_admitted_ = 0;
  int probes_succeeded_ = 0;
  std::uint64_t next_id_ = 1;
};

}  // namespace gofr::service::detail
