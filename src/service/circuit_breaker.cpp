#include "service/circuit_breaker.hpp"

#include <algorithm>

namespace gofr::service::detail {

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options, std::chrono::milliseconds probe_timeout,
                               OnTransition on_transition)
    : options_(options),
      probe_timeout_(probe_timeout),
      on_transition_(std::move(on_transition)),
      attempts_(options.window),
      failures_(options.window),
      open_for_(options.interval) {}

void CircuitBreaker::transition(State to, Clock::time_point now, std::vector<std::pair<State, State>>& changes) {
  if (to == state_) return;
  changes.emplace_back(state_, to);
  state_ = to;
  switch (to) {
    case State::open:
      open_until_ = now + open_for_;
      probes_.clear();
      break;
    case State::half_open:
      probes_admitted_ = probes_succeeded_ = 0;
      break;
    case State::closed:
      consecutive_failures_ = 0;
      open_for_ = options_.interval;
      // A fresh start: the failures that opened the circuit must not reopen it.
      attempts_ = WindowedCounter(options_.window);
      failures_ = WindowedCounter(options_.window);
      break;
  }
}

// A failed probe, or one that never reported back: open again, for longer.
void CircuitBreaker::on_failure_while_probing(Clock::time_point now, std::vector<std::pair<State, State>>& changes) {
  open_for_ = std::min<Clock::duration>(open_for_ * 2, options_.max_open);
  transition(State::open, now, changes);
}

void CircuitBreaker::reclaim_expired_probes(Clock::time_point now, std::vector<std::pair<State, State>>& changes) {
  if (state_ != State::half_open) return;
  const bool expired = std::any_of(probes_.begin(), probes_.end(), [&](const Probe& p) { return p.expires <= now; });
  if (expired) on_failure_while_probing(now, changes);
}

CircuitBreaker::Permit CircuitBreaker::admit(Clock::time_point now) {
  std::vector<std::pair<State, State>> changes;
  Permit permit;
  {
    std::lock_guard lock(mutex_);
    reclaim_expired_probes(now, changes);
    if (state_ == State::open && now >= open_until_) transition(State::half_open, now, changes);
    switch (state_) {
      case State::closed:
        permit.allowed = true;
        break;
      case State::open:
        permit.retry_after = open_until_ - now;
        break;
      case State::half_open:
        if (probes_admitted_ < options_.half_open_probes) {
          ++probes_admitted_;
          permit.allowed = permit.probe = true;
          permit.id = next_id_++;
          probes_.push_back({permit.id, now + probe_timeout_});
        } else {
          // The probes are out: no verdict before the earliest of them reports or is reclaimed.
          Clock::time_point earliest = now + probe_timeout_;
          for (const auto& p : probes_) earliest = std::min(earliest, p.expires);
          permit.retry_after = earliest - now;
        }
        break;
    }
  }
  notify(changes);
  return permit;
}

void CircuitBreaker::release(const Permit& permit, Outcome outcome, Clock::time_point now) {
  if (!permit.allowed) return;
  std::vector<std::pair<State, State>> changes;
  {
    std::lock_guard lock(mutex_);
    if (permit.probe) {
      const auto it = std::find_if(probes_.begin(), probes_.end(), [&](const Probe& p) { return p.id == permit.id; });
      // A probe of an earlier half-open period (reclaimed, or overtaken by another probe's failure) has no say.
      if (it != probes_.end() && state_ == State::half_open) {
        probes_.erase(it);
        if (outcome == Outcome::failure) {
          on_failure_while_probing(now, changes);
        } else if (outcome == Outcome::ignored) {
          --probes_admitted_;  // no verdict: another attempt may probe in its place
        } else if (++probes_succeeded_ == options_.half_open_probes) {
          transition(State::closed, now, changes);
        }
      }
    } else if (state_ == State::closed && outcome != Outcome::ignored) {
      attempts_.add(now);
      if (outcome == Outcome::failure) {
        failures_.add(now);
        ++consecutive_failures_;
      } else {
        consecutive_failures_ = 0;
      }
      const auto attempts = attempts_.sum(now);
      const bool consecutive = options_.threshold > 0 && consecutive_failures_ >= options_.threshold;
      const bool rate = attempts >= options_.min_calls &&
                        static_cast<double>(failures_.sum(now)) >= options_.failure_rate * static_cast<double>(attempts);
      if (outcome == Outcome::failure && (consecutive || rate)) transition(State::open, now, changes);
    }
  }
  notify(changes);
}

CircuitBreaker::State CircuitBreaker::state(Clock::time_point now) {
  std::vector<std::pair<State, State>> changes;
  State current;
  {
    std::lock_guard lock(mutex_);
    reclaim_expired_probes(now, changes);
    // Open with its time up reads as half-open: the next attempt will probe.
    current = state_ == State::open && now >= open_until_ ? State::half_open : state_;
  }
  notify(changes);
  return current;
}

void CircuitBreaker::half_open_now(Clock::time_point now) {
  std::vector<std::pair<State, State>> changes;
  {
    std::lock_guard lock(mutex_);
    if (state_ == State::open) transition(State::half_open, now, changes);
  }
  notify(changes);
}

void CircuitBreaker::notify(const std::vector<std::pair<State, State>>& changes) {
  if (!on_transition_) return;
  for (const auto& [from, to] : changes) on_transition_(from, to);
}

}  // namespace gofr::service::detail
