#pragma once
// The SQLite functions the SQLite driver calls, found with dlopen the first time DB_DIALECT=sqlite asks for them
// (ADR 0011), so a service without SQLite never loads it. Calls read libsqlite3().sqlite3_step(...) where they
// would read sqlite3_step(...); the header still gives the types and constants.
#include <sqlite3.h>

#include "core/shared_library.hpp"

namespace gofr::sql::detail {

#define GOFR_SQLITE3_FUNCTIONS(X)  \
  X(sqlite3_bind_blob64)           \
  X(sqlite3_bind_double)           \
  X(sqlite3_bind_int64)            \
  X(sqlite3_bind_null)             \
  X(sqlite3_bind_parameter_count)  \
  X(sqlite3_bind_text64)           \
  X(sqlite3_busy_timeout)          \
  X(sqlite3_changes64)             \
  X(sqlite3_clear_bindings)        \
  X(sqlite3_close_v2)              \
  X(sqlite3_column_blob)           \
  X(sqlite3_column_bytes)          \
  X(sqlite3_column_count)          \
  X(sqlite3_column_double)         \
  X(sqlite3_column_int64)          \
  X(sqlite3_column_name)           \
  X(sqlite3_column_text)           \
  X(sqlite3_column_type)           \
  X(sqlite3_errmsg)                \
  X(sqlite3_errstr)                \
  X(sqlite3_exec)                  \
  X(sqlite3_extended_errcode)      \
  X(sqlite3_extended_result_codes) \
  X(sqlite3_finalize)              \
  X(sqlite3_free)                  \
  X(sqlite3_get_autocommit)        \
  X(sqlite3_last_insert_rowid)     \
  X(sqlite3_open_v2)               \
  X(sqlite3_prepare_v2)            \
  X(sqlite3_reset)                 \
  X(sqlite3_step)                  \
  X(sqlite3_total_changes64)

struct Libsqlite3 {
  GOFR_SQLITE3_FUNCTIONS(GOFR_SHARED_FUNCTION)
  void fill(const gofr::detail::SharedLibrary& library) { GOFR_SQLITE3_FUNCTIONS(GOFR_SHARED_FUNCTION_FILL) }
};

// Loads libsqlite3.so.0 on the first call. Throws config_error naming the library and DB_DIALECT when it cannot.
const Libsqlite3& libsqlite3();

}  // namespace gofr::sql::detail
