#pragma once
#include <string>
#include <string_view>

namespace gofr::http {

// Go's path.Clean on an encoded path, as GoFr applies it before routing: "//" and "/./" collapse, "/x/../"
// is resolved, the trailing slash is dropped, and the result always starts with "/".
std::string clean_path(std::string_view path);
// The same without a copy in the common case: `path` itself when it is clean, else the cleaned path in `storage`.
std::string_view clean_path(std::string_view path, std::string& storage);

// Percent-decodes one path segment or query component; `plus_is_space` for form/query encoding.
// Returns false (and leaves `out` unspecified) on a malformed escape.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace gofr::http
