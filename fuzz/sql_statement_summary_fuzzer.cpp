// What telemetry says of arbitrary statements, for both dialects: no crash, no read out of bounds, and a text
// without literals never longer than the statement (each literal shrinks to one `?`).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sql/statement_summary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view statement(reinterpret_cast<const char*>(data), size);
  (void)gofr::sql::detail::statement_type(statement);
  for (const auto dialect : {gofr::sql::Dialect::sqlite, gofr::sql::Dialect::postgres}) {
    if (gofr::sql::detail::without_literals(statement, dialect).size() > statement.size()) __builtin_trap();
  }
  return 0;
}
