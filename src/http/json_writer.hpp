#pragma once
// JSON serialisation for response bodies. Boost.JSON 1.81 writes every double in exponent form (1.5 → "1.5E0",
// 0.0 → "0E0"), valid but unlike what Go (and so GoFr) clients see; this writer prints the shortest round-trip
// form instead ("1.5", "0") and is otherwise equivalent to boost::json::serialize.
#include <string>

#include <boost/json/value.hpp>

namespace gofr::http {

void append_json(std::string& out, const boost::json::value& value);

inline std::string to_json(const boost::json::value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

}  // namespace gofr::http
