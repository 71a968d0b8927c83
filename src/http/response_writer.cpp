#include "gofr/http/response_writer.hpp"

#include <algorithm>

#include <boost/beast/core/string.hpp>

namespace gofr::http {

namespace {
bool same_name(std::string_view a, std::string_view b) { return boost::beast::iequals(a, b); }
}  // namespace

void Response::set_header(std::string_view name, std::string_view value) {
  std::erase_if(headers, [&](const auto& h) { return same_name(h.first, name); });
  headers.emplace_back(name, value);
}

std::string_view Response::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (same_name(n, name)) return v;
  return {};
}

bool Response::has_header(std::string_view name) const noexcept {
  return std::ranges::any_of(headers, [&](const auto& h) { return same_name(h.first, name); });
}

}  // namespace gofr::http
