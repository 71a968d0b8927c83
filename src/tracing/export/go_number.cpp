#include "tracing/export/go_number.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace gofr::tracing {

namespace {

// The shortest decimal that round-trips, as Go's strconv computes it: value = 0.digits × 10^point. std::to_chars
// picks the same digits (the shortest string, and of those the closest to the exact value), so only the layout
// around them is Go-specific.
struct Decimal {
  char digits[24];
  int count = 0;
  int point = 0;
};

Decimal shortest(double magnitude) {
  Decimal d;
  char buffer[48];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));  // "d.ddde+XX" or "de-XX"
  const auto e = text.find('e');
  for (std::size_t i = 0; i < e; ++i) {
    if (text[i] != '.') d.digits[d.count++] = text[i];
  }
  int exponent = 0;
  std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(), exponent);
  d.point = exponent + 1;
  return d;
}

void append_fixed(std::string& out, const Decimal& d) {
  if (d.point <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-d.point), '0').append(d.digits, d.count);
  } else if (d.point >= d.count) {
    out.append(d.digits, d.count).append(static_cast<std::size_t>(d.point - d.count), '0');
  } else {
    out.append(d.digits, d.point).push_back('.');
    out.append(d.digits + d.point, d.count - d.point);
  }
}

// d[.ddd]e±XX, the exponent padded to `min_exponent_digits`.
void append_exponent(std::string& out, const Decimal& d, int min_exponent_digits) {
  out.push_back(d.digits[0]);
  if (d.count > 1) out.append(".").append(d.digits + 1, d.count - 1);
  int exponent = d.point - 1;
  out.push_back('e');
  out.push_back(exponent < 0 ? '-' : '+');
  if (exponent < 0) exponent = -exponent;
  char digits[8];
  const auto end = std::to_chars(digits, digits + sizeof digits, exponent).ptr;
  const auto written = static_cast<int>(end - digits);
  if (written < min_exponent_digits) out.append(static_cast<std::size_t>(min_exponent_digits - written), '0');
  out.append(digits, end);
}

}  // namespace

bool append_go_float(std::string& out, double value, GoFloat format) {
  if (std::isnan(value) || std::isinf(value)) {
    if (format == GoFloat::json) return false;
    out.append(std::isnan(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
    return true;
  }
  if (std::signbit(value)) out.push_back('-');
  const double magnitude = std::fabs(value);
  if (magnitude == 0) {
    out.push_back('0');
    return true;
  }
  const Decimal d = shortest(magnitude);
  switch (format) {
    case GoFloat::strconv_f:
      append_fixed(out, d);
      break;
    case GoFloat::fmt_v:
      // strconv's shortest 'g' switches to %e when the exponent is < -4 or >= 6 (its "precision 6" rule).
      if (d.point - 1 < -4 || d.point - 1 >= 6) {
        append_exponent(out, d, 2);
      } else {
        append_fixed(out, d);
      }
      break;
    case GoFloat::json:
      // encoding/json's float encoder; it trims "e-07" to "e-7", and exponents of 21 and up already have two digits.
      if (magnitude < 1e-6 || magnitude >= 1e21) {
        append_exponent(out, d, 1);
      } else {
        append_fixed(out, d);
      }
      break;
  }
  return true;
}

}  // namespace gofr::tracing
