#pragma once
// HTTP-date (RFC 9110 §5.6.7): recipients must accept all three forms — IMF-fixdate ("Sun, 06 Nov 1994 08:49:37
// GMT"), the obsolete RFC 850 form ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994") —
// and senders use only the first. Used for Retry-After; the server's own Date header is formatted in wire.cpp.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gofr::http {

// nullopt unless `text` is one of the three forms with a real calendar date (weekday names are checked for form,
// not against the date, as most implementations do). A two-digit RFC 850 year more than 50 years in the future is
// taken as the past century (§5.6.7). Years before 1900 or after 2200 are not read: the clock cannot hold most
// of them.
std::optional<std::chrono::system_clock::time_point> parse_http_date(
    std::string_view text, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// IMF-fixdate, whole seconds.
std::string format_http_date(std::chrono::system_clock::time_point time);

}  // namespace gofr::http
