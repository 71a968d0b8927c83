#include "http/inbound_deadline.hpp"

#include <charconv>
#include <cstdint>

#include "util/http_grammar.hpp"

namespace gofr::http {

namespace chr = std::chrono;

namespace {

// Non-negative decimal with at most `max_digits` digits, nothing else.
std::optional<std::int64_t> digits(std::string_view text, std::size_t max_digits) {
  text = util::trim_ows(text);
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<chr::nanoseconds> parse_grpc_timeout(std::string_view value) {
  if (value.size() < 2) return std::nullopt;
  const auto amount = digits(value.substr(0, value.size() - 1), 8);
  if (!amount || value.substr(0, value.size() - 1).find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  switch (value.back()) {
    case 'H': return chr::hours(*amount);
    case 'M': return chr::minutes(*amount);
    case 'S': return chr::seconds(*amount);
    case 'm': return chr::milliseconds(*amount);
    case 'u': return chr::microseconds(*amount);
    case 'n': return chr::nanoseconds(*amount);
    default: return std::nullopt;
  }
}

std::optional<chr::steady_clock::time_point> inbound_deadline(const DeadlineHeaders& headers, bool trust_absolute,
                                                              chr::steady_clock::time_point now,
                                                              chr::system_clock::time_point wall_now) {
  if (!headers.grpc_timeout.empty()) {
    if (const auto timeout = parse_grpc_timeout(headers.grpc_timeout)) return now + *timeout;
  }
  // 10 digits of milliseconds is over three months: anything longer is not a deadline anyone means.
  if (!headers.timeout_ms.empty()) {
    if (const auto ms = digits(headers.timeout_ms, 10)) return now + chr::milliseconds(*ms);
  }
  if (trust_absolute && !headers.deadline.empty()) {
    if (const auto at = digits(headers.deadline, 15)) {
      const auto left = chr::system_clock::time_point(chr::milliseconds(*at)) - wall_now;
      if (left < chr::hours(1)) return now + chr::duration_cast<chr::steady_clock::duration>(left);
    }
  }
  if (!headers.envoy_timeout_ms.empty()) {
    if (const auto ms = digits(headers.envoy_timeout_ms, 10)) return now + chr::milliseconds(*ms);
  }
  return std::nullopt;
}

}  // namespace gofr::http
