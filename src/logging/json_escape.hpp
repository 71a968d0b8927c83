#pragma once
#include <string>
#include <string_view>

namespace gofr::logging {

// Appends `text` escaped for use inside a JSON string (RFC 8259 §7), exactly as Go's encoding/json escapes:
// invalid UTF-8 becomes U+FFFD, and <, >, &, U+2028 and U+2029 are written as \u escapes.
void append_json_escaped(std::string& out, std::string_view text);
// The same into a LineBuilder: text with nothing to escape, nearly all of it in a log line, is copied inline.
class LineBuilder;
void append_json_escaped(LineBuilder& out, std::string_view text);
inline std::string json_escaped(std::string_view text) {
  std::string out;
  append_json_escaped(out, text);
  return out;
}

}  // namespace gofr::logging
