#pragma once
// A count over a sliding time window, kept in ten slots (so it forgets in steps of a tenth of the window), for the
// retry budget and the adaptive throttle. Not thread-safe: its owner locks.
#include <array>
#include <chrono>
#include <cstdint>

namespace gofr::service::detail {

class WindowedCounter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int slots = 10;

  explicit WindowedCounter(Clock::duration window) : slot_(window / slots) {}

  void add(Clock::time_point now, std::int64_t n = 1) {
    advance(now);
    counts_[index(current_)] += n;
  }

  // The sum over the window ending at `now`.
  std::int64_t sum(Clock::time_point now) {
    advance(now);
    std::int64_t total = 0;
    for (const auto c : counts_) total += c;
    return total;
  }

 private:
  static std::size_t index(std::int64_t slot) { return static_cast<std::size_t>(slot % slots); }

  // Empties the slots that fell out of the window since the last call.
  void advance(Clock::time_point now) {
    const std::int64_t slot = now.time_since_epoch() / slot_;
    if (slot <= current_) return;
    const auto stale = std::min<std::int64_t>(slot - current_, slots);
    for (std::int64_t i = 1; i <= stale; ++i) counts_[index(current_ + i)] = 0;
    current_ = slot;
  }

  Clock::duration slot_;
  std::int64_t current_ = 0;
  std::array<std::int64_t, slots> counts_{};
};

}  // namespace gofr::service::detail
