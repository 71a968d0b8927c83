#pragma once
// ASCII case folding for names and keywords from configuration and protocols (not for user text).
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace gofr::detail {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace gofr::detail
