#include "sql/libsqlite3.hpp"

namespace gofr::sql::detail {

const Libsqlite3& libsqlite3() {
  return gofr::detail::load_functions<Libsqlite3>("libsqlite3.so.0", "DB_DIALECT=sqlite", "libsqlite3-0");
}

}  // namespace gofr::sql::detail
