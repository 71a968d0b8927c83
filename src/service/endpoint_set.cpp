#include "service/endpoint_set.hpp"

#include <algorithm>
#include <cmath>

namespace gofr::service::detail {

namespace chr = std::chrono;

EndpointSet::EndpointSet(std::size_t count, OutlierDetection options)
    : options_(options), states_(std::max<std::size_t>(count, 1)) {}

std::size_t EndpointSet::pick(Clock::time_point now, std::size_t avoid) {
  if (states_.size() == 1) return 0;
  const std::lock_guard lock(mutex_);
  std::size_t fallback = none;
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const std::size_t candidate = (next_ + i) % states_.size();
    if (states_[candidate].ejected_until > now) continue;
    if (candidate == avoid) {
      fallback = candidate;
      continue;
    }
    next_ = candidate + 1;
    return candidate;
  }
  if (fallback != none) return fallback;
  // Unreachable while the last endpoint is never ejected; kept total for safety: the one back soonest.
  const auto soonest = std::min_element(states_.begin(), states_.end(), [](const State& a, const State& b) {
    return a.ejected_until < b.ejected_until;
  });
  return static_cast<std::size_t>(soonest - states_.begin());
}

bool EndpointSet::record(std::size_t endpoint, bool failed, Clock::time_point now, double jitter_unit) {
  if (states_.size() == 1 || endpoint >= states_.size()) return false;
  const std::lock_guard lock(mutex_);
  auto& state = states_[endpoint];
  if (!failed) {
    state = State{};
    return false;
  }
  ++state.consecutive_failures;
  // On probation (ejected before, no success since), one failure is enough.
  const bool due = state.consecutive_failures >= options_.consecutive_failures || state.ejections > 0;
  if (!due || state.ejected_until > now || !may_eject(now)) return false;
  const double factor = std::ldexp(1.0, std::min(state.ejections, 30));
  const auto penalty = std::min(chr::duration<double>(options_.base_ejection) * factor,
                                chr::duration<double>(options_.max_ejection)) *
                       (1.0 + 0.5 * jitter_unit);
  state.ejected_until = now + chr::duration_cast<Clock::duration>(penalty);
  ++state.ejections;
  state.consecutive_failures = 0;
  return true;
}

bool EndpointSet::ejected(std::size_t endpoint, Clock::time_point now) const {
  const std::lock_guard lock(mutex_);
  return endpoint < states_.size() && states_[endpoint].ejected_until > now;
}

bool EndpointSet::may_eject(Clock::time_point now) const {
  const auto out = static_cast<std::size_t>(
      std::count_if(states_.begin(), states_.end(), [now](const State& s) { return s.ejected_until > now; }));
  const std::size_t cap = std::max<std::size_t>(1, states_.size() * static_cast<std::size_t>(options_.max_ejected_percent) / 100);
  return out < cap && out + 1 < states_.size();
}

}  // namespace gofr::service::detail
