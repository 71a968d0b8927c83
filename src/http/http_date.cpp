#include "http/http_date.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace gofr::http {

namespace {

namespace chr = std::chrono;

constexpr std::array<std::string_view, 7> short_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> long_days{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A cursor over the text; every reader consumes exactly what it matches or fails.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool literal(std::string_view s) {
    if (text_.substr(0, s.size()) != s) return false;
    text_.remove_prefix(s.size());
    return true;
  }
  // Exactly `count` digits.
  bool digits(int count, int& value) {
    if (text_.size() < static_cast<std::size_t>(count)) return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
      const char c = text_[static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    text_.remove_prefix(static_cast<std::size_t>(count));
    return true;
  }
  template <std::size_t N>
  bool one_of(const std::array<std::string_view, N>& names, int& index) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) {
        index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
  bool done() const noexcept { return text_.empty(); }

 private:
  std::string_view text_;
};

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool time_of_day(Reader& r, Fields& f) {
  return r.digits(2, f.hour) && r.literal(":") && r.digits(2, f.minute) && r.literal(":") && r.digits(2, f.second);
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
bool imf_fixdate(std::string_view text, Fields& f) {
  Reader r(text);
  int unused;
  return r.one_of(short_days, unused) && r.literal(", ") && r.digits(2, f.day) && r.literal(" ") &&
         r.one_of(months, f.month) && r.literal(" ") && r.digits(4, f.year) && r.literal(" ") && time_of_day(r, f) &&
         r.literal(" GMT") && r.done();
}

// "Sunday, 06-Nov-94 08:49:37 GMT"
bool rfc850(std::string_view text, Fields& f) {
  Reader r(text);
  int unused;
  return r.one_of(long_days, unused) && r.literal(", ") && r.digits(2, f.day) && r.literal("-") &&
         r.one_of(months, f.month) && r.literal("-") && r.digits(2, f.year) && r.literal(" ") && time_of_day(r, f) &&
         r.literal(" GMT") && r.done();
}

// "Sun Nov  6 08:49:37 1994": the day is two digits or a space and one digit.
bool asctime(std::string_view text, Fields& f) {
  Reader r(text);
  int unused;
  if (!(r.one_of(short_days, unused) && r.literal(" ") && r.one_of(months, f.month) && r.literal(" "))) return false;
  if (!(r.literal(" ") ? r.digits(1, f.day) : r.digits(2, f.day))) return false;
  return r.literal(" ") && time_of_day(r, f) && r.literal(" ") && r.digits(4, f.year) && r.done();
}

// Years this clock can hold: system_clock counts nanoseconds in 64 bits, about 1678 to 2262. HTTP dates outside a
// generous window around now are not read (a Retry-After in year 895 or 9999 is nonsense, not a delay).
constexpr int first_year = 1900, last_year = 2200;

std::optional<chr::system_clock::time_point> to_time(const Fields& f) {
  if (f.year < first_year || f.year > last_year) return std::nullopt;
  const chr::year_month_day date{chr::year(f.year), chr::month(static_cast<unsigned>(f.month + 1)),
                                 chr::day(static_cast<unsigned>(f.day))};
  // 60 is a leap second, which system_clock cannot represent: it is read as the next second.
  if (!date.ok() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  return chr::sys_days(date) + chr::hours(f.hour) + chr::minutes(f.minute) + chr::seconds(f.second);
}

}  // namespace

std::optional<chr::system_clock::time_point> parse_http_date(std::string_view text, chr::system_clock::time_point now) {
  Fields f;
  if (imf_fixdate(text, f) || asctime(text, f)) return to_time(f);
  if (!rfc850(text, f)) return std::nullopt;
  // §5.6.7: a two-digit year that looks more than 50 years in the future is the most recent past year with those
  // digits.
  const int this_year = static_cast<int>(chr::year_month_day(chr::floor<chr::days>(now)).year());
  int year = this_year - this_year % 100 + f.year;
  if (year > this_year + 50) year -= 100;
  f.year = year;
  return to_time(f);
}

std::string format_http_date(chr::system_clock::time_point time) {
  const auto days = chr::floor<chr::days>(time);
  const chr::year_month_day date(days);
  const chr::hh_mm_ss clock(chr::floor<chr::seconds>(time - days));
  const auto weekday = chr::weekday(days).c_encoding();
  char out[32];
  const int n = std::snprintf(out, sizeof out, "%s, %02u %s %04d %02d:%02d:%02d GMT", short_days[weekday].data(),
                              static_cast<unsigned>(date.day()),
                              months[static_cast<unsigned>(date.month()) - 1].data(), static_cast<int>(date.year()),
                              static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                              static_cast<int>(clock.seconds().count()));
  return std::string(out, static_cast<std::size_t>(n));
}

}  // namespace gofr::http
