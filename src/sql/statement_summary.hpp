#pragma once
// What telemetry says of a statement: its kind (the type label of app_sql_stats, the span's db.operation) and its
// text with the literal values taken out (db.statement: a span must not carry the data the statement wrote).
#include <string>
#include <string_view>

#include "gofr/sql/types.hpp"

namespace gofr::sql::detail {

// The first keyword, upper-cased: "SELECT", "INSERT", "BEGIN" … ("" for a statement that starts with none).
std::string statement_type(std::string_view statement);

// Quoted strings and numbers replaced by `?`; identifiers, quoted identifiers, parameters and comments kept.
std::string without_literals(std::string_view statement, Dialect dialect);

}  // namespace gofr::sql::detail
