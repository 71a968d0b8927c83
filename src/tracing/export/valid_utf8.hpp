#pragma once
// OTLP's `string` fields must hold valid UTF-8: Google's and Go's protobuf runtimes reject a message (the whole
// export request) with an ill-formed string, and attribute values often carry raw bytes from requests. So the
// protobuf encoder repairs strings the way the JSON encoders do (logging/json_escape.hpp): each byte that does not
// start a well-formed sequence (RFC 3629 §4) becomes U+FFFD.
#include <cstddef>
#include <string>
#include <string_view>

namespace gofr::tracing {

void append_valid_utf8(std::string& out, std::string_view text);

// The length append_valid_utf8 would add, so a length prefix can be written before the text.
std::size_t valid_utf8_size(std::string_view text) noexcept;

}  // namespace gofr::tracing
