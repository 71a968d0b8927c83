#pragma once
// Rate limit for errors that recur on every request, such as recording to a metric nobody registered: one line per
// key is logged at once, then at most one per interval, carrying how many were held back in between. Without it a
// typo in a metric name would write an ERROR line per request.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gofr::metrics {

class ErrorThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ErrorThrottle(Clock::duration interval = std::chrono::minutes(1), std::size_t max_keys = 1024)
      : interval_(interval), max_keys_(max_keys) {}

  // nullopt: stay silent. Otherwise log now; the value is how many occurrences were held back since the last line.
  // Past `max_keys` distinct keys, new keys share one slot, so the table stays bounded whatever the callers pass.
  std::optional<std::uint64_t> admit(std::string_view key, Clock::time_point now = Clock::now());

 private:
  struct Slot {
    Clock::time_point last{};
    std::uint64_t held_back = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  const Clock::duration interval_;
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Slot, Hash, std::equal_to<>> slots_;
  Slot shared_;
  bool shared_used_ = false;
};

}  // namespace gofr::metrics
