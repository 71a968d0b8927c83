#include "sql/libpq.hpp"

namespace gofr::sql::detail {

const Libpq& libpq() {
  return gofr::detail::load_functions<Libpq>("libpq.so.5", "DB_DIALECT=postgres", "libpq5");
}

}  // namespace gofr::sql::detail
