// The placeholder rewriter on arbitrary statements, for both dialects: no crash, no read out of bounds, and only
// gofr::sql::Error for statements it refuses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gofr/sql/types.hpp"
#include "sql/placeholders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view statement(reinterpret_cast<const char*>(data), size);
  for (const auto dialect : {gofr::sql::detail::Dialect::sqlite, gofr::sql::detail::Dialect::postgres}) {
    try {
      const auto out = gofr::sql::detail::rewrite_placeholders(statement, dialect);
      if (out.size() > statement.size() * 6 + 16) __builtin_trap();  // "?" → "$32766" at most
    } catch (const gofr::sql::Error&) {
    }
  }
  return 0;
}
