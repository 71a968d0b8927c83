// Go's float spellings, against what Go 1.19 prints for the same values: strconv.FormatFloat(v, 'f', -1, 64),
// fmt.Sprint(v) and json.Marshal([]float64{v}).
#include "tracing/export/go_number.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace gofr::tracing {
namespace {

struct Case {
  double value;
  const char* strconv_f;
  const char* fmt_v;
  const char* json;  // nullptr: json.Marshal fails
};

std::string spell(double v, GoFloat format) {
  std::string out = "x";  // appends, never replaces
  if (!append_go_float(out, v, format)) return "<fail>";
  return out.substr(1);
}

TEST(GoNumber, MatchesGo) {
  const Case cases[] = {
      {0, "0", "0", "0"},
      {-0.0, "-0", "-0", "-0"},
      {1, "1", "1", "1"},
      {1.5, "1.5", "1.5", "1.5"},
      {-2.25, "-2.25", "-2.25", "-2.25"},
      {1e6, "1000000", "1e+06", "1000000"},
      {123456, "123456", "123456", "123456"},
      {1234567, "1234567", "1.234567e+06", "1234567"},
      {1e20, "100000000000000000000", "1e+20", "100000000000000000000"},
      {1e21, "1000000000000000000000", "1e+21", "1e+21"},
      {1e23, "100000000000000000000000", "1e+23", "1e+23"},
      {1e-4, "0.0001", "0.0001", "0.0001"},
      {1e-5, "0.00001", "1e-05", "0.00001"},
      {1e-6, "0.000001", "1e-06", "0.000001"},
      {1e-7, "0.0000001", "1e-07", "1e-7"},
      {0.1, "0.1", "0.1", "0.1"},
      {1.0 / 3, "0.3333333333333333", "0.3333333333333333", "0.3333333333333333"},
      {100, "100", "100", "100"},
      {12345678.9, "12345678.9", "1.23456789e+07", "12345678.9"},
      {5e-324, nullptr, "5e-324", "5e-324"},
      {std::numeric_limits<double>::max(), nullptr, "1.7976931348623157e+308", "1.7976931348623157e+308"},
      {INFINITY, "+Inf", "+Inf", nullptr},
      {-INFINITY, "-Inf", "-Inf", nullptr},
      {NAN, "NaN", "NaN", nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.fmt_v);
    if (c.strconv_f) {
      EXPECT_EQ(spell(c.value, GoFloat::strconv_f), c.strconv_f);
    }
    EXPECT_EQ(spell(c.value, GoFloat::fmt_v), c.fmt_v);
    EXPECT_EQ(spell(c.value, GoFloat::json), c.json ? c.json : "<fail>");
  }
}

TEST(GoNumber, FixedNeverUsesAnExponent) {
  // The extremes print every digit: 5e-324 is "0." then 323 zeros then "5"; the largest double has 309 digits.
  const auto tiny = spell(5e-324, GoFloat::strconv_f);
  EXPECT_EQ(tiny, "0." + std::string(323, '0') + "5");
  const auto huge = spell(std::numeric_limits<double>::max(), GoFloat::strconv_f);
  EXPECT_EQ(huge, "17976931348623157" + std::string(292, '0'));
}

}  // namespace
}  // namespace gofr::tracing
