#pragma once
// One way to write parameters for every dialect, so that a service moves from SQLite to PostgreSQL by configuration:
// statements may use `?` (in order) or `$1`, `$2` … (by number), and each driver receives its own form. SQLite gets
// `?NNN` for `$NNN` (its `$name` would bind by first appearance, not by number); PostgreSQL gets `$1`, `$2` … for
// `?`, unless the statement already numbers its parameters (then its `?`, `?|` and `?&` are jsonb operators).
// Quoted strings, quoted identifiers, dollar-quoted bodies and comments are copied untouched.
#include <cstddef>
#include <string>
#include <string_view>

#include "gofr/sql/types.hpp"

namespace gofr::sql::detail {

using sql::Dialect;

// The length of the quoted string, quoted identifier, dollar-quoted body or comment that starts at `i`, or 0.
std::size_t quoted_length(std::string_view statement, std::size_t i, Dialect dialect);

// Throws gofr::sql::Error for a statement that mixes `?` and `$n`, or numbers a parameter 0 or above 32766.
std::string rewrite_placeholders(std::string_view statement, Dialect dialect);

}  // namespace gofr::sql::detail
