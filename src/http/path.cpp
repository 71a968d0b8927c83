#include "http/path.hpp"

#include <vector>

namespace gofr::http {

std::string clean_path(std::string_view path) {
  std::string storage;
  const auto clean = clean_path(path, storage);
  return clean.data() == storage.data() ? storage : std::string(clean);
}

std::string_view clean_path(std::string_view path, std::string& storage) {
  // Fast path: already clean (the common case) — no empty, "." or ".." segments and no trailing slash.
  bool clean = !path.empty() && path.front() == '/' && (path.size() == 1 || path.back() != '/');
  for (std::size_t i = 0; clean && i < path.size(); ++i) {
    if (path[i] != '/') continue;
    const auto rest = path.substr(i + 1);
    if (rest.starts_with('/') || rest == "." || rest.starts_with("./") || rest == ".." || rest.starts_with("../")) {
      clean = false;
    }
  }
  if (clean) return path;

  std::vector<std::string_view> segments;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const auto seg = path.substr(pos, slash - pos);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = slash + 1;
  }
  storage.clear();
  storage.reserve(path.size());
  for (auto seg : segments) {
    storage.push_back('/');
    storage.append(seg);
  }
  if (storage.empty()) storage.push_back('/');
  return storage;
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace gofr::http
