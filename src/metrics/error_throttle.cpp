#include "metrics/error_throttle.hpp"

#include <utility>

namespace gofr::metrics {

std::optional<std::uint64_t> ErrorThrottle::admit(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Slot* slot = nullptr;
  bool first = false;
  if (const auto it = slots_.find(key); it != slots_.end()) {
    slot = &it->second;
  } else if (slots_.size() < max_keys_) {
    slot = &slots_.emplace(std::string(key), Slot{}).first->second;
    first = true;
  } else {
    slot = &shared_;
    first = !shared_used_;
    shared_used_ = true;
  }
  if (!first && now - slot->last < interval_) {
    ++slot->held_back;
    return std::nullopt;
  }
  slot->last = now;
  return std::exchange(slot->held_back, 0);
}

}  // namespace gofr::metrics
