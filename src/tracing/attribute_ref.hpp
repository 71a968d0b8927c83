#pragma once
// Turning an attribute given by reference (AttributeRef, see Span::end) into an owned one, for the places that must
// keep it: a span that already records an attribute of the same key, and the string tags of Zipkin-shaped formats.
#include <string>
#include <type_traits>
#include <variant>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing {

inline AttributeValue owned_value(const AttributeRefValue& value) {
  return std::visit(
      [](const auto& v) -> AttributeValue {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string_view>) {
          return std::string(v);
        } else {
          return v;
        }
      },
      value);
}

}  // namespace gofr::tracing
