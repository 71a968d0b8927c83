#include "logging/json_escape.hpp"

namespace gofr::logging {

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  auto clean_from = text.begin();
  for (auto it = text.begin(); it != text.end(); ++it) {
    const auto c = static_cast<unsigned char>(*it);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(clean_from, it);
    clean_from = it + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
  }
  out.append(clean_from, text.end());
}

}  // namespace gofr::logging
