#pragma once
#include <string>
#include <string_view>

namespace gofr::logging {

// Appends `text` escaped for use inside a JSON string (RFC 8259 §7). Invalid UTF-8 is passed through as is:
// the log line stays one line, which is what a log shipper needs.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace gofr::logging
