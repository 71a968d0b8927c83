#pragma once
// How long to wait before the next attempt (resilience.md §11 F3). Full-jitter exponential backoff — uniform in
// [0, min(cap, base·2^n)) for the n-th retry — in two profiles: transient failures retry within a few tens of
// milliseconds (Envoy's defaults), throttling (429, 503) backs off from a second (AWS's). A delay the server asks
// for (Retry-After in either form, X-RateLimit-Reset) replaces the computed one, capped at 300 s.
#include <chrono>
#include <optional>
#include <string_view>

namespace gofr::service::detail {

struct BackoffProfile {
  std::chrono::milliseconds base;
  std::chrono::milliseconds cap;
};

inline constexpr BackoffProfile transient_backoff{std::chrono::milliseconds(25), std::chrono::milliseconds(250)};
inline constexpr BackoffProfile throttling_backoff{std::chrono::seconds(1), std::chrono::seconds(30)};
inline constexpr std::chrono::seconds max_server_delay{300};

// The delay before retry number `retry` (0 for the first retry), given `unit`, a uniform random number in [0, 1):
// the caller draws it, so tests can feed known values.
std::chrono::nanoseconds full_jitter(const BackoffProfile& profile, unsigned retry, double unit) noexcept;

// Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, as a delay from `now` (a date in the past is no
// delay). nullopt for a malformed value, which is ignored rather than treated as an error.
std::optional<std::chrono::nanoseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// X-RateLimit-Reset, as sent in the wild: seconds until the reset, or (values past 10^9) a Unix time in seconds.
std::optional<std::chrono::nanoseconds> parse_rate_limit_reset(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace gofr::service::detail
