#pragma once
// Go's spellings of a float64. GoFr's exporters stringify attributes with Go's strconv, fmt and encoding/json, and
// a backend that indexes tags sees those exact strings, so the exporters that mirror them (Zipkin, GoFr) must spell
// numbers the same way. All three start from the shortest decimal that reads back as the same double.
#include <string>

namespace gofr::tracing {

enum class GoFloat {
  // strconv.FormatFloat(v, 'f', -1, 64): never an exponent ("1000000", "0.0000001"); "NaN", "+Inf", "-Inf".
  strconv_f,
  // fmt.Sprint(v), i.e. %v: 'g' with an exponent below 1e-4 and from 1e6 on ("1e+06", "1e-05", "123456").
  fmt_v,
  // encoding/json: 'f' except below 1e-6 and from 1e21 on, where "1e-07" is written "1e-7". NaN and ±Inf are
  // not JSON numbers: append_go_float returns false for them and appends nothing.
  json,
};

// Appends `value` as Go would for `format`; false only for a non-finite value with GoFloat::json.
bool append_go_float(std::string& out, double value, GoFloat format);

}  // namespace gofr::tracing
