#include <fmt/format.h>

#include "gofr/sql/types.hpp"

namespace gofr::sql {

const Value& Row::at(std::string_view column) const {
  const auto& names = *columns_;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == column) return values_[i];
  }
  throw std::out_of_range(fmt::format("no column {:?} in the result", column));
}

void Row::mismatch(std::string_view column, std::string_view wanted, const Value& v) {
  static constexpr std::string_view kinds[] = {"NULL", "an integer", "a real", "text", "a blob"};
  throw Error(fmt::format("column {:?} holds {}, not {}", column, kinds[v.index()], wanted), "type_mismatch");
}

void Row::out_of_range(std::string_view column, std::int64_t v, std::size_t bits, bool is_signed) {
  throw Error(fmt::format("column {:?} holds {}, which does not fit a {}-bit {} integer", column, v, bits,
                          is_signed ? "signed" : "unsigned"),
              "out_of_range");
}

}  // namespace gofr::sql
