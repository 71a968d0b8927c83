#include "logging/timestamp.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string_view>

#include <fmt/format.h>

namespace gofr::logging {

namespace {

// localtime_r is comparatively slow (it consults the zone rules); the offset only changes with DST, so the
// broken-down time of the current second is cached per thread. The fields are sized so that write_rfc3339 copies
// them whole (fixed-size copies compile to a few moves) and then advances by their length.
struct SecondCache {
  std::time_t second = -1;
  char prefix[24] = {};  // 2006-01-02T15:04:05
  std::size_t prefix_length = 0;
  char offset[8] = {};          // Z or -07:00
  char numeric_offset[8] = {};  // +00:00 or -07:00
  std::size_t offset_length = 0, numeric_offset_length = 0;
};

void fill(SecondCache& cache, std::time_t seconds) {
  std::tm tm{};
  ::localtime_r(&seconds, &tm);
  cache.prefix_length = std::strftime(cache.prefix, sizeof cache.prefix, "%Y-%m-%dT%H:%M:%S", &tm);
  const long off = tm.tm_gmtoff;
  const long a = off < 0 ? -off : off;
  const auto numeric = fmt::format_to_n(cache.numeric_offset, sizeof cache.numeric_offset, "{}{:02}:{:02}",
                                        off < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
  cache.numeric_offset_length = numeric.size;
  if (off == 0) {
    cache.offset[0] = 'Z';
    cache.offset_length = 1;
  } else {
    std::memcpy(cache.offset, cache.numeric_offset, sizeof cache.offset);
    cache.offset_length = cache.numeric_offset_length;
  }
  cache.second = seconds;
}

const SecondCache& cached(std::time_t seconds) {
  thread_local SecondCache cache;
  if (cache.second != seconds) [[unlikely]] fill(cache, seconds);
  return cache;
}

}  // namespace

char* write_rfc3339(char* out, std::chrono::system_clock::time_point t, Utc utc) {
  static_assert(rfc3339_max_size >= sizeof SecondCache::prefix + 10 + sizeof SecondCache::offset);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  const auto seconds = static_cast<std::time_t>(ns / 1'000'000'000);
  auto fraction = static_cast<unsigned>(ns % 1'000'000'000);
  const auto& c = cached(seconds);
  std::memcpy(out, c.prefix, sizeof c.prefix);
  out += c.prefix_length;
  if (fraction != 0) {
    // Nine digits written by hand, two at a time, then the trailing zeros dropped (Go's RFC3339Nano): no format
    // string to parse on a path every log line takes.
    static constexpr char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    out[0] = '.';
    for (int i = 8; i >= 2; i -= 2) {
      std::memcpy(out + i, pairs + 2 * (fraction % 100), 2);
      fraction /= 100;
    }
    out[1] = static_cast<char>('0' + fraction);
    out += 10;
    while (out[-1] == '0') --out;
  }
  const bool numeric = utc == Utc::as_offset;
  std::memcpy(out, numeric ? c.numeric_offset : c.offset, sizeof c.offset);
  return out + (numeric ? c.numeric_offset_length : c.offset_length);
}

void append_rfc3339(std::string& out, std::chrono::system_clock::time_point t, Utc utc) {
  char text[rfc3339_max_size];
  out.append(text, static_cast<std::size_t>(write_rfc3339(text, t, utc) - text));
}

void append_clock_time(std::string& out) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::string_view prefix = cached(now).prefix;
  out.append(prefix.substr(11, 8));
}

}  // namespace gofr::logging
