#include "logging/json_escape.hpp"

#include <array>

#include "logging/line_builder.hpp"
#include "logging/utf8.hpp"

namespace gofr::logging {

namespace {

// The bytes that are not copied as they are: controls, the escaped ASCII, and every non-ASCII byte (checked as
// UTF-8). A table keeps the common run of plain characters to one load and test per byte.
constexpr auto special = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&';
  }
  return table;
}();

}  // namespace

// Escapes as Go's encoding/json does by default, so bodies and log lines read the same as GoFr's: invalid UTF-8
// becomes U+FFFD, and <, >, & and U+2028/U+2029 are escaped so the JSON is safe to embed in HTML and JavaScript.
void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t clean_from = 0;
  std::size_t i = 0;
  const auto flush = [&] { out.append(text.data() + clean_from, i - clean_from); };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!special[c]) {
      ++i;
      continue;
    }
    if (c < 0x80) {
      flush();
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          out.append("\\u00");
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
      }
      clean_from = ++i;
      continue;
    }
    const auto length = utf8_sequence_length(text, i);  // at least 2 here: ASCII was handled above
    if (length == 0) {
      flush();
      out.append("\\ufffd");
      clean_from = ++i;
      continue;
    }
    if (length == 3 && c == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xA8) {
      flush();
      out.append(static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029");
      clean_from = i += 3;
      continue;
    }
    i += length;
  }
  flush();
}

void append_json_escaped(LineBuilder& out, std::string_view text) {
  for (const char c : text) {
    if (special[static_cast<unsigned char>(c)]) {
      append_json_escaped(out.flush(), text);
      return;
    }
  }
  out << text;
}

}  // namespace gofr::logging
