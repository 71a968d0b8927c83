#pragma once
// The response being built for the current request. Handlers rarely touch it (they return data); middleware
// reads and changes it after `next()` returns, or fills it and skips `next()` to short-circuit.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gofr::http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Replaces every header of that name (case-insensitive).
  void set_header(std::string_view name, std::string_view value);
  void add_header(std::string_view name, std::string_view value) { headers.emplace_back(name, value); }
  // The first value, or "" when absent.
  std::string_view header(std::string_view name) const noexcept;
  bool has_header(std::string_view name) const noexcept;
};

}  // namespace gofr::http
