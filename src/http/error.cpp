#include "gofr/http/error.hpp"

#include <fmt/format.h>

namespace gofr::http {

std::string InvalidParam::describe(std::string_view what, const std::vector<std::string>& params) {
  return fmt::format("'{}' {} parameter(s): {}", params.size(), what, fmt::join(params, ", "));
}

}  // namespace gofr::http
