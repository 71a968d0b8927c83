#include "service/backoff.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "http/http_date.hpp"
#include "util/http_grammar.hpp"

namespace gofr::service::detail {

namespace chr = std::chrono;

namespace {

// Whole non-negative seconds, digits only; saturates instead of overflowing (the delay is capped anyway).
std::optional<std::uint64_t> seconds_value(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

chr::nanoseconds capped(chr::nanoseconds delay) {
  return std::clamp<chr::nanoseconds>(delay, chr::nanoseconds::zero(), max_server_delay);
}

chr::nanoseconds seconds(std::uint64_t n) {
  return n >= static_cast<std::uint64_t>(max_server_delay.count()) ? chr::nanoseconds(max_server_delay)
                                                                    : chr::nanoseconds(chr::seconds(n));
}

}  // namespace

chr::nanoseconds full_jitter(const BackoffProfile& profile, unsigned retry, double unit) noexcept {
  // base·2^retry, without overflow: past the cap the ceiling is the cap.
  chr::nanoseconds ceiling = profile.cap;
  if (retry < 32) ceiling = std::min<chr::nanoseconds>(profile.cap, profile.base * (std::int64_t{1} << retry));
  const double u = std::clamp(unit, 0.0, 1.0);
  const auto delay = chr::nanoseconds(static_cast<std::int64_t>(u * static_cast<double>(ceiling.count())));
  return std::min(delay, ceiling - chr::nanoseconds(ceiling > chr::nanoseconds::zero() ? 1 : 0));
}

std::optional<chr::nanoseconds> parse_retry_after(std::string_view value, chr::system_clock::time_point now) {
  value = util::trim_ows(value);
  if (const auto n = seconds_value(value)) return seconds(*n);
  const auto date = http::parse_http_date(value, now);
  if (!date) return std::nullopt;
  return capped(*date - now);
}

std::optional<chr::nanoseconds> parse_rate_limit_reset(std::string_view value, chr::system_clock::time_point now) {
  const auto n = seconds_value(util::trim_ows(value));
  if (!n) return std::nullopt;
  if (*n < 1'000'000'000) return seconds(*n);
  // A Unix time: compared in whole seconds, so a value from the far future cannot overflow nanoseconds.
  const auto now_seconds = static_cast<std::uint64_t>(chr::duration_cast<chr::seconds>(now.time_since_epoch()).count());
  return *n <= now_seconds ? chr::nanoseconds::zero() : seconds(*n - now_seconds);
}

}  // namespace gofr::service::detail
