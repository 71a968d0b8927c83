#include "http/json_writer.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "logging/json_escape.hpp"

namespace gofr::http {

namespace {

void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  logging::append_json_escaped(out, s);
  out.push_back('"');
}

// Go's encoding/json float64 format: the shortest representation that round-trips, in plain decimal for
// 1e-6 <= |v| < 1e21 and in exponent form outside it, with "e-07" shortened to "e-7".
void append_go_float(std::string& out, double v) {
  // JSON has no NaN or infinity; Go's encoder refuses them, we write null rather than fail the response.
  if (!std::isfinite(v)) {
    out.append("null");
    return;
  }
  char buffer[64];
  const double magnitude = std::fabs(v);
  const bool exponent = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v,
                                    exponent ? std::chars_format::scientific : std::chars_format::fixed);
  std::size_t length = static_cast<std::size_t>(result.ptr - buffer);
  if (exponent && length >= 4 && buffer[length - 4] == 'e' && buffer[length - 3] == '-' && buffer[length - 2] == '0') {
    buffer[length - 2] = buffer[length - 1];
    --length;
  }
  out.append(buffer, length);
}

}  // namespace

void append_json(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out.append("null");
      return;
    case boost::json::kind::bool_:
      out.append(value.get_bool() ? "true" : "false");
      return;
    case boost::json::kind::int64:
      fmt::format_to(std::back_inserter(out), "{}", value.get_int64());
      return;
    case boost::json::kind::uint64:
      fmt::format_to(std::back_inserter(out), "{}", value.get_uint64());
      return;
    case boost::json::kind::double_: append_go_float(out, value.get_double()); return;
    case boost::json::kind::string:
      append_string(out, value.get_string());
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, item);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, key);
        out.push_back(':');
        append_json(out, item);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace gofr::http
