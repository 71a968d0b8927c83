#pragma once
// The encodings outbound requests need: percent-encoding of query and form components (RFC 3986 unreserved
// characters stay), and base64 for Basic credentials.
#include <string>
#include <string_view>

namespace gofr::service::detail {

void append_percent_encoded(std::string& out, std::string_view text);
std::string base64(std::string_view text);

}  // namespace gofr::service::detail
