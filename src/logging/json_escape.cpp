#include "logging/json_escape.hpp"

namespace gofr::logging {

namespace {

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629 §4), or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  const auto in = [](unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; };
  const unsigned b0 = byte(0), b1 = byte(1);
  if (in(b0, 0xC2, 0xDF)) return in(b1, 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    const bool second = b0 == 0xE0 ? in(b1, 0xA0, 0xBF) : b0 == 0xED ? in(b1, 0x80, 0x9F) : in(b1, 0x80, 0xBF);
    return second && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    const bool second = b0 == 0xF0 ? in(b1, 0x90, 0xBF) : b0 == 0xF4 ? in(b1, 0x80, 0x8F) : in(b1, 0x80, 0xBF);
    return second && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

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
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        ++i;
        continue;
      }
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
    const auto length = utf8_sequence_length(text, i);
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

}  // namespace gofr::logging
