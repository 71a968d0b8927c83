// HTTP-date and Retry-After parsing: whatever parses as a date formats as IMF-fixdate and reads back the same;
// a delay is never negative and never above the 300 s cap.
#include <cstdlib>

#include "http/http_date.hpp"
#include "service/backoff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace std::chrono;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto now = sys_days(year(2026) / 11 / 26);
  if (const auto date = gofr::http::parse_http_date(input, now)) {
    const auto again = gofr::http::parse_http_date(gofr::http::format_http_date(*date), now);
    if (!again || *again != *date) std::abort();
  }
  for (const auto delay : {gofr::service::detail::parse_retry_after(input, now), gofr::service::detail::parse_rate_limit_reset(input, now)}) {
    if (delay && (*delay < nanoseconds::zero() || *delay > gofr::service::detail::max_server_delay)) std::abort();
  }
  return 0;
}
