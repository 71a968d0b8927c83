#include "http/json_writer.hpp"

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
    case boost::json::kind::double_: {
      const double d = value.get_double();
      // JSON has no NaN or infinity; Go's encoder refuses them, we write null rather than fail the response.
      if (!std::isfinite(d)) {
        out.append("null");
      } else {
        fmt::format_to(std::back_inserter(out), "{}", d);
      }
      return;
    }
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
